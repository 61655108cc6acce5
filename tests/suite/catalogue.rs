//! The commands beside `check` (`explain`, `programs`, `template`) and the
//! promise that `check` never writes over an input.

use predicates::prelude::*;

use crate::support::cfrcheck;

#[test]
fn explain_fs002_cites_appendix_f() {
    cfrcheck()
        .args(["explain", "FS002"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "FS002 restricted-fund-source (error)",
        ))
        .stdout(predicate::str::contains("Appendix F").or(predicate::str::contains("AppF")))
        .stdout(predicate::str::contains("001A"))
        .stdout(predicate::str::contains("How to fix."))
        .stdout(predicate::str::contains("**").not());
}

#[test]
fn every_rule_explains_what_why_and_how() {
    for rule in cfrcheck::rules::registry() {
        for part in ["**What.**", "**Why.**", "**How to fix.**", "**Example.**"] {
            assert!(
                rule.explanation.contains(part),
                "{} lacks {part}",
                rule.code
            );
        }
    }
}

#[test]
fn programs_lists_the_edition() {
    cfrcheck()
        .args(["programs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("6070"))
        .stdout(predicate::str::contains("Treatment Congregate"))
        .stdout(predicate::str::contains("2770"))
        .stdout(predicate::str::contains("89 program codes"));
}

#[test]
fn programs_shows_one_code_in_full() {
    cfrcheck()
        .args(["programs", "890"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0890 - Local Governmental Unit (LGU) Administration",
        ))
        .stdout(predicate::str::contains("only 001 index A"))
        .stdout(predicate::str::contains(
            "can only be used with fund source code 001A",
        ))
        .stdout(predicate::str::contains(
            "does not include agency administration",
        ));
}

#[test]
fn an_unknown_program_code_suggests_the_closest() {
    cfrcheck()
        .args(["programs", "6007"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("6070"));
}

#[test]
fn template_headers_are_the_schedule_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    cfrcheck()
        .arg("template")
        .arg(dir.path())
        .assert()
        .success();
    let dmh3 = std::fs::read_to_string(dir.path().join("DMH-3.csv")).expect("DMH-3 written");
    assert!(dmh3.starts_with("agency_code,period_start,period_end,state_agency,program_code"));
    assert!(dmh3.contains("fund_source,fund_index,net_operating_cost"));
    // Refuses to overwrite what a user may have filled in.
    cfrcheck().arg("template").arg(dir.path()).assert().code(2);
}

#[test]
fn the_report_never_overwrites_an_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("CFR-1.csv");
    let original = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/filings/acme-2009/CFR-1.csv"),
    )
    .expect("fixture");
    std::fs::write(&input, &original).expect("copy");
    cfrcheck()
        .args(["check", "--output"])
        .arg(&input)
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is one of the files being checked",
        ));
    assert_eq!(std::fs::read(&input).expect("still there"), original);
}
