//! The parsing floors the checker is measured against.
//!
//! * The **fair floor**: the same file walk (sub-folders listed side by
//!   side on every core, as cfrcheck lists them), then every CSV parsed by
//!   `csv_core` with one reader per thread, reset between files, on every
//!   core. Building a csv reader fills its state tables (~23 microseconds),
//!   which is most of the time for the corpus's 15,000 small files; a
//!   checker may build one per thread too, so the floor must not pay it per
//!   file either. Nothing that parses the files can be much faster.
//! * The **typed floor**, for reference: the fair floor that also types
//!   every cell as cheaply as can be (digits and points into an integer,
//!   any other text hashed), the least any check that reads the amounts and
//!   compares the codes and names must add to parsing. What the check's
//!   target leaves beyond it is the budget of everything else: the full
//!   reading of the cells, the heading checks, and every rule.
//! * The **csv floor**, the old yardstick kept for reference: a new
//!   `csv::Reader` per file into one reused `ByteRecord`, one thread.
//!
//! All count data records (the header line of each file excluded), so the
//! benchmark can check them against what the generator wrote.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub struct Floor {
    pub secs: f64,
    pub records: u64,
}

/// The fair floor over `threads` threads (see the module comment).
pub fn time_fair(root: &Path, threads: usize) -> io::Result<Floor> {
    time_parsing(root, threads, false)
}

/// The typed floor over `threads` threads (see the module comment).
pub fn time_typed(root: &Path, threads: usize) -> io::Result<Floor> {
    time_parsing(root, threads, true)
}

fn time_parsing(root: &Path, threads: usize, type_cells: bool) -> io::Result<Floor> {
    let start = Instant::now();
    let files = csv_files_on_every_core(root)?;
    let next = AtomicUsize::new(0);
    let counts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| scope.spawn(|| parse_files(&files, &next, type_cells)))
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err(io::Error::other("panic")))
            })
            .collect::<io::Result<Vec<u64>>>()
    })?;
    Ok(Floor {
        secs: start.elapsed().as_secs_f64(),
        records: counts.iter().sum(),
    })
}

/// One thread of the fair (or typed) floor: takes the next file until none
/// is left, parsing each with the thread's one reader.
fn parse_files(files: &[PathBuf], next: &AtomicUsize, type_cells: bool) -> io::Result<u64> {
    let mut reader = csv_core::Reader::new();
    let mut input = vec![0u8; 64 * 1024];
    let mut output = vec![0u8; 64 * 1024];
    let mut ends = vec![0usize; 1024];
    let mut records = 0;
    // What the typed cells add up to, kept so the typing is not optimised away.
    let mut typed = 0u64;
    while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
        reader.reset();
        let mut file = File::open(path)?;
        let mut in_file = 0u64;
        let (mut filled, mut used, mut at_end) = (0, 0, false);
        loop {
            if used == filled && !at_end {
                filled = file.read(&mut input)?;
                used = 0;
                at_end = filled == 0;
            }
            let (result, read, _, fields) =
                reader.read_record(&input[used..filled], &mut output, &mut ends);
            used += read;
            match result {
                csv_core::ReadRecordResult::Record => {
                    in_file += 1;
                    if type_cells {
                        typed = typed.wrapping_add(type_record(&output, &ends[..fields]));
                    }
                }
                csv_core::ReadRecordResult::End => break,
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    output.resize(output.len() * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            }
        }
        records += in_file.saturating_sub(1);
    }
    std::hint::black_box(typed);
    Ok(records)
}

/// Types every field of one record as cheaply as can be: a field of digits
/// and points is read as an integer (an amount's mantissa), any other is
/// hashed (FNV-1a, as a name or code is looked up). Returns their sum.
fn type_record(output: &[u8], ends: &[usize]) -> u64 {
    let mut sum = 0u64;
    let mut start = 0;
    for &end in ends {
        let field = &output[start..end];
        start = end;
        let mut number = 0u64;
        let is_number = field.iter().all(|&byte| match byte {
            b'0'..=b'9' => {
                number = number.wrapping_mul(10).wrapping_add(u64::from(byte - b'0'));
                true
            }
            b'.' => true,
            _ => false,
        });
        if !is_number {
            number = field.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        }
        sum = sum.wrapping_add(number);
    }
    sum
}

/// The old floor: a new `csv::Reader` per file, one thread.
pub fn time_csv(root: &Path) -> io::Result<Floor> {
    let start = Instant::now();
    let mut files = Vec::new();
    csv_files(root, &mut files)?;
    let mut record = csv::ByteRecord::new();
    let mut records = 0;
    for path in &files {
        let mut reader = csv::ReaderBuilder::new().from_path(path)?;
        while reader.read_byte_record(&mut record)? {
            records += 1;
        }
    }
    Ok(Floor {
        secs: start.elapsed().as_secs_f64(),
        records,
    })
}

/// [`csv_files`] with the sub-folders of each folder listed side by side
/// (rayon's pool: every core), in the same order.
fn csv_files_on_every_core(dir: &Path) -> io::Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let (mut files, subfolders) = list_folder(dir)?;
    let below: Vec<io::Result<Vec<PathBuf>>> = subfolders
        .par_iter()
        .map(|folder| csv_files_on_every_core(folder))
        .collect();
    for found in below {
        files.extend(found?);
    }
    Ok(files)
}

/// The CSV files under `dir` (or `dir` itself when it is one), skipping
/// hidden entries as cfrcheck does.
fn csv_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    let (files, subfolders) = list_folder(dir)?;
    out.extend(files);
    for folder in subfolders {
        csv_files(&folder, out)?;
    }
    Ok(())
}

/// The CSV files of one folder and its sub-folders, hidden entries skipped.
fn list_folder(dir: &Path) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let (mut files, mut subfolders) = (Vec::new(), Vec::new());
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            subfolders.push(path);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            files.push(path);
        }
    }
    Ok((files, subfolders))
}
