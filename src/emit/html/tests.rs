//! The page's structure and escaping, from reports built in memory.

use std::time::{Duration, UNIX_EPOCH};

use super::escape::{unscript_json, Escaped};
use super::*;
use crate::emit::json;
use crate::report::{FilingReport, Finding, Severity};
use crate::rules::find;

fn rule(code: &str) -> &'static crate::rules::Rule {
    find(code).unwrap_or_else(|| panic!("{code} is registered"))
}

fn finding(code: &str, message: &str) -> Finding {
    let mut finding = Finding::new(rule(code), message);
    finding.file = Some("filings/acme/DMH-3.csv".into());
    finding.line = Some(7);
    finding.schedule = Some(crate::model::ScheduleKind::Dmh3);
    finding
}

fn render(report: &Report, options: &EmitOptions) -> String {
    let mut out = Vec::new();
    emit(report, options, &mut out).expect("in memory");
    String::from_utf8(out).expect("UTF-8")
}

fn embedded_json(page: &str) -> String {
    let open = r#"<script type="application/json" id="cfrcheck-report">"#;
    let start = page.find(open).expect("the report block") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    unscript_json(&page[start..end])
}

fn hostile_report() -> Report {
    let mut script = finding("FS002", "</script><script>alert(1)</script>");
    script.program_code = Some("<script>alert(1)</script>".into());
    script.program_index = Some("\"A\" & 'B'".into());
    script.value = Some("<!--<script>".into());
    let plain = finding("IN010", "empty").severity(Severity::Warning);
    Report {
        filings: vec![
            FilingReport {
                path: "filings/<b>acme</b>".into(),
                agency_code: Some("12345".into()),
                period_start: Some("2009-01-01".into()),
                period_end: Some("2009-12-31".into()),
                schedules: vec![crate::model::ScheduleKind::Cfr1],
                findings: vec![script, plain],
                ..FilingReport::default()
            },
            FilingReport {
                path: "filings/clean".into(),
                ..FilingReport::default()
            },
        ],
    }
}

#[test]
fn embeds_the_json_report_byte_for_byte() {
    let report = hostile_report();
    let mut expected = Vec::new();
    json::emit(&report, &mut expected).expect("in memory");
    let expected = String::from_utf8(expected).expect("UTF-8");
    let page = render(&report, &EmitOptions::default());
    assert_eq!(embedded_json(&page), expected);
}

#[test]
fn input_text_never_becomes_markup() {
    let page = render(&hostile_report(), &EmitOptions::default());
    // Only our own two scripts end; outside the JSON (where `<script` is
    // inert text, since neither `</` nor `<!` can occur) none is opened.
    assert_eq!(page.to_ascii_lowercase().matches("</script").count(), 2);
    let json_block = page
        .find(r#"<script type="application/json""#)
        .expect("block");
    let markup = &page[..json_block];
    assert!(!markup.to_ascii_lowercase().contains("<script"));
    assert!(!markup.contains("<b>acme"));
    assert!(page.contains("filings/&lt;b&gt;acme&lt;/b&gt;"));
    assert!(page.contains(
        "<td>&lt;script&gt;alert(1)&lt;/script&gt; &quot;A&quot; &amp; &#39;B&#39;</td>"
    ));
    assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;!--&lt;script&gt;"));
}

#[test]
fn a_row_per_finding_with_its_data_attributes() {
    let page = render(&hostile_report(), &EmitOptions::default());
    assert_eq!(page.matches("<tr data-code=").count(), 2);
    assert!(page.contains(r#"<tr data-code="FS002" data-severity="error" data-schedule="DMH-3">"#));
    assert!(
        page.contains(r#"<tr data-code="IN010" data-severity="warning" data-schedule="DMH-3">"#)
    );
    // The rule links to its explanation, the text of `cfrcheck explain`.
    assert!(page.contains(r##"<a class="rule-link" href="#rule-FS002">FS002</a>"##));
    let explanation = r#"<article class="rule" id="rule-FS002" data-code="FS002">"#;
    let at = page.find(explanation).expect("FS002 is explained");
    let pre = &page[at..];
    let start = pre.find(r#"<pre class="explanation">"#).expect("its text")
        + r#"<pre class="explanation">"#.len();
    let end = pre[start..].find("</pre>").expect("its end") + start;
    assert_eq!(
        pre[start..end],
        Escaped(&rule("FS002").explain()).to_string()
    );
    assert!(
        !page.contains(r#"id="rule-IN001""#),
        "only rules that occur"
    );
    // Semantic headers, and the clean filing in the collapsible list.
    assert_eq!(page.matches(r#"<th scope="col" data-key="#).count(), 8);
    assert!(page.contains(r#"<tr id="filing-2"><th scope="row">filings/clean</th>"#));
    // The missing schedules are named, the required ones marked.
    assert!(page.contains(r#"<strong class="missing">DMH-1</strong>"#));
    assert!(page.contains("CBR (optional)"));
}

#[test]
fn a_finding_in_a_workbook_is_placed_by_sheet_and_cell() {
    // The JSON gains `sheet` and `cell` for workbooks; a sheet name may hold quotes.
    let json = r#"{"tool":"cfrcheck","version":"0","summary":{"filings":1,"files":1,"records":1,"errors":1,"warnings":0,"infos":0},
      "filings":[{"path":"f","agency_code":null,"period_start":null,"period_end":null,"schedules":[],
      "findings":[{"code":"FS002","name":"n","severity":"error","message":"m","schedule":"DMH-3","file":"f/book.xlsx",
      "line":7,"column":"fund_source","sheet":"Q1 \"final\" 'v2'","cell":"F7","program_code":null,"program_index":null,"value":null}]}]}"#;
    let view: ReportView = serde_json::from_str(json).expect("a report");
    let mut page = String::new();
    tables::filings(&mut page, &view).expect("in memory");
    assert!(
        page.contains(
            r#"<td class="where" title="f/book.xlsx">[Q1 &quot;final&quot; &#39;v2&#39;]!F7</td>"#
        ),
        "{page}"
    );
    // Without the keys (CSV input in older reports) the file is the place.
    let csv = json.replace(r#""sheet":"Q1 \"final\" 'v2'","cell":"F7","#, "");
    let view: ReportView = serde_json::from_str(&csv).expect("a report");
    assert_eq!(view.filings[0].findings[0].place(), "book.xlsx");
}

#[test]
fn the_first_page_of_a_large_table_is_rendered_and_the_rest_left_to_the_script() {
    let findings = (0..tables::PAGE_ROWS as u64 + 50)
        .map(|line| finding("IN010", "empty").at_line(line + 2))
        .collect();
    let report = Report {
        filings: vec![FilingReport {
            path: "filings/big".into(),
            findings,
            ..FilingReport::default()
        }],
    };
    let page = render(&report, &EmitOptions::default());
    assert_eq!(page.matches("<tr data-code=").count(), tables::PAGE_ROWS);
    assert!(page.contains("100 of 150 findings are listed here"));
    // No per-row style: the size of a row is its data.
    assert!(!page.contains(" style="));
}

#[test]
fn the_header_says_when_the_check_ran_in_utc() {
    let options = EmitOptions {
        run_at: Some(UNIX_EPOCH + Duration::from_secs(1_262_303_999)),
        ..EmitOptions::default()
    };
    let page = render(&hostile_report(), &options);
    assert!(page.contains(r#"<time datetime="2009-12-31T23:59:59Z">2009-12-31 23:59 UTC</time>"#));
    assert_eq!(utc(UNIX_EPOCH).0, "1970-01-01T00:00:00Z");
    assert_eq!(
        utc(UNIX_EPOCH + Duration::from_secs(951_782_400)).0,
        "2000-02-29T00:00:00Z"
    );
    let without_clock = render(&hostile_report(), &EmitOptions::default());
    assert!(!without_clock.contains("<time"));
}
