//! The repeating-site CFR-1 of the benchmark's and the golden test's
//! findings case: one valid record repeated, so that only IX002 fires.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::write::CFR1_HEADER;

/// Writes a CFR-1 of `records` identical, internally consistent records:
/// one program (7070, Treatment Apartment) at one site, so every record but
/// the first repeats the site (IX002) and nothing else is wrong with it.
/// Returns the file's size in bytes.
pub fn write_repeating_site_cfr1(path: &Path, records: usize) -> io::Result<u64> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "{CFR1_HEADER}")?;
    for _ in 0..records {
        writeln!(
            out,
            "00001,2009-01-01,2009-12-31,7070,,001,Treatment Apartment,100.00,20.00,10.00,5.00,0.00,15.00,150.00,90.00,3"
        )?;
    }
    out.flush()?;
    Ok(fs::metadata(path)?.len())
}
