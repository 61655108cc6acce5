//! US: units of service (AppF "Units of Service"). Data-driven: each
//! program's `units_apply` in the rulebook.

use super::program_codes::present;
use super::{Context, Rule};
use crate::model::{Amount, Column, ScheduleKind};
use crate::report::{Finding, Severity};
use crate::rules::labels::program_label;

pub static RULES: &[&Rule] = &[&US001, &US002];

pub static US001: Rule = Rule {
    code: "US001",
    name: "units-not-applicable",
    severity: Severity::Warning,
    summary: "units_of_service > 0 for a program whose AppF units are \"Not applicable\" (0860, 0870, 0890, 1070, 1190, 1400, 1690, 2070, 2810, 2830, 2860, 3070, 8810)",
    needs: &[],
    explanation: r#"**What.** A CFR-1 or DMH-1 record reports `units_of_service` above zero for a program that has no units of service. The rulebook marks these programs (`units_apply = false`); in the 2009 edition they are 0860, 0870, 0890, 1070, 1190, 1400, 1690, 2070, 2810, 2830, 2860, 3070 and 8810.

**Why.** Each Appendix F definition (CBR/CFR manual section 30) says how the program counts its units of service; for these programs it says "Units of Service: Not applicable." Units reported on them are usually the units of another program typed into the wrong column, and they distort the cost per unit OMH computes.

**How to fix.** Report the units on the program they belong to and leave `units_of_service` empty or zero here.

**Example.** `CFR-1: program 0890 Local Governmental Unit (LGU) Administration reports units_of_service 1200; its AppF units of service are "Not applicable": report none`."#,
};

pub static US002: Rule = Rule {
    code: "US002",
    name: "missing-units",
    severity: Severity::Warning,
    summary:
        "a CFR-1 column with total_expenses > 0 reports no units for a program whose units apply",
    needs: &[],
    explanation: r#"**What.** A CFR-1 column has expenses (`total_expenses` above zero) but zero or no `units_of_service`, for a program whose Appendix F definition counts units. Start-up and Program Development Grant columns (index `A0`-`A9`) are not checked: they carry no units (CBR manual section 40). Nor are programs whose Appendix F definition has a "Units of Service:" heading with no text under it (1680 CPEP Crisis Outreach; the rulebook says `units_known = false`): with nothing to count by, no finding can say what is missing. When the CFR-1 file has no `units_of_service` column at all, one finding says so instead of one per column.

**Why.** Appendix F (CBR/CFR manual section 30) defines the units of service of each program (visits, days, hours, ...), and the CFR reports them next to the costs so OMH can compute the cost per unit. A program that spent money and delivered no units is most often a column whose units were not entered.

**How to fix.** Enter the units of service as the program's definition counts them; the message quotes the definition's "Units of Service" text from the rulebook.

**Example.** `CFR-1: program 2100 Clinic Treatment has total_expenses 821700 but no units_of_service; AppF: "Add weighted visits by category to calculate a total."`."#,
};

pub fn check(ctx: &mut Context) {
    let edition = ctx.edition;
    for schedule in present(ctx, &[ScheduleKind::Cfr1, ScheduleKind::Dmh1]) {
        let has_units = schedule.has(Column::UnitsOfService);
        let mut missing_column = 0usize;
        for record in &schedule.records {
            let Some(row) = record.program_row() else {
                continue;
            };
            let Some(program) = edition.program(row.code) else {
                continue;
            };
            let Some(units) = record.amount(Amount::UnitsOfService) else {
                continue;
            };
            let label = || {
                format!(
                    "{}{}",
                    program_label(edition, row.code),
                    super::index_phrase(&row)
                )
            };
            if !program.units_apply {
                if units > rust_decimal::Decimal::ZERO {
                    let units = units.normalize();
                    ctx.report(
                        Finding::new(
                            &US001,
                            format!(
                                "{}: program {} reports units_of_service {units}; its AppF units of service are \"Not applicable\": report none",
                                schedule.kind,
                                label()
                            ),
                        )
                        .at(schedule, record)
                        .column("units_of_service")
                        .value(units.to_string()),
                    );
                }
                continue;
            }
            if schedule.kind != ScheduleKind::Cfr1
                || row.index.is_startup()
                || !program.units_known
                || !units.is_zero()
            {
                continue;
            }
            let Some(total) = record.amount(Amount::TotalExpenses) else {
                continue;
            };
            if total <= rust_decimal::Decimal::ZERO {
                continue;
            }
            if !has_units {
                missing_column += 1;
                continue;
            }
            let counted = if program.units.is_empty() {
                String::new()
            } else {
                format!("; AppF: \"{}\"", crate::report::clip(&program.units))
            };
            ctx.report(
                Finding::new(
                    &US002,
                    format!(
                        "CFR-1: program {} has total_expenses {} but no units_of_service{counted}",
                        label(),
                        total.normalize()
                    ),
                )
                .at(schedule, record)
                .column("units_of_service")
                .value("0"),
            );
        }
        if missing_column > 0 {
            ctx.report(
                Finding::new(
                    &US002,
                    format!(
                        "CFR-1 has no units_of_service column; {missing_column} columns with expenses report no units for programs whose units apply"
                    ),
                )
                .in_schedule(schedule)
                .at_line(1)
                .column("units_of_service"),
            );
        }
    }
}
