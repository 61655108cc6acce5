//! AD: agency administration (AppF ratio value, CBR40). Data-driven: each
//! program's `admin` treatment in the rulebook.

use super::program_codes::present;
use super::{Context, Rule};
use crate::model::{Amount, ScheduleKind};
use crate::report::{Finding, Severity};
use crate::rulebook::AdminTreatment;
use crate::rules::labels::program_label;

pub static RULES: &[&Rule] = &[&AD001];

pub static AD001: Rule = Rule {
    code: "AD001",
    name: "admin-on-redistributed-program",
    severity: Severity::Warning,
    summary: "agency_administration > 0 on a program whose allocated agency administration AppF says is redistributed to other OMH programs (0860, 0870, 1690, 2820, 2830, 2860, 8810) or that \"does not include agency administration\" (0890, 2830)",
    needs: &[],
    explanation: r#"**What.** A CFR-1, DMH-1 or DMH-2 record reports `agency_administration` above zero for a program that carries no agency administration. The rulebook marks these programs (`admin = "redistributed"`, `"excluded"` or `"excluded-and-redistributed"`); in the 2009 edition they are 0860, 0870, 1690, 2820, 2860 and 8810 (redistributed), 0890 (excluded) and 2830 (both).

**Why.** Appendix F (CBR/CFR manual section 30): for these programs "Agency administrative costs allocated to the operating costs of this program via the Ratio Value allocation methodology are redistributed to other OMH programs in the CFR", and 0890 and 2830 "[do] not include agency administration". The 2830 definition says both, one sentence after the other, and the message for 2830 says both too. Administration left on them is claimed twice or claimed where OMH does not fund it.

**How to fix.** Redistribute the program's share of agency administration to the other OMH programs of the CFR (the Ratio Value allocation) and report zero for it here, on every schedule.

**Example.** `CFR-1: program 0890 Local Governmental Unit (LGU) Administration reports agency_administration 12000; this program does not include agency administration (AppF): report 0`."#,
};

pub fn check(ctx: &mut Context) {
    let edition = ctx.edition;
    for schedule in present(
        ctx,
        &[ScheduleKind::Cfr1, ScheduleKind::Dmh1, ScheduleKind::Dmh2],
    ) {
        for record in &schedule.records {
            let Some(row) = record.program_row() else {
                continue;
            };
            let Some(program) = edition.program(row.code) else {
                continue;
            };
            let why = match program.admin {
                AdminTreatment::Allocated => continue,
                AdminTreatment::Redistributed => {
                    "its allocated agency administration is redistributed to other OMH programs (AppF)"
                }
                AdminTreatment::Excluded => "this program does not include agency administration (AppF)",
                AdminTreatment::ExcludedAndRedistributed => {
                    "this program does not include agency administration, and the agency administration allocated to it is redistributed to other OMH programs (AppF)"
                }
            };
            let Some(value) = record.amount(Amount::AgencyAdministration) else {
                continue;
            };
            if value <= rust_decimal::Decimal::ZERO {
                continue;
            }
            let value = value.normalize();
            let index = super::index_phrase(&row);
            ctx.report(
                Finding::new(
                    &AD001,
                    format!(
                        "{}: program {}{index} reports agency_administration {value}; {why}: report 0",
                        schedule.kind,
                        program_label(edition, row.code)
                    ),
                )
                .at(schedule, record)
                .column("agency_administration")
                .value(value.to_string()),
            );
        }
    }
}
