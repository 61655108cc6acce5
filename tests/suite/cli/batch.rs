//! A folder of filings checked at once: discovery order, each filing's
//! findings, and the text summary across filings, worst first.

use super::{check, copy_folder, findings, json, path_text, root};

#[test]
fn a_batch_reports_clean_faulty_and_unreadable_filings() {
    let folder = tempfile::tempdir().expect("temp dir");
    let batch = folder.path().join("filings");
    copy_folder(
        &root().join("fixtures/filings/acme-2009"),
        &batch.join("acme-2009"),
    );
    copy_folder(
        &root().join("fixtures/filings/faulty-riverside-2009"),
        &batch.join("riverside-2009"),
    );
    copy_folder(
        &root().join("tests/data/garbled-2009"),
        &batch.join("garbled-2009"),
    );

    let result = check(&["--format", "json", path_text(&batch)]);
    assert_eq!(result.status, 1, "{}", result.stderr);
    let report = json(&result.stdout);
    let paths: Vec<&str> = report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .map(|filing| filing["path"].as_str().unwrap_or_default())
        .collect();
    let expected: Vec<String> = ["acme-2009", "garbled-2009", "riverside-2009"]
        .iter()
        .map(|name| batch.join(name).display().to_string())
        .collect();
    assert_eq!(paths, expected, "sorted discovery order");
    let of = |name: &str| -> Vec<String> {
        findings(&report)
            .into_iter()
            .filter(|(path, _)| path.ends_with(name))
            .map(|(_, finding)| {
                format!(
                    "{} {}",
                    finding["code"].as_str().unwrap_or_default(),
                    finding["severity"]
                )
            })
            .collect()
    };
    assert!(of("acme-2009").is_empty(), "{:?}", of("acme-2009"));
    assert!(
        of("garbled-2009").contains(&"IN001 \"error\"".to_string()),
        "{:?}",
        of("garbled-2009")
    );
    assert!(of("riverside-2009")
        .iter()
        .any(|finding| finding.ends_with("\"error\"")));

    // Text: each filing, then the summary across filings, worst first, then the totals.
    let text = check(&[path_text(&batch)]);
    assert_eq!(text.status, 1);
    let out = &text.stdout;
    let summary_at = out.find("Summary across filings").expect("batch summary");
    for name in ["acme-2009", "garbled-2009", "riverside-2009"] {
        let heading = out.find(name).expect("filing reported");
        assert!(heading < summary_at, "{name} reported before the summary");
    }
    let rows: Vec<(String, usize, usize)> = out[summary_at..]
        .lines()
        .filter(|line| line.contains("-2009"))
        .map(|line| {
            let cells: Vec<&str> = line
                .split(['│', '┆'])
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .collect();
            let number = |index: usize| {
                cells
                    .get(index)
                    .and_then(|cell| cell.parse().ok())
                    .unwrap_or(usize::MAX)
            };
            (
                cells[0].to_string(),
                number(cells.len() - 3),
                number(cells.len() - 2),
            )
        })
        .collect();
    assert_eq!(rows.len(), 3, "{out}");
    for pair in rows.windows(2) {
        assert!(
            (pair[0].1, pair[0].2) >= (pair[1].1, pair[1].2),
            "worst first: {rows:?}"
        );
    }
    assert!(
        rows[2].0.ends_with("acme-2009"),
        "the clean filing last: {rows:?}"
    );
    let last = out
        .lines()
        .rev()
        .find(|line| line.contains("checked"))
        .expect("totals line");
    assert!(last.starts_with("3 filings checked"), "{last}");
    assert!(out.trim_end().ends_with("how to fix it."), "{out}");
}
