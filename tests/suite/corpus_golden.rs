//! The speed work must not change a byte of any rule's output: the JSON
//! report of a small generated corpus (the benchmark's generator, fixed
//! seed) is compared with the reviewed tests/expected/corpus.json. The
//! corpus mixes clean filings, every seeded fault, one large filing and a
//! CFR-1 repeating one site (so the findings cap and IN014 are covered).
//! After an intended change of output: `CFRCHECK_BLESS=1 cargo test --test
//! suite corpus_golden::`, then review the diff.

#[path = "../../benches/corpus/mod.rs"]
mod corpus;

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;

fn expected_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/expected/corpus.json")
}

#[test]
fn the_json_report_of_a_generated_corpus_is_unchanged() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let root = tmp.path().join("corpus");
    let spec = corpus::CorpusSpec {
        filings: 40,
        seed: 16,
        faulty_every: 3,
    };
    corpus::write_corpus(&root, &spec).expect("write the corpus");
    corpus::write_filing(&root, 900, 3_000, 17, None).expect("write the large filing");
    let repeating = root.join("agency-repeating-site");
    fs::create_dir_all(&repeating).expect("create the repeating-site filing");
    corpus::write_repeating_site_cfr1(&repeating.join("CFR-1.csv"), 500)
        .expect("write the repeating-site CFR-1");

    let output = Command::cargo_bin("cfrcheck")
        .expect("the cfrcheck binary is built")
        .current_dir(tmp.path())
        .args(["check", "--format", "json", "--jobs", "2", "corpus"])
        .output()
        .expect("cfrcheck runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let actual = output.stdout;
    assert!(
        String::from_utf8_lossy(&actual).contains("\"IN014\""),
        "the repeating site must hit the findings cap"
    );
    if std::env::var_os("CFRCHECK_BLESS").is_some_and(|value| value == "1") {
        fs::write(expected_path(), &actual).expect("write tests/expected/corpus.json");
        return;
    }
    let expected = fs::read(expected_path()).unwrap_or_default();
    assert!(
        actual == expected,
        "the corpus report differs from tests/expected/corpus.json (after an intended change: CFRCHECK_BLESS=1 cargo test --test suite corpus_golden::, then review the diff)"
    );
}
