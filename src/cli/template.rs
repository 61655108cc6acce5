//! `cfrcheck template DIR`: empty, correctly headed CSVs for every schedule,
//! for fiscal staff to fill in (or to compare their export's headers with);
//! with `--xlsx`, one workbook with a sheet per schedule and the rulebook's
//! dropdowns instead.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};

use crate::model::ScheduleKind;
use crate::rulebook::Rulebook;
use crate::template;

pub fn run(dir: &Path, force: bool, xlsx: bool, rulebook: &Rulebook) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let refuse_existing = |path: &PathBuf| {
        if path.exists() && !force {
            bail!("{} exists; pass --force to overwrite it", path.display());
        }
        Ok(())
    };
    if xlsx {
        let path = dir.join(template::WORKBOOK_NAME);
        refuse_existing(&path)?;
        template::write_workbook(&path, rulebook.newest())
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    for kind in ScheduleKind::ALL {
        let path = dir.join(format!("{}.csv", kind.label()));
        refuse_existing(&path)?;
        std::fs::write(&path, format!("{}\r\n", template::header(kind).join(",")))
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
