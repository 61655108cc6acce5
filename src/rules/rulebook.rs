//! RB: the rulebook edition a filing is checked against.

use super::{Context, Rule};
use crate::report::{Finding, Severity};

pub static RULES: &[&Rule] = &[&RB001];

pub static RB001: Rule = Rule {
    code: "RB001",
    name: "no-rulebook-edition",
    severity: Severity::Warning,
    summary:
        "no rulebook edition covers the filing's period; the nearest edition was used (names it)",
    needs: &[],
    explanation: r#"**What.** The filing's reporting period is not covered by any rulebook edition cfrcheck knows, so its program codes and definitions were checked against the edition nearest in time.

**Why.** OMH issues Appendix F (program types, definitions and codes) for specific reporting periods; codes are added and retired between editions. The embedded edition is Appendix F for the periods January 1 - December 31, 2009 and July 1, 2009 - June 30, 2010 (CBR/CFR manual section 30). Checking another year against it can report a new code as unknown or miss a retired one.

**How to fix.** Give the edition for the filing's period with `--rulebook FILE` (or `rulebook =` in `cfrcheck.toml`); docs/rulebook.md shows the format, and a file can extend the embedded edition with `extends = "omh-2009"`. If the period itself is wrong, correct `period_start` and `period_end`.

**Example.** `no rulebook edition covers the period 2024-01-01 to 2024-12-31; checked against the nearest, omh-2009`."#,
};

/// RB001: the filing's period is outside every edition.
pub fn check(ctx: &mut Context) {
    if ctx.edition_covers_period {
        return;
    }
    let Some(period) = ctx.filing.heading.period else {
        return;
    };
    let edition = ctx.edition;
    ctx.report(
        Finding::new(
            &RB001,
            format!(
                "no rulebook edition covers the period {} to {}; checked against the nearest, {} ({}). Give a rulebook for this period with --rulebook",
                period.start, period.end, edition.id, edition.title
            ),
        )
        .value(format!("{} to {}", period.start, period.end)),
    );
}
