//! Runs of the cfrcheck binary as a child process: its time, exit status
//! and peak resident memory.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Instant;

use crate::timing::Timed;

pub struct Check {
    pub secs: f64,
    pub code: i32,
    /// Peak resident set size of the child in bytes.
    pub peak_rss: Option<u64>,
}

impl Timed for Check {
    fn secs(&self) -> f64 {
        self.secs
    }
}

/// Runs `cfrcheck check --format json --output REPORT TARGET` once.
/// Exit status 0 (clean) and 1 (findings) are results; anything else means
/// the checker failed, which fails the benchmark.
pub fn time_check(bin: &Path, target: &Path, report: &Path, scratch: &Path) -> io::Result<Check> {
    time_check_with(bin, target, report, scratch, &[])
}

/// [`time_check`] with only the input rules selected: every file is still
/// found, opened, decoded, parsed and typed (and the input rules run), but
/// no other rule family does. What is left between this and the fair floor
/// is reading itself; between this and the check, the rules.
pub fn time_reading(bin: &Path, target: &Path, report: &Path, scratch: &Path) -> io::Result<Check> {
    time_check_with(
        bin,
        target,
        report,
        scratch,
        &["--select".into(), "IN".into()],
    )
}

/// [`time_check`] with more options.
pub fn time_check_with(
    bin: &Path,
    target: &Path,
    report: &Path,
    scratch: &Path,
    options: &[OsString],
) -> io::Result<Check> {
    let stderr_path = scratch.join("cfrcheck.stderr");
    let start = Instant::now();
    let child = Command::new(bin)
        .args(["check", "--format", "json", "--output"])
        .arg(report)
        .args(options)
        .arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&stderr_path)?)
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", bin.display())))?;
    let (status, peak_rss) = wait_with_peak_rss(child)?;
    let secs = start.elapsed().as_secs_f64();
    match status.code() {
        Some(code @ (0 | 1)) => Ok(Check {
            secs,
            code,
            peak_rss,
        }),
        _ => {
            let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
            let tail: String = stderr
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            Err(io::Error::other(format!(
                "cfrcheck check {} failed with {status}\n{tail}",
                target.display()
            )))
        }
    }
}

/// Waits for the child and returns its exit status and peak RSS.
///
/// The peak comes from `wait4(2)`, which reaps exactly this child and returns
/// its own `rusage`. That beats the alternatives: `getrusage(RUSAGE_CHILDREN)`
/// is a maximum over every child reaped so far, so the scaling runs could
/// not be told apart from the corpus runs; and polling `/proc/PID/status`
/// `VmHWM` loses whatever the child allocates after the last poll. The
/// kernel's figure is exact and costs nothing. `ru_maxrss` is in KiB on
/// Linux and the BSDs, in bytes on macOS.
#[cfg(unix)]
pub fn wait_with_peak_rss(child: Child) -> io::Result<(ExitStatus, Option<u64>)> {
    use std::os::unix::process::ExitStatusExt;

    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own un-reaped child (std never waited on it),
        // and both out-pointers are valid for the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    // `child` is dropped without waiting again: dropping a Child neither
    // waits nor kills.
    drop(child);
    let maxrss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    let bytes = if cfg!(target_os = "macos") {
        maxrss
    } else {
        maxrss * 1024
    };
    Ok((ExitStatus::from_raw(status), Some(bytes)))
}

#[cfg(not(unix))]
pub fn wait_with_peak_rss(mut child: Child) -> io::Result<(ExitStatus, Option<u64>)> {
    Ok((child.wait()?, None))
}
