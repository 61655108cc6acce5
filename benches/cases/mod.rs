//! The benchmark's cases beside the corpus and the scaling filings: the
//! findings case (a report capped, its memory bounded) and the workbook
//! case with its annotated copy.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::Path;

use crate::child::{time_check, time_check_with};
use crate::timing::{best_of, Best, Timed};
use crate::{corpus, fmt_rss, target, workbook, Config, SEED};
use crate::{
    FINDINGS_RECORDS, TARGET_ANNOTATE, TARGET_FINDINGS_MEMORY_MB, TARGET_FINDINGS_RSS_MB,
    TARGET_WORKBOOK,
};

/// One CFR-1 whose every record names the same program and site: IX002
/// fires on all but the first, and the findings cap must keep the report
/// (and the memory holding it) small.
pub fn findings_case(config: &Config, bin: &Path, tmp: &Path) -> io::Result<()> {
    let records = if config.smoke {
        FINDINGS_RECORDS / 100
    } else {
        FINDINGS_RECORDS
    };
    let dir = tmp.join("findings");
    let filing = dir.join("agency-repeating-site");
    fs::create_dir_all(&filing)?;
    let file = filing.join("CFR-1.csv");
    let bytes = corpus::write_repeating_site_cfr1(&file, records)?;
    let report = dir.join("report.json");
    let check = best_of(config.runs, || time_check(bin, &file, &report, &dir))?;
    let report_mb = fs::metadata(&report).map_or(0, |m| m.len()) as f64 / 1e6;
    // The same file with the rules that fire here turned off: what is left
    // is reading and holding the records. The difference is the memory the
    // 625,000 findings cost: the cap must keep it small.
    let quiet_report = dir.join("report-without-findings.json");
    let without: Vec<OsString> = ["--select", "IN001"].map(OsString::from).into();
    let quiet = best_of(config.runs, || {
        time_check_with(bin, &file, &quiet_report, &dir, &without)
    })?;
    println!();
    println!(
        "findings: one CFR-1 of {records} records repeating one site ({:.2} MB), {} IX002 findings",
        bytes as f64 / 1e6,
        records - 1
    );
    println!(
        "cfrcheck check --format json: {:.3} s, peak RSS {}, report {report_mb:.3} MB, exit status {}",
        check.secs,
        fmt_rss(check.peak_rss),
        check.code
    );
    println!(
        "the same without the rules that fire (--select IN001): {:.3} s, peak RSS {}",
        quiet.secs,
        fmt_rss(quiet.peak_rss)
    );
    if let (Some(rss), Some(quiet_rss)) = (check.peak_rss, quiet.peak_rss) {
        let findings_mb = rss.saturating_sub(quiet_rss) as f64 / 1e6;
        println!("memory of the findings: {findings_mb:.1} MB (peak RSS with them - without them)");
        target(
            &format!("findings case: the findings' memory < {TARGET_FINDINGS_MEMORY_MB} MB"),
            findings_mb < TARGET_FINDINGS_MEMORY_MB,
            &format!("{findings_mb:.1} MB"),
        );
        target(
            &format!("findings case peak RSS < {TARGET_FINDINGS_RSS_MB} MB"),
            (rss as f64 / 1e6) < TARGET_FINDINGS_RSS_MB,
            &fmt_rss(Some(rss)),
        );
    }
    Ok(())
}

/// A workbook with the larger scaling filing's CFR-1 and DMH schedules.
pub fn workbook_case(config: &Config, bin: &Path, tmp: &Path) -> io::Result<()> {
    let columns = config.scaling[0];
    let dir = tmp.join("workbook");
    let agency = 90_100;
    corpus::write_filing(&dir, agency, columns, SEED + 7, None)?;
    let book = dir.join("filing.xlsx");
    let folder = dir.join(corpus::filing_dir_name(agency));
    let bytes = workbook::workbook_from_filing(&folder, &book, None)?;
    struct Opened(f64);
    impl Timed for Opened {
        fn secs(&self) -> f64 {
            self.0
        }
    }
    let mut cells = 0;
    let report = dir.join("report.json");
    // By turns, as the corpus's floors and check are.
    let (mut floor, mut check) = (Best::new(), Best::new());
    for _ in 0..config.runs.max(1) {
        let (secs, counted) = workbook::time_calamine(&book)?;
        cells = counted;
        floor.keep(Opened(secs));
        check.keep(time_check(bin, &book, &report, &dir)?);
    }
    let (floor, check) = (floor.take()?, check.take()?);
    println!();
    println!(
        "workbook: {columns} CFR-1 columns and their DMH schedules, {:.2} MB, {cells} cells",
        bytes as f64 / 1e6
    );
    println!(
        "{:<34} {:>9} {:>7} {:>10}",
        "", "seconds", "ratio", "peak RSS"
    );
    println!(
        "{:<34} {:>9.3} {:>7.2} {:>10}",
        "floor: calamine open + every cell", floor.0, 1.0, "-"
    );
    let ratio = check.secs / floor.0;
    println!(
        "{:<34} {:>9.3} {:>7.2} {:>10}",
        "cfrcheck check --format json",
        check.secs,
        ratio,
        fmt_rss(check.peak_rss)
    );
    if check.code != 0 {
        println!("  note: the clean workbook exited {}", check.code);
    }
    target(
        &format!("workbook check <= {TARGET_WORKBOOK} x calamine"),
        ratio <= TARGET_WORKBOOK,
        &format!("{ratio:.2} x"),
    );
    annotate_case(config, bin, &folder, &dir)
}

/// The same workbook with a fault in every tenth CFR-1 column, checked
/// with every finding listed (`--max-per-rule 0`), then checked and
/// annotated (`--annotate`): the annotated copy may take at most
/// `TARGET_ANNOTATE` times the plain check.
fn annotate_case(config: &Config, bin: &Path, folder: &Path, dir: &Path) -> io::Result<()> {
    let book = dir.join("faulty.xlsx");
    workbook::workbook_from_filing(folder, &book, Some(10))?;
    let report = dir.join("faulty.json");
    let all = ["--max-per-rule", "0"].map(OsString::from);
    let out = dir.join("annotated");
    let annotate_args = [
        &all[..],
        &[OsString::from("--annotate"), out.clone().into()],
    ]
    .concat();
    // By turns, as the corpus's floors and check are.
    let (mut check, mut annotate) = (Best::new(), Best::new());
    for _ in 0..config.runs.max(1) {
        check.keep(time_check_with(bin, &book, &report, dir, &all)?);
        annotate.keep(time_check_with(bin, &book, &report, dir, &annotate_args)?);
    }
    let (check, annotate) = (check.take()?, annotate.take()?);
    let findings = fs::read_to_string(&report)?.matches("\"code\":").count();
    let copy = out.join("faulty.checked.xlsx");
    let copy_mb = fs::metadata(&copy)?.len() as f64 / 1e6;
    println!("annotated copy: the workbook with {findings} findings, copy {copy_mb:.2} MB");
    let ratio = annotate.secs / check.secs;
    for (what, timed, ratio) in [
        ("cfrcheck check --max-per-rule 0", &check, 1.0),
        ("... --annotate OUT", &annotate, ratio),
    ] {
        println!(
            "{what:<34} {:>9.3} {ratio:>7.2} {:>10}",
            timed.secs,
            fmt_rss(timed.peak_rss)
        );
    }
    target(
        &format!("annotated check <= {TARGET_ANNOTATE} x the plain check"),
        ratio <= TARGET_ANNOTATE,
        &format!("{ratio:.2} x"),
    );
    Ok(())
}
