//! The walk: filings found in order, links followed once, loops ended.
use super::*;

#[test]
fn filings_are_found_recursively_in_order() {
    let root = tempfile::tempdir().expect("temp dir");
    let make = |relative: &str| {
        let path = root.path().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, "agency_code\n").expect("write");
    };
    make("b/acme/CFR-1.csv");
    make("a/zeta/dmh_2.csv");
    make("a/zeta/notes.csv");
    make(".hidden/CFR-1.csv");
    make("c/readme.txt");
    let targets = discover(&[root.path().to_path_buf()]).expect("found");
    let names: Vec<String> = targets
        .iter()
        .map(|target| {
            Path::new(&target.display)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["zeta", "acme"]);
    assert_eq!(targets[0].files.len(), 2);
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_end() {
    let root = tempfile::tempdir().expect("temp dir");
    let inner = root.path().join("x/y");
    fs::create_dir_all(&inner).expect("mkdir");
    std::os::unix::fs::symlink(root.path(), inner.join("loop")).expect("symlink");
    fs::write(inner.join("DMH-3.csv"), "a\n").expect("write");
    let targets = discover(&[root.path().to_path_buf()]).expect("found");
    assert_eq!(targets.len(), 1);
}

/// Folders are listed side by side, but taken in order: of two paths
/// to one folder, the first in sorted order names the filing.
#[cfg(unix)]
#[test]
fn the_first_path_to_a_folder_names_it() {
    let root = tempfile::tempdir().expect("temp dir");
    for batch in 0..20 {
        let real = root.path().join(format!("z-{batch:02}"));
        fs::create_dir(&real).expect("mkdir");
        fs::write(real.join("CFR-1.csv"), "a\n").expect("write");
        std::os::unix::fs::symlink(&real, root.path().join(format!("a-{batch:02}")))
            .expect("symlink");
    }
    let targets = discover(&[root.path().to_path_buf()]).expect("found");
    let names: Vec<String> = targets.iter().map(|t| file_name_of(&t.display)).collect();
    let expected: Vec<String> = (0..20).map(|batch| format!("a-{batch:02}")).collect();
    assert_eq!(names, expected);
}

#[test]
fn each_workbook_is_a_filing_beside_the_csv_filing_of_its_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    fs::write(root.path().join("CFR-1.csv"), "a\n").expect("write");
    fs::write(root.path().join("Acme.xlsx"), b"PK\x03\x04").expect("write");
    fs::write(root.path().join("~$Acme.xlsx"), b"lock").expect("write");
    fs::create_dir(root.path().join("sub")).expect("mkdir");
    fs::write(root.path().join("sub/Other.ods"), b"PK").expect("write");
    let targets = discover(&[root.path().to_path_buf()]).expect("found");
    let kinds: Vec<(bool, String)> = targets
        .iter()
        .map(|target| (target.workbook, file_name_of(&target.display)))
        .collect();
    // A CSV filing is not searched below, so sub/Other.ods is not found.
    assert_eq!(
        kinds,
        [(false, root_name(&root)), (true, "Acme.xlsx".into())]
    );

    fs::remove_file(root.path().join("CFR-1.csv")).expect("rm");
    let targets = discover(&[root.path().to_path_buf()]).expect("found");
    let names: Vec<String> = targets.iter().map(|t| file_name_of(&t.display)).collect();
    assert_eq!(names, ["Acme.xlsx", "Other.ods"]);
}

fn file_name_of(display: &str) -> String {
    Path::new(display)
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

fn root_name(root: &tempfile::TempDir) -> String {
    file_name_of(&root.path().display().to_string())
}

#[test]
fn a_path_given_twice_or_inside_another_is_checked_once() {
    let root = tempfile::tempdir().expect("temp dir");
    let acme = root.path().join("acme");
    fs::create_dir(&acme).expect("mkdir");
    fs::write(acme.join("CFR-1.csv"), "a\n").expect("write");
    let twice = discover(&[acme.clone(), acme.clone()]).expect("found");
    assert_eq!(twice.len(), 1);
    let nested = discover(&[root.path().to_path_buf(), acme.clone()]).expect("found");
    assert_eq!(nested.len(), 1);
    let file = acme.join("CFR-1.csv");
    let files = discover(&[file.clone(), file]).expect("found");
    assert_eq!(files.len(), 1);
}

#[test]
fn filings_deeper_than_any_limit_are_found() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut deep = root.path().to_path_buf();
    for level in 0..100 {
        deep.push(format!("d{level}"));
    }
    fs::create_dir_all(&deep).expect("mkdir");
    fs::write(deep.join("CFR-1.csv"), "a\n").expect("write");
    let targets = discover(&[root.path().to_path_buf()]).expect("found");
    assert_eq!(targets.len(), 1);
}

#[test]
fn missing_path_is_an_error() {
    assert!(discover(&[PathBuf::from("/definitely/not/here")]).is_err());
}
