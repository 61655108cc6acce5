//! What the rules for the rest of Appendix F's checkable sentences say, and
//! where: indexes carried throughout the CFR (IX007), program types that are
//! not aggregated (IX008), funding a definition rules out or implies
//! (FS005-FS007), ties to other programs (XP001's "one of" and implied
//! ties, XP002), 2830's administration (AD001), 1680's missing units text
//! (US002); and that a user rulebook changes each of them, being data.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cfrcheck::check::check_path;
use cfrcheck::report::{Finding, Report, Severity};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;
use predicates::prelude::*;

fn rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn check_with(path: &Path, rulebook: &Rulebook) -> Report {
    check_path(path, rulebook, &Settings::default()).expect("discover")
}

fn check(path: &Path) -> Report {
    check_with(path, &Rulebook::embedded())
}

fn findings<'r>(report: &'r Report, code: &str) -> Vec<&'r Finding> {
    report
        .findings()
        .map(|(_, finding)| finding)
        .filter(|finding| finding.rule.code == code)
        .collect()
}

/// `SCHEDULE:LINE` of each finding.
fn places(found: &[&Finding]) -> Vec<String> {
    found
        .iter()
        .map(|finding| {
            format!(
                "{}:{}",
                finding.schedule.map_or("-", |kind| kind.label()),
                finding.line.unwrap_or(0)
            )
        })
        .collect()
}

const CFR1: &str = "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service\n";
const DMH3: &str = "agency_code,period_start,period_end,program_code,program_index,program_name,county,fund_source,fund_index,net_operating_cost\n";

/// A filing folder in `dir` with the given schedule files.
fn filing(dir: &Path, files: &[(&str, String)]) -> PathBuf {
    let filing = dir.join("filing");
    fs::create_dir_all(&filing).expect("filing folder");
    for (name, text) in files {
        fs::write(filing.join(name), text).expect("schedule");
    }
    filing
}

/// A rulebook extending omh-2009 with `programs` (TOML `[[programs]]` and
/// `[[fund_sources]]` entries).
fn extended(dir: &Path, entries: &str) -> Rulebook {
    let file = dir.join("rulebook.toml");
    fs::write(
        &file,
        format!(
            "[edition]\nid = \"omh-2009\"\nextends = \"omh-2009\"\nperiod_starts = [\"2009-01-01\", \"2009-07-01\"]\n\n{entries}"
        ),
    )
    .expect("rulebook");
    Rulebook::with_user_file(&file).expect("valid rulebook")
}

#[test]
fn indexes_must_be_carried_from_cfr1_to_every_claiming_schedule() {
    let report = check(&rules().join("IX007/fail"));
    let found = findings(&report, "IX007");
    // 6070 aggregated on DMH-1; 7070 02 (CFR-1 line 5) has no DMH-1 row.
    assert_eq!(places(&found), ["CFR-1:5", "DMH-1:2"], "{found:#?}");
    assert!(found[0]
        .message
        .contains("CFR-1 column 7070 02 Treatment Apartment (site 005) has no DMH-1 row 7070 02"));
    assert!(found[1]
        .message
        .contains("program 6070 Treatment Congregate is reported as one row without an index, but CFR-1 indexes it 01, 02"));
    // Indexed rows may be left off DMH-2 and DMH-3 (no State Aid), and an
    // aggregated type stays aggregated: IX007/pass has both.
    assert!(findings(&check(&rules().join("IX007/pass")), "IX007").is_empty());
}

#[test]
fn a_type_not_aggregated_on_claiming_needs_one_index_per_site() {
    let report = check(&rules().join("IX008/fail"));
    let found = findings(&report, "IX008");
    assert_eq!(places(&found), ["CFR-1:3", "DMH-1:2"], "{found:#?}");
    assert!(found[0]
        .message
        .contains("site 003 has the same index (none) as site 002 (line 2)"));
    assert!(found[1]
        .message
        .contains("is one row for 2 CFR-1 program/sites (site 002, site 003)"));
    // 2100 is aggregated by program type: two unindexed sites in one row are fine.
    let clean = check(&rules().join("IX008/pass"));
    assert!(findings(&clean, "IX008").is_empty());
}

#[test]
fn a_user_rulebook_decides_which_types_are_not_aggregated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rulebook = extended(
        dir.path(),
        r#"[[programs]]
code = "2100"
aggregated_on_claiming = false

[[programs]]
code = "6070"
aggregated_on_claiming = true
"#,
    );
    let pass = check_with(&rules().join("IX008/pass"), &rulebook);
    assert_eq!(
        places(&findings(&pass, "IX008")),
        ["CFR-1:5", "DMH-1:4"],
        "2100's two unindexed sites"
    );
    let fail = check_with(&rules().join("IX008/fail"), &rulebook);
    assert!(
        findings(&fail, "IX008").is_empty(),
        "6070 is aggregated now"
    );
}

#[test]
fn cpep_crisis_beds_are_never_claimed_under_001() {
    let report = check(&rules().join("FS005/fail"));
    let found = findings(&report, "FS005");
    assert_eq!(places(&found), ["DMH-3:2"]);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(found[0]
        .message
        .contains("never claimed under 001 (any index)"));
    assert!(found[0]
        .message
        .contains("neither funded by OMH nor Medicaid-reimbursable"));
    // Without an index 001 is still OMH's: FS005 and FS003 both say so.
    let dir = tempfile::tempdir().expect("tempdir");
    let bare = check(&filing(
        dir.path(),
        &[(
            "DMH-3.csv",
            format!("{DMH3}12345,2009-01-01,2009-12-31,2600,,CPEP Crisis Beds,01,001,,45000\n"),
        )],
    ));
    assert_eq!(findings(&bare, "FS005").len(), 1);
    assert_eq!(findings(&bare, "FS003").len(), 1);
}

#[test]
fn flow_through_programs_claimed_only_as_non_funded_point_at_2070() {
    let report = check(&rules().join("FS006/fail"));
    let found = findings(&report, "FS006");
    // One finding for the program row, at its first DMH-3 line, over both counties.
    assert_eq!(places(&found), ["DMH-3:2"]);
    assert_eq!(found[0].severity, Severity::Warning);
    let message = &found[0].message;
    assert!(
        message.contains("1070 Permanent Housing Program (PHP) is claimed only under funding source 090 (Non-funded)")
            && message.contains("reported under 2070 Transient Housing")
            && message.contains("see program code 2070"),
        "{message}"
    );
}

#[test]
fn the_population_of_a_program_and_of_its_fund_index_must_agree() {
    let report = check(&rules().join("FS007/fail"));
    let found = findings(&report, "FS007");
    assert_eq!(places(&found), ["DMH-3:2"]);
    assert!(found[0]
        .message
        .contains("001 index A, an index for adults; the program serves children and adolescents"));
    // An adult program under another index of 001: FS007, and FS001 as the
    // embedded list knows only index A; a user edition that adds the index
    // and its population silences FS001 and keeps FS007.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = filing(
        dir.path(),
        &[(
            "DMH-3.csv",
            format!(
                "{DMH3}12345,2009-01-01,2009-12-31,6070,01,Treatment Congregate,01,001,C,86500\n\
                 12345,2009-01-01,2009-12-31,1080,,Residential Treatment Facility – Children & Youth,01,001,C,256734.05\n"
            ),
        )],
    );
    let embedded = check(&path);
    assert_eq!(places(&findings(&embedded, "FS007")), ["DMH-3:2"]);
    assert!(findings(&embedded, "FS007")[0]
        .message
        .contains("not an index for adults (those are: A)"));
    assert_eq!(findings(&embedded, "FS001").len(), 2);
    let rulebook = extended(
        dir.path(),
        r#"[[fund_sources]]
code = "001"
indexes = ["A", "C"]
index_populations = { A = "adults", C = "children" }
"#,
    );
    let with_c = check_with(&path, &rulebook);
    assert_eq!(places(&findings(&with_c, "FS007")), ["DMH-3:2"]);
    assert!(findings(&with_c, "FS001").is_empty());
}

#[test]
fn implied_and_one_of_companions_are_warnings_naming_every_missing_program() {
    let report = check(&rules().join("XP001/fail"));
    let found = findings(&report, "XP001");
    let by_program = |code: &str| {
        found
            .iter()
            .find(|finding| finding.message.contains(&format!("program {code} ")))
            .unwrap_or_else(|| panic!("no XP001 for {code}: {found:#?}"))
    };
    assert_eq!(by_program("8810").severity, Severity::Error);
    let cpep = by_program("3130");
    assert_eq!(cpep.severity, Severity::Warning);
    assert!(cpep.message.contains(
        "without 1680 CPEP Crisis Outreach, 1920 CPEP Extended Observation Beds and 2600 CPEP Crisis Beds"
    ));
    let coordinator = by_program("2880");
    assert_eq!(coordinator.severity, Severity::Warning);
    assert!(coordinator
        .message
        .contains("without 1080 Residential Treatment Facility – Children & Youth"));
    let dollars = by_program("2830");
    assert_eq!(dollars.severity, Severity::Warning);
    assert!(dollars.message.contains(
        "without any of 1810 Intensive Case Management, 6810 Supportive Case Management (SCM) or 0820 Blended Case Management"
    ));
    assert_eq!(found.len(), 4, "one finding per program: {found:#?}");
}

#[test]
fn one_of_the_alternatives_is_enough() {
    for alternative in ["1810", "6810", "0820"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = filing(
            dir.path(),
            &[(
                "CFR-1.csv",
                format!(
                    "{CFR1}12345,2009-01-01,2009-12-31,2830,,005,,0,0,15000,0,0,0,15000,0,\n\
                     12345,2009-01-01,2009-12-31,{alternative},,007,,1000,0,0,0,0,100,1100,0,10\n"
                ),
            )],
        );
        let report = check(&path);
        assert!(
            findings(&report, "XP001").is_empty(),
            "{alternative}: {:#?}",
            findings(&report, "XP001")
        );
    }
}

#[test]
fn pros_subcontract_services_report_the_pros_payments() {
    let report = check(&rules().join("XP002/fail"));
    let found = findings(&report, "XP002");
    assert_eq!(places(&found), ["CFR-1:2"]);
    assert_eq!(found[0].column, Some("revenues"));
    assert!(found[0]
        .message
        .contains("has total_expenses 85000 but no revenues; AppF: the program reports \"the revenue received from the PROS"));
}

#[test]
fn program_2830_says_both_what_its_definition_says_about_administration() {
    let report = check(&rules().join("AD001/fail"));
    let dollars = findings(&report, "AD001")
        .into_iter()
        .find(|finding| finding.message.contains("program 2830"))
        .expect("AD001 for 2830");
    assert!(dollars
        .message
        .contains("does not include agency administration, and the agency administration allocated to it is redistributed to other OMH programs"));
    Command::cargo_bin("cfrcheck")
        .expect("binary")
        .args(["programs", "2830"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "does not include agency administration",
        ))
        .stdout(predicate::str::contains(
            "redistributed to other OMH programs",
        ))
        .stdout(predicate::str::contains(
            "Needs one of:        1810 Intensive Case Management",
        ));
}

#[test]
fn no_units_are_asked_of_1680_whose_units_text_is_blank() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = filing(
        dir.path(),
        &[(
            "CFR-1.csv",
            format!(
                "{CFR1}12345,2009-01-01,2009-12-31,1680,,004,CPEP Crisis Outreach,100000,0,0,0,0,10000,110000,0,\n\
                 12345,2009-01-01,2009-12-31,3130,,004,CPEP Crisis Intervention,100000,0,0,0,0,10000,110000,0,\n"
            ),
        )],
    );
    let report = check(&path);
    let found = findings(&report, "US002");
    assert_eq!(places(&found), ["CFR-1:3"], "3130 only: {found:#?}");
    // A user edition that gives 1680 its units makes US002 ask for them
    // (the entry changes only the keys it gives: units_known too).
    let rulebook = extended(
        dir.path(),
        r#"[[programs]]
code = "1680"
units = "Count the total number of visits."
units_known = true
"#,
    );
    assert_eq!(
        places(&findings(&check_with(&path, &rulebook), "US002")),
        ["CFR-1:2", "CFR-1:3"]
    );
}

/// Every passage the new rules' explanations quote (up to "How to fix")
/// is Appendix F's own words; a "..." in a quote stands for words left out.
#[test]
fn the_new_rules_quote_appendix_f_word_for_word() {
    let source = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/omh-appendix-f-program-codes-2009.txt"),
    )
    .expect("Appendix F");
    let collapse = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let appendix_f = collapse(&source);
    let mut problems = Vec::new();
    let mut checked = 0;
    for code in [
        "IX007", "IX008", "FS005", "FS006", "FS007", "XP001", "XP002", "AD001", "US002",
    ] {
        let rule = cfrcheck::rules::find(code).expect("registered");
        let why = rule
            .explanation
            .split("**How to fix.**")
            .next()
            .unwrap_or_default();
        // Quotes are the odd pieces between double quotes; short ones are
        // spellings ("excluded", "Units of Service:"), not passages.
        for quote in why.split('"').skip(1).step_by(2) {
            if quote.len() < 20 || quote.contains('`') || !quote.contains(' ') {
                continue;
            }
            for piece in quote.split(" ... ") {
                let piece = collapse(piece.trim_start_matches("[do] "));
                checked += 1;
                if !appendix_f.contains(&piece) {
                    problems.push(format!("{code}: {piece:?}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "not in Appendix F:\n{}",
        problems.join("\n")
    );
    assert!(checked > 25, "only {checked} quotations found");
}
