//! FS005-FS007: what particular programs' Appendix F definitions say about
//! their funding, beyond the allowed list of FS002: funding sources a
//! program is never claimed under, programs whose funds must flow through
//! OMH, and programs for children or for adults claimed under a fund index
//! for the other population. Data-driven: `forbidden_fund_sources`,
//! `not_through_omh_code` and `population` of each program, and
//! `index_populations` of each funding source, in the rulebook.

use rustc_hash::FxHashMap as HashMap;

use super::program_codes::present;
use super::{Context, Rule};
use crate::model::{FundSource, ProgramRow, Record, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};
use crate::rulebook::{Edition, Population, Program};
use crate::rules::labels::program_label;

/// The schedules on which a program may be split by funding source (FS
/// rules of both modules).
pub(super) const FUNDED: [ScheduleKind; 3] =
    [ScheduleKind::Dmh2, ScheduleKind::Dmh3, ScheduleKind::Cbr];

pub static FS005: Rule = Rule {
    code: "FS005",
    name: "forbidden-fund-source",
    severity: Severity::Error,
    summary: "a program is claimed under a funding source its AppF definition says does not fund it (2600 CPEP Crisis Beds under OMH's 001, any index)",
    needs: &[],
    explanation: r#"**What.** A DMH-2, DMH-3 or CBR row claims a program under a funding source that its Appendix F definition says does not pay for it. The rulebook lists these (`forbidden_fund_sources` of each program; `001` without an index means every index of 001); in the 2009 edition: 2600 CPEP Crisis Beds may not be claimed under 001, whatever its index.

**Why.** Appendix F (CBR/CFR manual section 30), 2600: "CPEP crisis bed services are neither funded by OMH nor Medicaid-reimbursable, but are purchased from the facility operating these beds." Funding source 001 is OMH's (CBR manual section 38, Appendix N), so a 2600 row under 001 claims State Aid OMH does not pay. Medicaid is a revenue of the cost report, not a DMH-3 funding source, so that half of the sentence is not something the claiming schedules can show.

**How to fix.** Claim the crisis beds' net operating cost under the funding source that actually pays for it (090, non-funded, when no State Aid does), not under 001; if the costs are not crisis beds bought by the CPEP, report them under the program they belong to.

**Example.** `DMH-3: program 2600 CPEP Crisis Beds is claimed under funding source 001 index A; it is never claimed under 001 (any index) (AppF: "CPEP crisis bed services are neither funded by OMH nor Medicaid-reimbursable")`."#,
};

pub static FS006: Rule = Rule {
    code: "FS006",
    name: "funds-not-through-omh",
    severity: Severity::Warning,
    summary: "a program for federal funds that flow through OMH (1070, 3070) is claimed on DMH-3 only as non-funded (090): funds that do not flow through OMH are reported under 2070",
    needs: &[ScheduleKind::Dmh3],
    explanation: r#"**What.** On DMH-3, every row of a program row (program code and index, over all counties) claims it under the funding sources of the program Appendix F names for the same funds when they do not flow through OMH. The rulebook gives that program (`not_through_omh_code`) and, through that program's own `fund_sources`, what "not through OMH" looks like on DMH-3. In the 2009 edition: 1070 Permanent Housing Program and 3070 Shelter Plus Care Housing, whose funds flow through OMH, against 2070 Transient Housing, which is claimed under 090 (non-funded).

**Why.** Appendix F (CBR/CFR manual section 30): 1070 funds "flow to OMH from the federal Department of Housing and Urban Development", and "In cases where the funds go directly to the provider and do not flow through OMH (after federal year 1992), see program code 2070"; 3070 "is used in cases where the federal funds flow through OMH. In cases where the funds do not flow through OMH, see program code 2070"; and for 2070, "When funds do not flow through OMH, but are sent directly to the provider, the funds are reported under this program code and funding code 090 (non-funded) on the DMH-3". A 1070 or 3070 program claimed only as non-funded has no OMH money in it: it looks like a grant paid directly to the provider, which belongs under 2070. This is implied by these sentences, not stated (part of a flow-through program may be non-funded), hence a warning.

**How to fix.** If the HUD grant is paid directly to the agency, report the program under 2070 on every schedule, CFR-1 included. If the funds did flow through OMH, claim them under the OMH funding source they came with.

**Example.** `DMH-3: program 1070 Permanent Housing Program (PHP) is claimed only under funding source 090 (Non-funded); funds that do not flow through OMH are reported under 2070 Transient Housing – THP, some PHP and some S+C (funds not flowing through OMH) (AppF: "In cases where the funds go directly to the provider and do not flow through OMH (after federal year 1992), see program code 2070")`."#,
};

pub static FS007: Rule = Rule {
    code: "FS007",
    name: "population-fund-index",
    severity: Severity::Warning,
    summary: "a children's program is claimed under 001 index A (adults), or an adults-only program under another index of 001 (AppF definitions, AppN)",
    needs: &[],
    explanation: r#"**What.** A DMH-2, DMH-3 or CBR row claims a program under a funding-source index meant for another population than the one the program's Appendix F definition serves: a program for children and adolescents under an adult index (001 index `A`), or a program for adults only under an index of 001 that is not the adult one. The program's population is the rulebook's `population`, taken from the definition's own words:

- children: 0200, 0790, 1080, 1320, 1510, 1520, 1650, 2040, 2230-2280 (HCBS Waiver), 2880, 2990, 3040, 4040, 7050;
- adults: 0320, 1410, 1420, 6070, 7070, 7080, 8050;
- every other program serves anyone, or its definition names both (0910 Crisis Residence, 2100 Clinic Treatment, 2680 Crisis Intervention) and is not checked.

The index's population is the funding source's `index_populations` (2009: 001 index A = adults). Indexes the rulebook gives no population are not checked for children's programs; for adult programs any index but the adult one is reported. The embedded funding-source list knows only index A of 001, so an adult program under another index also gets FS001 (unknown index) until a rulebook adds that index.

**Why.** CBR manual section 38 (Appendix N): OMH providers using funding source 001 give the funding source index, A = adults. Appendix F (CBR/CFR manual section 30) says whom each of these programs serves: "Day treatment services for children and adolescents" (0200), "children and youth between the ages of five and 21" (1080), "This is a type of Licensed Housing/Community Residential program for children and adolescents as defined in 14NYCRR594" (4040, 7050) or "for adults as defined in 14NYCRR595" (6070, 7070, 7080, 8050), "older adults" (1410, 1420), "individuals ... who live in adult congregate care settings" (0320). A children's program claimed as adult State Aid, or the reverse, is implied by the two together to be claimed from the wrong allocation; neither section says so in as many words, hence a warning. Two readings are judgement calls: 2230 and 2280 name no one, but are part of the HCBS Waiver whose other definitions (2240-2270) serve "the child"; 6080 Support Congregate names no population (unlike 6070, 7070, 7080 and 8050) and is not checked.

**How to fix.** Claim the program under the fund index of the population it serves. If the program serves another population than its code says (an adult unit coded as a children's program), correct the program code on every schedule.

**Example.** `DMH-3: program 1080 Residential Treatment Facility – Children & Youth is claimed under funding source 001 index A, an index for adults; the program serves children and adolescents (AppF: "seriously emotionally disturbed children and youth between the ages of five and 21 years of age")`."#,
};

pub fn check(ctx: &mut Context) {
    let edition = ctx.edition;
    for schedule in present(ctx, &FUNDED) {
        for record in &schedule.records {
            let (Some(row), Some(fund)) = (record.program_row(), record.fund()) else {
                continue;
            };
            let Some(program) = edition.program(row.code) else {
                continue;
            };
            if fund.code.is_empty() {
                continue;
            }
            forbidden(ctx, schedule, record, program, fund);
            population(ctx, schedule, record, program, fund);
        }
    }
    if let Some(dmh3) = ctx.schedule(ScheduleKind::Dmh3) {
        if ctx.enabled(&FS006) {
            not_through_omh(ctx, dmh3);
        }
    }
}

/// `; AppF: "..."`, or nothing when the rulebook gives no wording.
fn quoted(wording: &str) -> String {
    if wording.is_empty() {
        String::new()
    } else {
        format!(" (AppF: \"{wording}\")")
    }
}

/// FS005.
fn forbidden(
    ctx: &mut Context,
    schedule: &Schedule,
    record: &Record,
    program: &Program,
    fund: &FundSource,
) {
    let Some(rule_out) = program
        .forbidden_fund_sources
        .iter()
        .find(|forbidden| forbidden.admits(fund))
    else {
        return;
    };
    let any_index = if rule_out.index.is_none() {
        " (any index)"
    } else {
        ""
    };
    ctx.report(
        Finding::new(
            &FS005,
            format!(
                "{}: program {} is claimed under funding source {fund}; it is never claimed under {rule_out}{any_index}{}",
                schedule.kind,
                program_label(ctx.edition, program.code),
                quoted(&program.forbidden_fund_source_rule)
            ),
        )
        .at(schedule, record)
        .column("fund_source")
        .value(fund.to_string()),
    );
}

/// FS007.
fn population(
    ctx: &mut Context,
    schedule: &Schedule,
    record: &Record,
    program: &Program,
    fund: &FundSource,
) {
    let (Some(definition), Some(index)) = (ctx.edition.fund_source(&fund.code), &fund.index) else {
        return;
    };
    if definition.index_populations.is_empty() {
        return;
    }
    let paid_for = definition.index_population(index);
    let problem = match (program.population, paid_for) {
        (Population::Children, Some(Population::Adults)) => "an index for adults".to_string(),
        (Population::Adults, Some(Population::Adults)) => return,
        (Population::Adults, _) => {
            let adult: Vec<&str> = definition
                .index_populations
                .iter()
                .filter(|(_, population)| *population == Population::Adults)
                .map(|(index, _)| index.as_str())
                .collect();
            format!("not an index for adults (those are: {})", adult.join(", "))
        }
        _ => return,
    };
    ctx.report(
        Finding::new(
            &FS007,
            format!(
                "{}: program {} is claimed under funding source {fund}, {problem}; the program serves {}{}",
                schedule.kind,
                program_label(ctx.edition, program.code),
                program.population.describe(),
                quoted(&program.population_rule)
            ),
        )
        .at(schedule, record)
        .column("fund_index")
        .value(index),
    );
}

/// FS006: flow-through programs whose DMH-3 rows are all claimed as the
/// not-through-OMH program would be.
fn not_through_omh(ctx: &mut Context, dmh3: &Schedule) {
    let edition = ctx.edition;
    struct Claims<'r> {
        first: &'r Record,
        funds: Vec<&'r FundSource>,
        all_like_alternative: bool,
    }
    let mut order: Vec<ProgramRow> = Vec::new();
    let mut claims: HashMap<ProgramRow, Claims> = HashMap::default();
    for record in &dmh3.records {
        let (Some(row), Some(fund)) = (record.program_row(), record.fund()) else {
            continue;
        };
        let Some(alternative) = alternative(edition, row) else {
            continue;
        };
        if fund.code.is_empty() {
            continue;
        }
        let like_alternative = alternative
            .fund_sources
            .iter()
            .any(|allowed| allowed.admits(fund));
        let entry = claims.entry(row).or_insert_with(|| {
            order.push(row);
            Claims {
                first: record,
                funds: Vec::new(),
                all_like_alternative: true,
            }
        });
        entry.all_like_alternative &= like_alternative;
        if !entry.funds.contains(&fund) {
            entry.funds.push(fund);
        }
    }
    for row in order {
        let (Some(claim), Some(program), Some(alternative)) = (
            claims.get(&row),
            edition.program(row.code),
            alternative(edition, row),
        ) else {
            continue;
        };
        if !claim.all_like_alternative {
            continue;
        }
        let funds: Vec<String> = claim
            .funds
            .iter()
            .map(|fund| match edition.fund_source(&fund.code) {
                Some(known) if !known.name.is_empty() => format!("{fund} ({})", known.name),
                _ => fund.to_string(),
            })
            .collect();
        let index = super::index_phrase(&row);
        ctx.report(
            Finding::new(
                &FS006,
                format!(
                    "DMH-3: program {}{index} is claimed only under funding source {}; funds that do not flow through OMH are reported under {}{}",
                    program_label(edition, row.code),
                    funds.join(", "),
                    program_label(edition, alternative.code),
                    quoted(&program.not_through_omh_rule)
                ),
            )
            .at(dmh3, claim.first)
            .column("fund_source")
            .value(claim.funds.first().map(|fund| fund.to_string()).unwrap_or_default()),
        );
    }
}

/// The program for the same funds when they do not flow through OMH, when
/// the rulebook names one and restricts its funding sources.
fn alternative(edition: &Edition, row: ProgramRow) -> Option<&Program> {
    let code = edition.program(row.code)?.not_through_omh_code?;
    edition
        .program(code)
        .filter(|alternative| !alternative.fund_sources.is_empty())
}
