//! `cfrcheck template DIR`: empty, correctly headed CSVs for every schedule,
//! for fiscal staff to fill in (or to compare their export's headers with).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};

use crate::model::ScheduleKind;

pub fn run(dir: &Path, force: bool) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for kind in ScheduleKind::ALL {
        let path = dir.join(format!("{}.csv", kind.label()));
        if path.exists() && !force {
            bail!("{} exists; pass --force to overwrite it", path.display());
        }
        let header: Vec<&str> = kind
            .columns()
            .iter()
            .map(|(column, _)| column.name())
            .collect();
        std::fs::write(&path, format!("{}\r\n", header.join(",")))
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
