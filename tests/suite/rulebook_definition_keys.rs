//! `rulebook check` and `rulebook diff` know the keys for what else a
//! definition says (issue 15: docs/rulebook.md, "What else a definition
//! says"): a bad value of any of them is a problem with its line, codes
//! they name must be in the edition, and a change of one shows in a diff.

use std::fs;
use std::path::Path;

use crate::support::{self, run, Run};

/// The head of a 2025 edition extending omh-2009; entries follow on line 5.
const HEAD: &str =
    "[edition]\nid = \"omh-2025\"\nextends = \"omh-2009\"\nperiod_starts = [\"2025-01-01\"]\n";

/// `cfrcheck ARGS` in `folder` (so no config of the repository is found).
fn cfrcheck(folder: &Path, args: &[&str]) -> Run {
    run(support::cfrcheck().current_dir(folder).args(args))
}

/// `rulebook check` of HEAD followed by `entries`, in a new folder.
fn check(entries: &str) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("omh-2025.toml"), format!("{HEAD}{entries}")).expect("write");
    cfrcheck(dir.path(), &["rulebook", "check", "omh-2025.toml"])
}

#[test]
fn every_key_is_accepted_with_a_good_value() {
    let checked = check(
        r#"
[[fund_sources]]
code = "001"
indexes = ["A", "C"]
index_populations = { A = "adults", C = "children" }

[[programs]]
code = "9999"
name = "Pilot Program"
aggregated_on_claiming = false
forbidden_fund_sources = ["001", "004"]
forbidden_fund_source_rule = "not funded by OMH"
not_through_omh_code = "2070"
not_through_omh_rule = "see program code 2070"
population = "children"
population_rule = "for children"
companions_one_of = ["1810", "6810"]
companion_severity = "warning"
expects_revenue = true
revenue_rule = "the revenue received"
units_known = false
admin = "excluded-and-redistributed"

[[programs]]
code = "1070"
not_through_omh_code = ""
"#,
    );
    assert_eq!(checked.status, 0, "{}", checked.stdout);
}

#[test]
fn a_bad_value_of_each_key_is_a_problem_on_its_line() {
    // (entries from line 5, the line of the problem, what it says)
    let cases = [
        (
            "\n[[programs]]\ncode = \"1080\"\npopulation = \"kids\"\n",
            8,
            "population \"kids\" is not \"children\", \"adults\" or \"any\"",
        ),
        (
            "\n[[programs]]\ncode = \"6070\"\naggregated_on_claiming = \"no\"\n",
            8,
            "`aggregated_on_claiming` in [[programs]] 6070 must be true or false",
        ),
        (
            "\n[[programs]]\ncode = \"9340\"\nexpects_revenue = 1\n",
            8,
            "`expects_revenue` in [[programs]] 9340 must be true or false",
        ),
        (
            "\n[[programs]]\ncode = \"1680\"\nunits_known = \"yes\"\n",
            8,
            "`units_known` in [[programs]] 1680 must be true or false",
        ),
        (
            "\n[[programs]]\ncode = \"2600\"\nforbidden_fund_sources = [\"OMH\"]\n",
            8,
            "funding source \"OMH\" does not start with digits",
        ),
        (
            "\n[[programs]]\ncode = \"2600\"\nforbidden_fund_sources = [\"999\"]\n",
            8,
            "funding source 999 of program 2600 is not in omh-2025's [[fund_sources]]",
        ),
        (
            "\n[[programs]]\ncode = \"1070\"\nnot_through_omh_code = \"207\"\n",
            8,
            "program code \"207\" is not four digits",
        ),
        (
            "\n[[programs]]\ncode = \"1070\"\nnot_through_omh_code = \"2071\"\n",
            8,
            "not_through_omh_code 2071 of program 1070 is not a program of omh-2025",
        ),
        (
            "\n[[programs]]\ncode = \"2830\"\n\ncompanions_one_of = [\"1810\",\n  \"9997\"]\n",
            10,
            "companions_one_of entry 9997 of program 2830 is not a program of omh-2025",
        ),
        (
            "\n[[programs]]\ncode = \"2830\"\nadmin = \"both\"\n",
            8,
            "admin \"both\" is not \"allocated\", \"redistributed\", \"excluded\" or \"excluded-and-redistributed\"",
        ),
        (
            "\n[[fund_sources]]\ncode = \"001\"\nindex_populations = { A = \"elderly\" }\n",
            8,
            "population \"elderly\" is not",
        ),
        (
            "\n[[fund_sources]]\ncode = \"001\"\nindex_populations = { B = \"adults\" }\n",
            8,
            "index_populations names index B, which funding source 001 does not list in its indexes",
        ),
        (
            "\n[[fund_sources]]\ncode = \"001\"\nindex_populations = \"adults\"\n",
            8,
            "`index_populations` in [[fund_sources]] 001 must be a table",
        ),
        (
            "\n[[programs]]\ncode = \"6810\"\nretired = true\n",
            7,
            "program 2830 still needs 6810 in its companions_one_of",
        ),
    ];
    for (entries, line, said) in cases {
        let checked = check(entries);
        assert_eq!(checked.status, 2, "{entries}: {}", checked.stdout);
        let expected = format!("omh-2025.toml: line {line}: ");
        assert!(
            checked
                .stdout
                .lines()
                .any(|found| found.starts_with(&expected) && found.contains(said)),
            "no `{expected}...{said}` in:\n{}",
            checked.stdout
        );
        assert_eq!(
            checked.stdout.lines().count(),
            1,
            "one problem:\n{}",
            checked.stdout
        );
    }
}

#[test]
fn retiring_what_a_definition_key_still_names_is_a_problem() {
    let checked = check("\n[[programs]]\ncode = \"2070\"\nretired = true\n");
    assert_eq!(checked.status, 2);
    assert_eq!(
        checked.stdout.lines().collect::<Vec<_>>(),
        [
            "omh-2025.toml: line 7: program 1070 still needs 2070 as its not_through_omh_code: change it too",
            "omh-2025.toml: line 7: program 3070 still needs 2070 as its not_through_omh_code: change it too",
        ],
    );
    let checked = check("\n[[fund_sources]]\ncode = \"001\"\nretired = true\n");
    assert_eq!(checked.status, 2);
    assert_eq!(
        checked.stdout.lines().collect::<Vec<_>>(),
        [
            "omh-2025.toml: line 7: program 0890 may still be used only with funding source 001: change its fund_sources too",
            "omh-2025.toml: line 7: program 2600 still names funding source 001 in its forbidden_fund_sources: change them too",
        ],
    );
}

#[test]
fn diff_names_the_definition_keys_that_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("omh-2025.toml"),
        format!(
            "{HEAD}
[[fund_sources]]
code = \"001\"
indexes = [\"A\", \"C\"]
index_populations = {{ A = \"adults\", C = \"children\" }}

[[programs]]
code = \"1080\"
population = \"any\"

[[programs]]
code = \"2830\"
companions_one_of = [\"1810\", \"6810\"]
admin = \"excluded\"
"
        ),
    )
    .expect("write");
    let diff = cfrcheck(
        dir.path(),
        &["rulebook", "diff", "omh-2009", "omh-2025.toml"],
    );
    assert_eq!(diff.status, 0, "{}", diff.stdout);
    assert_eq!(
        diff.stdout,
        "omh-2009 -> omh-2025
programs changed:
  ~ 1080 Residential Treatment Facility – Children & Youth: population
  ~ 2830 Intensive Case Management/Supportive Case Management/Blended Case Management Emergency and Non-Emergency Service Dollars: admin, companions_one_of
funding sources changed:
  ~ 001 OMH funding source 001: indexes, index_populations
"
    );
}
