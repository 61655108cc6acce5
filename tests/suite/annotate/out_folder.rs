//! Where the copies go: never over the original or any input being
//! checked, and one for every filing, under distinct names.

use assert_cmd::Command;

use super::copy_reader::{sheets, Value};
use super::{annotate, findings_rows, fixture};

#[test]
fn the_original_is_never_written() {
    let folder = tempfile::tempdir().expect("temp dir");
    let original = folder.path().join("riverside.xlsx");
    std::fs::copy(fixture("workbooks/faulty-riverside-2009.xlsx"), &original).expect("copied");
    let bytes = std::fs::read(&original).expect("read");
    let modified = std::fs::metadata(&original)
        .and_then(|m| m.modified())
        .expect("mtime");
    let run = annotate(&[&original], &[]);
    run.copy("riverside.checked.xlsx");
    assert_eq!(std::fs::read(&original).expect("read"), bytes);
    assert_eq!(
        std::fs::metadata(&original)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
    assert_eq!(std::fs::read_dir(folder.path()).expect("listed").count(), 1);
}

fn refused(arguments: &[&std::ffi::OsStr]) -> String {
    let output = Command::cargo_bin("cfrcheck")
        .expect("binary")
        .arg("check")
        .args(arguments)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        output.stdout.is_empty(),
        "no report before refusing: {output:?}"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_out_that_would_land_on_an_input_is_refused_before_any_work() {
    let folder = tempfile::tempdir().expect("temp dir");
    let book = folder.path().join("acme.xlsx");
    std::fs::copy(fixture("workbooks/acme-2009.xlsx"), &book).expect("copied");
    // OUT is the input itself.
    let message = refused(&[book.as_os_str(), "--annotate".as_ref(), book.as_os_str()]);
    assert!(
        message.contains("--annotate") && message.contains("being checked"),
        "{message}"
    );
    // A copy would replace an input: acme.checked.xlsx is checked too.
    let earlier = folder.path().join("acme.checked.xlsx");
    std::fs::copy(fixture("workbooks/faulty-riverside-2009.xlsx"), &earlier).expect("copied");
    let bytes = std::fs::read(&earlier).expect("read");
    let message = refused(&[
        folder.path().as_os_str(),
        "--annotate".as_ref(),
        folder.path().as_os_str(),
    ]);
    assert!(
        message.contains("acme.checked.xlsx") && message.contains("being checked"),
        "{message}"
    );
    assert_eq!(std::fs::read(&earlier).expect("read"), bytes);
    // OUT is a file that is not checked: still not a folder.
    let note = folder.path().join("note.txt");
    std::fs::write(&note, "x").expect("written");
    let message = refused(&[book.as_os_str(), "--annotate".as_ref(), note.as_os_str()]);
    assert!(message.contains("is a file"), "{message}");
}

#[test]
fn filings_with_one_name_get_distinct_copies_and_every_filing_gets_one() {
    let workbook = fixture("workbooks/acme-2009.xlsx");
    let folder = fixture("filings/acme-2009");
    let unreadable = fixture("workbooks/truncated.xlsx");
    let run = annotate(&[&folder, &workbook, &unreadable], &[]);
    assert_eq!(
        run.copies(),
        [
            "acme-2009-2.checked.xlsx",
            "acme-2009.checked.xlsx",
            "truncated.checked.xlsx"
        ]
    );
    // In the order checked: the folder first (its dates, text in the CSV,
    // are dates in the copy), then the workbook.
    let csv = sheets(&run.copy("acme-2009.checked.xlsx"));
    let book = sheets(&run.copy("acme-2009-2.checked.xlsx"));
    assert_eq!(csv[1].name, "CFR-1");
    assert_eq!(
        csv[1].cells.get(&(1, 1)),
        Some(&Value::Date("2009-01-01".into()))
    );
    // The CSV filing's copy holds what the workbook of the same filing
    // holds (make.py types its cells as a preparer's workbook would).
    assert_eq!(csv[1].cells, book[1].cells);
    // A workbook that cannot be opened: its Findings sheet alone, with IN001.
    let copy = run.copy("truncated.checked.xlsx");
    assert_eq!(sheets(&copy).len(), 1);
    let (_, rows) = findings_rows(&copy);
    assert_eq!(
        rows.iter().map(|row| row[1].as_str()).collect::<Vec<_>>(),
        ["IN001"]
    );
}
