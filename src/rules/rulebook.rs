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

**How to fix.** Write the edition for the filing's period: `cfrcheck rulebook new --id omh-2025 --period-start 2025-01-01 --output rulebooks/omh-2025.toml` starts one that extends the embedded edition; add that year's codes, check it with `cfrcheck rulebook check`, and name its folder in `cfrcheck.toml` (`rulebooks = "rulebooks/"`) or pass it with `--rulebook FILE` (docs/rulebook.md, "A new year in five minutes"). Until then, codes the nearest edition does not know are PC004 warnings, not PC002 errors. If the period itself is wrong, correct `period_start` and `period_end`.

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
                "no rulebook edition covers the period {} to {}; checked against the nearest, {} ({}). Write one for this period (cfrcheck rulebook new) and give it with --rulebook, or put it in the `rulebooks` folder of cfrcheck.toml",
                period.start, period.end, edition.id, edition.title
            ),
        )
        .value(format!("{} to {}", period.start, period.end)),
    );
}
