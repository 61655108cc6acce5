//! What a person at a terminal sees: a progress bar on long batches, and a
//! table that stays readable when the terminal reports no width. `script`
//! (util-linux) gives the binary a real pseudo-terminal, whose size is 0 x 0
//! unless set: exactly the terminal that once collapsed the table.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;

fn in_terminal(command: &str) -> Option<String> {
    let output = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_cfrcheck")
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/filings")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_long_batch_shows_progress_with_a_rate_and_the_time_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    for copy in 0..300 {
        let target = dir.path().join(format!("filing-{copy:03}"));
        std::fs::create_dir(&target).expect("mkdir");
        for file in [
            "CFR-1.csv",
            "DMH-1.csv",
            "DMH-2.csv",
            "DMH-3.csv",
            "CBR.csv",
        ] {
            std::fs::copy(
                Path::new(&sample("acme-2009")).join(file),
                target.join(file),
            )
            .expect("copy");
        }
    }
    let report = dir.path().join("report.json");
    let command = format!(
        "{} check {} --format json -o {}",
        binary(),
        dir.path().display(),
        report.display()
    );
    let Some(screen) = in_terminal(&command) else {
        eprintln!("SKIPPED: `script` is not installed");
        return;
    };
    assert!(screen.contains("/300 filings"), "{screen}");
    assert!(
        screen.contains("filings/s") && screen.contains("left"),
        "{screen}"
    );
    // --quiet shows none, and neither does a pipe (the other tests).
    let quiet = in_terminal(&format!("{command} --quiet")).unwrap_or_default();
    assert!(!quiet.contains("filings/s"), "{quiet}");
}

#[test]
fn a_terminal_of_no_width_gets_a_readable_table() {
    let command = format!(
        "stty cols 0 rows 0; {} check {}",
        binary(),
        sample("faulty-catskill-2009.xlsx")
    );
    let Some(screen) = in_terminal(&command) else {
        eprintln!("SKIPPED: `script` is not installed");
        return;
    };
    let header = screen
        .lines()
        .find(|line| line.contains("severity"))
        .unwrap_or_default();
    assert!(
        header.contains("finding"),
        "the header fits one line: {screen}"
    );
    assert!(screen.contains("[CFR-1]!J5"), "{screen}");
}
