// The interactive part of the --format html report. Everything it shows
// comes from the embedded JSON report (script#cfrcheck-report): it filters
// by severity, rule or family, schedule and text; sorts by any column;
// pages every findings table (tables far down the page are drawn when they
// come near the screen, so 100,000 findings stay quick); shows a rule's
// explanation beside the finding; and draws every matching row for print.
// Rows are built with DOM calls and textContent only, never from HTML
// strings, so no value of the report can become markup.
(function () {
  "use strict";

  const report = JSON.parse(document.getElementById("cfrcheck-report").textContent);
  const main = document.getElementById("report");
  const form = document.getElementById("controls");
  const PAGE_ROWS = Number(main.dataset.pageRows) || 100;
  // Rows drawn at once; tables past them are drawn when scrolled near.
  const EAGER_ROWS = 1500;
  const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

  // The same texts as the Rust side (src/emit/html/view.rs).
  function fileName(path) {
    const parts = path.replace(/[/\\]+$/, "").split(/[/\\]/);
    return parts[parts.length - 1];
  }
  function place(finding) {
    if (finding.sheet != null) {
      return finding.cell != null ? "[" + finding.sheet + "]!" + finding.cell : "[" + finding.sheet + "]";
    }
    return finding.file != null ? fileName(finding.file) : "(filing)";
  }
  function program(finding) {
    if (finding.program_code == null) return "";
    return finding.program_index ? finding.program_code + " " + finding.program_index : finding.program_code;
  }

  const SORT_KEYS = {
    severity: (f) => SEVERITY_ORDER[f.severity] ?? 3,
    code: (f) => f.code,
    place: (f) => place(f).toLowerCase(),
    line: (f) => (f.line == null ? Infinity : f.line),
    column: (f) => f.column || "",
    program: (f) => program(f),
    message: (f) => f.message.toLowerCase(),
    value: (f) => (f.value || "").toLowerCase(),
  };

  const searchTexts = new WeakMap();
  function searchText(finding) {
    let text = searchTexts.get(finding);
    if (text === undefined) {
      text = [finding.code, finding.name, finding.severity, finding.message, finding.schedule,
        finding.file, finding.sheet, finding.cell, finding.line, finding.column, program(finding),
        finding.value].filter((part) => part != null).join("\n").toLowerCase();
      searchTexts.set(finding, text);
    }
    return text;
  }

  const state = {
    severities: new Set(["error", "warning", "info"]),
    rule: "",
    schedule: "*",
    terms: [],
    sortKey: null,
    descending: false,
    printing: false,
  };
  function filtered() {
    return state.severities.size < 3 || state.rule !== "" || state.schedule !== "*" || state.terms.length > 0;
  }
  function matches(finding) {
    return state.severities.has(finding.severity)
      // A family prefix (FS) or a whole code (FS002): both start the code.
      && finding.code.startsWith(state.rule)
      && (state.schedule === "*" || (finding.schedule || "") === state.schedule)
      && state.terms.every((term) => searchText(finding).includes(term));
  }

  // One entry per filing section the page has (clean filings have none).
  const tables = [];
  for (const section of main.querySelectorAll("section.filing[data-filing]")) {
    const filing = report.filings[Number(section.dataset.filing)];
    if (!filing) continue;
    tables.push({
      section,
      filing,
      tbody: section.querySelector("tbody"),
      pager: section.querySelector(".pager"),
      matching: filing.findings,
      page: 0,
      controls: null,
    });
  }
  const findingOfRow = new WeakMap();

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null && text !== "") node.textContent = String(text);
    return node;
  }

  // The row of tables.rs `finding_row`, from the JSON.
  function row(finding) {
    const tr = document.createElement("tr");
    tr.dataset.code = finding.code;
    tr.dataset.severity = finding.severity;
    tr.dataset.schedule = finding.schedule || "";
    const severity = element("td");
    severity.append(element("span", "sev sev-" + finding.severity, finding.severity));
    const rule = element("td");
    const link = element("a", "rule-link", finding.code);
    link.href = "#rule-" + finding.code;
    rule.append(link, " ", element("span", "rule-name", finding.name));
    const where = element("td", "where", place(finding));
    if (finding.file != null) where.title = finding.file;
    tr.append(severity, rule, where,
      element("td", "num", finding.line),
      element("td", "", finding.column),
      element("td", "", program(finding)),
      element("td", "", finding.message),
      element("td", "value", finding.value));
    findingOfRow.set(tr, finding);
    return tr;
  }

  function pageCount(table) {
    return Math.max(1, Math.ceil(table.matching.length / PAGE_ROWS));
  }
  function visibleRows(table) {
    if (state.printing) return table.matching;
    const start = table.page * PAGE_ROWS;
    return table.matching.slice(start, start + PAGE_ROWS);
  }

  function draw(table) {
    const fragment = document.createDocumentFragment();
    for (const finding of visibleRows(table)) fragment.append(row(finding));
    table.tbody.replaceChildren(fragment);
    drawPager(table);
  }
  function drawPlaceholder(table) {
    const tr = element("tr", "placeholder");
    const td = element("td", "", table.matching.length.toLocaleString("en-US") + " findings, shown when this part of the page is on screen");
    td.colSpan = 8;
    tr.append(td);
    table.tbody.replaceChildren(tr);
    table.pager.hidden = true;
  }

  function drawPager(table) {
    const pages = pageCount(table);
    if (state.printing || pages <= 1) {
      table.pager.hidden = true;
      return;
    }
    if (!table.controls) {
      const button = (label, name, target) => {
        const node = element("button", "", label);
        node.type = "button";
        node.setAttribute("aria-label", name);
        node.addEventListener("click", () => goTo(table, target()));
        return node;
      };
      const name = table.filing.path;
      table.controls = {
        first: button("\u00ab First", "First page of the findings of " + name, () => 0),
        previous: button("\u2039 Previous", "Previous page of the findings of " + name, () => table.page - 1),
        status: element("span", "page-status"),
        next: button("Next \u203a", "Next page of the findings of " + name, () => table.page + 1),
        last: button("Last \u00bb", "Last page of the findings of " + name, () => pageCount(table) - 1),
      };
      table.pager.setAttribute("role", "navigation");
      table.pager.setAttribute("aria-label", "Pages of the findings of " + name);
      const c = table.controls;
      table.pager.append(c.first, c.previous, c.status, c.next, c.last);
    }
    const c = table.controls;
    const from = table.page * PAGE_ROWS + 1;
    const to = Math.min(table.matching.length, from + PAGE_ROWS - 1);
    c.status.textContent = "Page " + (table.page + 1).toLocaleString("en-US") + " of " + pages.toLocaleString("en-US")
      + ": findings " + from.toLocaleString("en-US") + "\u2013" + to.toLocaleString("en-US")
      + " of " + table.matching.length.toLocaleString("en-US");
    c.first.disabled = c.previous.disabled = table.page === 0;
    c.next.disabled = c.last.disabled = table.page >= pages - 1;
    table.pager.hidden = false;
  }

  function goTo(table, page) {
    const focused = document.activeElement;
    table.page = Math.min(Math.max(0, page), pageCount(table) - 1);
    draw(table);
    // A button that became disabled cannot keep the focus: give it to the
    // page status. (Chromium moves the focus of a disabled button to the
    // page body at once, so it is the button focused before that is asked.)
    if (focused && focused.disabled) {
      table.controls.status.tabIndex = -1;
      table.controls.status.focus();
    }
  }

  const waiting = new Map();
  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const table = waiting.get(entry.target);
        if (!entry.isIntersecting || !table) continue;
        waiting.delete(entry.target);
        observer.unobserve(entry.target);
        draw(table);
      }
    }, { rootMargin: "1500px 0px" })
    : null;

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sorted(findings) {
    if (!state.sortKey) return findings;
    const key = SORT_KEYS[state.sortKey];
    const keyed = findings.map((finding, at) => ({ finding, at, key: key(finding) }));
    const direction = state.descending ? -1 : 1;
    keyed.sort((a, b) => direction * compare(a.key, b.key) || a.at - b.at);
    return keyed.map((entry) => entry.finding);
  }

  // Applies the filters and the sort order to every table and draws them.
  function refresh(keepPages) {
    if (observer) observer.disconnect();
    waiting.clear();
    let budget = EAGER_ROWS;
    let shownFindings = 0;
    let shownFilings = 0;
    for (const table of tables) {
      table.matching = sorted(table.filing.findings.filter(matches));
      if (!keepPages) table.page = 0;
      table.page = Math.min(table.page, pageCount(table) - 1);
      table.section.hidden = filtered() && table.matching.length === 0;
      if (table.section.hidden) {
        table.tbody.replaceChildren();
        continue;
      }
      shownFindings += table.matching.length;
      shownFilings += 1;
      if (state.printing || !observer || budget > 0) {
        draw(table);
        budget -= visibleRows(table).length;
      } else {
        drawPlaceholder(table);
        waiting.set(table.section, table);
        observer.observe(table.section);
      }
    }
    describe(shownFindings, shownFilings);
  }

  const total = report.filings.reduce((sum, filing) => sum + filing.findings.length, 0);
  const status = document.getElementById("filter-status");
  const printNote = document.getElementById("print-note");
  function describe(findings, filings) {
    const n = (count) => count.toLocaleString("en-US");
    const noun = (count, word) => n(count) + " " + word + (count === 1 ? "" : "s");
    if (!status) return;
    if (!filtered()) {
      status.textContent = "Showing all " + noun(findings, "finding") + " in " + noun(filings, "filing") + ".";
    } else {
      status.textContent = "Showing " + n(findings) + " of " + noun(total, "finding") + " (" + noun(filings, "filing") + ") that match " + filterWords() + ".";
    }
    if (printNote) {
      printNote.hidden = !filtered();
      printNote.textContent = filtered()
        ? "Printed with filters: " + filterWords() + ". " + n(findings) + " of " + noun(total, "finding") + " are listed; clear the filters to print every finding."
        : "";
    }
  }
  function filterWords() {
    const words = [];
    if (state.severities.size < 3) words.push("severity " + [...state.severities].join(", "));
    if (state.rule) words.push("rule " + state.rule);
    if (state.schedule !== "*") words.push("schedule " + (state.schedule || "whole filing"));
    if (state.terms.length) words.push("search \u201c" + state.terms.join(" ") + "\u201d");
    return words.join("; ");
  }

  // ---- controls -----------------------------------------------------------
  // Reads the controls and redraws when they say something new: leaving the
  // search box fires "change" too, and redrawing then would take the focus
  // from the row the reader moved to.
  let applied = "";
  function applyControls() {
    state.severities = new Set([...form.querySelectorAll("input[name=severity]:checked")].map((box) => box.value));
    state.rule = document.getElementById("filter-rule").value;
    state.schedule = document.getElementById("filter-schedule").value;
    state.terms = document.getElementById("filter-search").value.toLowerCase().split(/\s+/).filter(Boolean);
    const signature = JSON.stringify([[...state.severities], state.rule, state.schedule, state.terms]);
    if (signature === applied) return;
    applied = signature;
    refresh(false);
  }
  if (form) {
    form.hidden = false;
    let typing = null;
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", applyControls);
    form.addEventListener("input", (event) => {
      if (event.target.type !== "search") return;
      clearTimeout(typing);
      // Wait for a pause in typing: each refresh filters every finding.
      typing = setTimeout(applyControls, total > 20000 ? 250 : 80);
    });
    // The form's fields hold their reset values only after the event.
    form.addEventListener("reset", () => setTimeout(applyControls));
    document.addEventListener("keydown", (event) => {
      const typingInField = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
      if (event.key === "/" && !typingInField && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        document.getElementById("filter-search").focus();
      }
    });
  }

  // Column headers sort every table: ascending, descending, then report order.
  const headers = [...main.querySelectorAll("table.findings th[data-key]")];
  for (const th of headers) {
    const button = element("button", "sort", th.textContent);
    button.type = "button";
    button.addEventListener("click", () => {
      const key = th.dataset.key;
      if (state.sortKey !== key) {
        state.sortKey = key;
        state.descending = false;
      } else if (!state.descending) {
        state.descending = true;
      } else {
        state.sortKey = null;
      }
      for (const other of headers) {
        if (state.sortKey && other.dataset.key === state.sortKey) {
          other.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
        } else {
          other.removeAttribute("aria-sort");
        }
      }
      refresh(false);
    });
    th.replaceChildren(button);
  }

  // ---- the explanation beside a finding -----------------------------------
  const panel = document.getElementById("explanation");
  let opener = null;
  let selected = null;
  function openExplanation(link) {
    const tr = link.closest("tr");
    const code = tr ? tr.dataset.code : link.hash.replace(/^#rule-/, "");
    const article = document.getElementById("rule-" + code);
    if (!article) return false;
    panel.querySelector("#explanation-title").textContent = article.querySelector("h3").textContent;
    panel.querySelector(".panel-text").textContent = article.querySelector("pre.explanation").textContent;
    const finding = tr && findingOfRow.get(tr);
    const note = panel.querySelector(".panel-finding");
    note.hidden = !finding;
    if (finding) {
      note.textContent = place(finding) + (finding.line != null ? ", line " + finding.line : "")
        + (finding.column ? ", " + finding.column : "") + ": " + finding.message;
    }
    if (selected) selected.classList.remove("selected");
    selected = tr;
    if (tr) tr.classList.add("selected");
    opener = link;
    panel.hidden = false;
    document.body.classList.add("panel-open");
    panel.focus();
    // The page narrowed for the panel: keep the finding in sight beside it.
    if (tr) tr.scrollIntoView({ block: "center" });
    return true;
  }
  function closeExplanation() {
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (selected) selected.classList.remove("selected");
    selected = null;
    if (opener && opener.isConnected) opener.focus();
  }
  main.addEventListener("click", (event) => {
    const link = event.target.closest("a.rule-link");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (openExplanation(link)) event.preventDefault();
  });
  panel.querySelector(".panel-close").addEventListener("click", closeExplanation);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeExplanation();
  });

  // ---- links into collapsed clean filings, and print ------------------------
  const clean = document.getElementById("clean-filings");
  function revealTarget() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (clean && target && clean.contains(target) && !clean.open) {
      clean.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", revealTarget);

  let cleanWasOpen = clean ? clean.open : false;
  function setPrinting(printing) {
    if (state.printing === printing) return;
    state.printing = printing;
    if (clean) {
      if (printing) {
        cleanWasOpen = clean.open;
        clean.open = true;
      } else {
        clean.open = cleanWasOpen;
      }
    }
    refresh(true);
  }
  window.addEventListener("beforeprint", () => setPrinting(true));
  window.addEventListener("afterprint", () => setPrinting(false));
  // Print previews that emulate print media without the print events.
  window.matchMedia("print").addEventListener("change", (event) => setPrinting(event.matches));

  for (const note of main.querySelectorAll(".static-note")) note.hidden = true;
  if (form) {
    applyControls();
  } else {
    refresh(false);
  }
  revealTarget();
  // For the benchmark and anyone profiling: when the page was ready.
  performance.mark("cfrcheck-rendered");
}());
