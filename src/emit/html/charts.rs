//! Charts drawn as inline SVG from the report: findings by rule family, the
//! worst filings, and for a batch a grid of every filing by its worst
//! severity. Severity is never told by colour alone: bars are solid,
//! striped or dotted, grid cells carry a glyph, and every mark has a text
//! label or a `<title>`. Colours, patterns and glyphs are defined once
//! ([`DEFS`]) and set by class in style.css.

use std::fmt::{self, Write};

use super::escape::Escaped;
use super::tables::filing_id;
use super::view::{file_name, Counts, FilingView, ReportView, SEVERITIES};
use crate::report::thousands;
use crate::rules::Family;

/// Worst filings drawn in the bar chart.
const WORST_FILINGS: usize = 20;
/// Cells per row of the filings grid.
const GRID_COLUMNS: usize = 40;
const GRID_CELL: usize = 22;

const WIDTH: usize = 820;
const LABEL_WIDTH: usize = 330;
const BAR_WIDTH: usize = 260;
const ROW_HEIGHT: usize = 24;

/// Patterns for the bars and glyphs for the grid cells, referenced by id
/// from every chart (and from CSS).
pub const DEFS: &str = r##"<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>
<pattern id="p-warning" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="fill-warning"/><rect width="2" height="6" fill="#fff" fill-opacity=".55"/></pattern>
<pattern id="p-info" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-info"/><circle cx="3" cy="3" r="1.3" fill="#fff" fill-opacity=".7"/></pattern>
<symbol id="g-error" viewBox="0 0 16 16"><path d="M4.5 4.5l7 7m0-7l-7 7" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/></symbol>
<symbol id="g-warning" viewBox="0 0 16 16"><path d="M8 3.5v6" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/><circle cx="8" cy="12.4" r="1.3" fill="#fff"/></symbol>
<symbol id="g-info" viewBox="0 0 16 16"><circle cx="8" cy="3.9" r="1.3" fill="#fff"/><path d="M8 7v5.5" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/></symbol>
<symbol id="g-clean" viewBox="0 0 16 16"><path d="M4 8.5l3 3 5-6.5" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></symbol>
</defs></svg>"##;

pub fn charts(page: &mut String, view: &ReportView) -> fmt::Result {
    writeln!(
        page,
        r#"<section id="charts" class="charts" aria-labelledby="charts-title"><h2 id="charts-title" class="visually-hidden">Charts</h2>"#
    )?;
    if view
        .filings
        .iter()
        .any(|filing| !filing.findings.is_empty())
    {
        legend(page)?;
        by_family(page, view)?;
        worst_filings(page, view)?;
    }
    if view.filings.len() > 1 {
        grid(page, view)?;
    }
    writeln!(page, "</section>")
}

fn legend(page: &mut String) -> fmt::Result {
    page.push_str(r#"<p class="legend" aria-hidden="true">"#);
    for severity in SEVERITIES {
        write!(
            page,
            r#"<span><svg width="28" height="12"><rect width="28" height="12" class="bar-{severity}"/></svg> {severity}s</span>"#
        )?;
    }
    writeln!(page, "</p>")
}

/// Findings per rule family, most first.
fn by_family(page: &mut String, view: &ReportView) -> fmt::Result {
    let mut families: Vec<(Family, Counts)> = Vec::new();
    for finding in view.filings.iter().flat_map(|filing| &filing.findings) {
        let Some(rule) = crate::rules::find(&finding.code) else {
            continue;
        };
        let family = rule.family();
        let slot = super::view::severity_slot(&finding.severity);
        match families.iter_mut().find(|(known, _)| *known == family) {
            Some((_, counts)) => counts[slot] += 1,
            None => {
                let mut counts = [0; 3];
                counts[slot] = 1;
                families.push((family, counts));
            }
        }
    }
    let catalogue_order = |family: &Family| Family::ALL.iter().position(|known| known == family);
    families.sort_by_key(|(family, counts)| {
        (
            std::cmp::Reverse(counts.iter().sum::<usize>()),
            catalogue_order(family),
        )
    });
    let rows: Vec<Bar> = families
        .iter()
        .map(|(family, counts)| Bar {
            label: format!("{} · {}", family.prefix(), family.title()),
            link: None,
            counts: *counts,
        })
        .collect();
    bar_chart(page, "chart-families", "Findings by rule family", &rows)
}

/// The filings with the most errors, then warnings.
fn worst_filings(page: &mut String, view: &ReportView) -> fmt::Result {
    let mut filings: Vec<(usize, &FilingView, Counts)> = view
        .filings
        .iter()
        .enumerate()
        .filter(|(_, filing)| !filing.findings.is_empty())
        .map(|(index, filing)| (index, filing, filing.counts()))
        .collect();
    filings.sort_by(|a, b| {
        (b.2[0], b.2[1], b.2[2])
            .cmp(&(a.2[0], a.2[1], a.2[2]))
            .then_with(|| a.1.path.cmp(&b.1.path))
    });
    let rows: Vec<Bar> = filings
        .iter()
        .take(WORST_FILINGS)
        .map(|(index, filing, counts)| Bar {
            label: match &filing.agency_code {
                Some(agency) => format!("{} ({agency})", file_name(&filing.path)),
                None => file_name(&filing.path).to_string(),
            },
            link: Some(filing_id(*index)),
            counts: *counts,
        })
        .collect();
    let title = if filings.len() > WORST_FILINGS {
        format!(
            "The {WORST_FILINGS} worst of {} filings with findings",
            thousands(filings.len())
        )
    } else {
        "Findings by filing, worst first".to_string()
    };
    bar_chart(page, "chart-filings", &title, &rows)
}

struct Bar {
    label: String,
    link: Option<String>,
    counts: Counts,
}

/// Horizontal bars stacked by severity, a text label on each side.
fn bar_chart(page: &mut String, id: &str, title: &str, rows: &[Bar]) -> fmt::Result {
    let most = rows
        .iter()
        .map(|row| row.counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = rows.len() * ROW_HEIGHT + 8;
    writeln!(
        page,
        r#"<figure class="chart" aria-labelledby="{id}-title"><figcaption id="{id}-title">{}</figcaption><svg class="bars" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">"#,
        Escaped(title)
    )?;
    for (at, row) in rows.iter().enumerate() {
        let y = at * ROW_HEIGHT + 4;
        let text_y = y + ROW_HEIGHT / 2 + 4;
        let total: usize = row.counts.iter().sum();
        let description = describe(row.counts);
        if let Some(link) = &row.link {
            write!(page, r##"<a href="#{link}">"##)?;
        }
        write!(
            page,
            r#"<g><title>{}: {description}</title><text x="{}" y="{text_y}" class="label" text-anchor="end">{}</text>"#,
            Escaped(&row.label),
            LABEL_WIDTH - 8,
            Escaped(&clip_label(&row.label)),
        )?;
        let mut x = LABEL_WIDTH as f64;
        for (severity, count) in SEVERITIES.into_iter().zip(row.counts) {
            if count == 0 {
                continue;
            }
            // Every non-zero count stays visible, however small beside the largest.
            let width = (count as f64 / most as f64 * BAR_WIDTH as f64).max(3.0);
            write!(
                page,
                r#"<rect x="{x:.1}" y="{}" width="{width:.1}" height="{}" class="bar-{severity}"/>"#,
                y + 3,
                ROW_HEIGHT - 8
            )?;
            x += width;
        }
        write!(
            page,
            r#"<text x="{:.1}" y="{text_y}" class="value-label">{} · {description}</text></g>"#,
            x + 6.0,
            thousands(total)
        )?;
        if row.link.is_some() {
            page.push_str("</a>");
        }
        page.push('\n');
    }
    writeln!(page, "</svg></figure>")
}

/// Every filing of a batch as a square, by its worst severity.
fn grid(page: &mut String, view: &ReportView) -> fmt::Result {
    let columns = view.filings.len().min(GRID_COLUMNS);
    let rows = view.filings.len().div_ceil(columns);
    let (width, height) = (columns * GRID_CELL, rows * GRID_CELL);
    writeln!(
        page,
        r#"<figure class="chart" aria-labelledby="chart-grid-title"><figcaption id="chart-grid-title">Every filing by its worst finding ({} filings)</figcaption><svg class="grid" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#,
        thousands(view.filings.len())
    )?;
    for (index, filing) in view.filings.iter().enumerate() {
        let (x, y) = ((index % columns) * GRID_CELL, (index / columns) * GRID_CELL);
        let worst = filing.worst().unwrap_or("clean");
        let size = GRID_CELL - 2;
        writeln!(
            page,
            r##"<a href="#{}"><title>{}: {}</title><rect x="{x}" y="{y}" width="{size}" height="{size}" rx="2" class="cell-{worst}"/><use href="#g-{worst}" x="{x}" y="{y}" width="{size}" height="{size}"/></a>"##,
            filing_id(index),
            Escaped(&filing.path),
            describe(filing.counts()),
        )?;
    }
    writeln!(page, "</svg>")?;
    page.push_str(r#"<p class="legend grid-legend" aria-hidden="true">"#);
    for (worst, label) in [
        ("error", "has errors"),
        ("warning", "warnings, no errors"),
        ("info", "infos only"),
        ("clean", "clean"),
    ] {
        write!(
            page,
            r##"<span><svg width="16" height="16"><rect width="16" height="16" rx="2" class="cell-{worst}"/><use href="#g-{worst}" width="16" height="16"/></svg> {label}</span>"##
        )?;
    }
    writeln!(page, "</p></figure>")
}

/// `2 errors, 1 warning` (the counts that are not zero), or `no findings`.
fn describe(counts: Counts) -> String {
    let parts: Vec<String> = SEVERITIES
        .into_iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(severity, count)| {
            let plural = if count == 1 { "" } else { "s" };
            format!("{} {severity}{plural}", thousands(count))
        })
        .collect();
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

/// Labels longer than the label column are shortened; the `<title>` has them whole.
fn clip_label(label: &str) -> String {
    const MOST: usize = 48;
    if label.chars().count() <= MOST {
        label.to_string()
    } else {
        let kept: String = label.chars().take(MOST - 1).collect();
        format!("{kept}…")
    }
}
