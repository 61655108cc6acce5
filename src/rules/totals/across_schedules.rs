//! TO002-TO004: each claiming schedule against the one it repeats or
//! distributes (DMH-1 = CFR-1, DMH-2 = DMH-1, DMH-3 = DMH-2), each
//! schedule aggregated once per program row (and county).

use super::*;
use crate::rules::maps::map_for;

// ---------------------------------------------------------------------------
// TO002

/// DMH-1 repeats the cost report: the six expenses, their total, revenues and units.
const TO002_AMOUNTS: [Amount; 9] = {
    let [personal, fringe, otps, property, equipment, administration] = Amount::EXPENSES;
    [
        personal,
        fringe,
        otps,
        property,
        equipment,
        administration,
        Amount::TotalExpenses,
        Amount::Revenues,
        Amount::UnitsOfService,
    ]
};

/// `site 002`, `sites 001, 004`, `3 columns`.
fn columns_text(aggregate: &Aggregate<'_, 9>) -> String {
    let labels = &aggregate.labels;
    match aggregate.records {
        1 if !labels.missing && labels.items.len() == 1 => format!("site {}", labels.items[0]),
        1 => "1 column".to_string(),
        count if !labels.missing && labels.items.len() == count => {
            format!("sites {}", labels.items.join(", "))
        }
        count => format!("{count} columns"),
    }
}

pub(super) fn dmh1_vs_cfr1(ctx: &mut Context) {
    let (Some(cfr1), Some(dmh1)) = (
        ctx.schedule(ScheduleKind::Cfr1),
        ctx.schedule(ScheduleKind::Dmh1),
    ) else {
        return;
    };
    let tolerance = ctx.tolerance();
    let mut claimed: HashMap<ProgramRow, Aggregate<'_, 9>> = map_for(dmh1.records.len());
    let mut order = Vec::new();
    for record in &dmh1.records {
        if let Some(row) = record.program_row() {
            accumulate(&mut claimed, &mut order, row, record, &TO002_AMOUNTS);
        }
    }
    let mut by_row: HashMap<ProgramRow, Aggregate<'_, 9>> = map_for(cfr1.records.len());
    let mut by_code: HashMap<ProgramCode, Aggregate<'_, 9>> = HashMap::default();
    let mut unused = Vec::new();
    let mut unused_codes = Vec::new();
    // A run of one program row's columns looks its aggregates up once.
    for run in cfr1.program_row_runs() {
        let Some(row) = run[0].program_row() else {
            continue;
        };
        // An unindexed DMH-1 row is compared with its code's aggregate only,
        // so only indexed columns are summed by row too (in a big filing,
        // where most columns are aggregated, that halves the additions).
        if !row.index.is_none() {
            aggregate_of(&mut by_row, &mut unused, row, &run[0]).add_all(run, &TO002_AMOUNTS);
        }
        // An indexed column that DMH-1 claims on its own indexed row (a start-up
        // column `A0`, say) is not also part of the unindexed aggregate.
        if row.index.is_none() || !claimed.contains_key(&row) {
            aggregate_of(&mut by_code, &mut unused_codes, row.code, &run[0])
                .add_all(run, &TO002_AMOUNTS);
        }
    }
    for row in order {
        let Some(dmh) = claimed.get(&row) else {
            continue;
        };
        let cost = if row.index.is_none() {
            by_code.get(&row.code)
        } else {
            by_row.get(&row)
        };
        let Some(cost) = cost else {
            continue;
        };
        let rows = if dmh.records > 1 {
            format!(" ({} rows)", dmh.records)
        } else {
            String::new()
        };
        for (position, amount) in TO002_AMOUNTS.iter().enumerate() {
            if !usable(dmh1, *amount) || !usable(cfr1, *amount) {
                continue;
            }
            let (Some(left), Some(right)) = (dmh.sum(position), cost.sum(position)) else {
                let sides = (
                    format!("DMH-1 {row}"),
                    format!("CFR-1 {}", columns_text(cost)),
                );
                let sides = (sides.0.as_str(), sides.1.as_str());
                if let Some(message) = too_large(dmh, cost, (position, position), sides, *amount) {
                    let finding = Finding::new(&TO002, message).at(dmh1, dmh.first);
                    ctx.report(finding.column(amount.name()));
                }
                continue;
            };
            let Some(diff) = difference(left, right, tolerance) else {
                continue;
            };
            let message = format!(
                "DMH-1 {row}{rows} {} {} != CFR-1 {} ({}) {} (diff {})",
                amount.name(),
                show(left),
                if row.index.is_none() {
                    row.code.to_string()
                } else {
                    row.to_string()
                },
                columns_text(cost),
                show(right),
                show_diff(diff)
            );
            ctx.report(
                Finding::new(&TO002, message)
                    .at(dmh1, dmh.first)
                    .column(amount.name())
                    .value(show(left)),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// TO003

/// `county 01`, `2 rows, county 01`, `3 rows, counties 01, 41`.
fn counties_text(aggregate: &Aggregate<'_, 6>) -> String {
    let counties = &aggregate.labels.items;
    let place = match counties.len() {
        0 => "no county".to_string(),
        1 => format!("county {}", counties[0]),
        count => format!("counties {}", listing(counties, count)),
    };
    if aggregate.records == 1 {
        place
    } else {
        format!("{} rows, {place}", aggregate.records)
    }
}

pub(super) fn dmh2_vs_dmh1(ctx: &mut Context) {
    let (Some(dmh1), Some(dmh2)) = (
        ctx.schedule(ScheduleKind::Dmh1),
        ctx.schedule(ScheduleKind::Dmh2),
    ) else {
        return;
    };
    let tolerance = ctx.tolerance();
    let mut claimed: HashMap<ProgramRow, Aggregate<'_, 6>> = map_for(dmh1.records.len());
    let mut unused = Vec::new();
    for record in &dmh1.records {
        if let Some(row) = record.program_row() {
            accumulate(&mut claimed, &mut unused, row, record, &Amount::EXPENSES);
        }
    }
    let mut distributed: HashMap<ProgramRow, Aggregate<'_, 6>> = map_for(dmh2.records.len());
    let mut order = Vec::new();
    for record in &dmh2.records {
        if let Some(row) = record.program_row() {
            accumulate(&mut distributed, &mut order, row, record, &Amount::EXPENSES)
                .labels
                .add(record.county());
        }
    }
    for row in order {
        let (Some(dmh2_side), Some(dmh1_side)) = (distributed.get(&row), claimed.get(&row)) else {
            continue;
        };
        for (position, amount) in Amount::EXPENSES.iter().enumerate() {
            let (Some(left), Some(right)) = (dmh2_side.sum(position), dmh1_side.sum(position))
            else {
                let sides = (format!("DMH-2 {row}"), format!("DMH-1 {row}"));
                let sides = (sides.0.as_str(), sides.1.as_str());
                if let Some(message) =
                    too_large(dmh2_side, dmh1_side, (position, position), sides, *amount)
                {
                    let finding = Finding::new(&TO003, message).at(dmh2, dmh2_side.first);
                    ctx.report(finding.column(amount.name()));
                }
                continue;
            };
            let Some(diff) = difference(left, right, tolerance) else {
                continue;
            };
            let dmh1_rows = if dmh1_side.records > 1 {
                format!(" ({} rows)", dmh1_side.records)
            } else {
                String::new()
            };
            let message = format!(
                "DMH-2 {row} ({}) {} {} != DMH-1 {row}{dmh1_rows} {} (diff {})",
                counties_text(dmh2_side),
                amount.name(),
                show(left),
                show(right),
                show_diff(diff)
            );
            ctx.report(
                Finding::new(&TO003, message)
                    .at(dmh2, dmh2_side.first)
                    .column(amount.name())
                    .value(show(left)),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// TO004

const NET: [Amount; 1] = [Amount::NetOperatingCost];

pub(super) fn dmh3_vs_dmh2(ctx: &mut Context) {
    let (Some(dmh2), Some(dmh3)) = (
        ctx.schedule(ScheduleKind::Dmh2),
        ctx.schedule(ScheduleKind::Dmh3),
    ) else {
        return;
    };
    if !usable(dmh2, Amount::NetOperatingCost) || !usable(dmh3, Amount::NetOperatingCost) {
        return;
    }
    let tolerance = ctx.tolerance();
    let mut distributed: HashMap<(ProgramRow, &str), Aggregate<'_, 1>> =
        map_for(dmh2.records.len());
    let mut unused = Vec::new();
    for record in &dmh2.records {
        if let Some(row) = record.program_row() {
            accumulate(
                &mut distributed,
                &mut unused,
                (row, record.county_text()),
                record,
                &NET,
            );
        }
    }
    let mut funded: HashMap<(ProgramRow, &str), Aggregate<'_, 1>> = map_for(dmh3.records.len());
    let mut order = Vec::new();
    for record in &dmh3.records {
        if let Some(row) = record.program_row() {
            let key = (row, record.county_text());
            let aggregate = accumulate(&mut funded, &mut order, key, record, &NET);
            if let Some(fund) = record.fund() {
                if aggregate.funds.len() <= LISTED && !aggregate.funds.contains(&fund) {
                    aggregate.funds.push(fund);
                }
            }
        }
    }
    for key in order {
        let (Some(dmh3_side), Some(dmh2_side)) = (funded.get(&key), distributed.get(&key)) else {
            continue;
        };
        let (Some(left), Some(right)) = (dmh3_side.sum(0), dmh2_side.sum(0)) else {
            let (row, county) = key;
            let sides = (
                format!("DMH-3 {row} {}", county_text(county)),
                format!("DMH-2 {row} {}", county_text(county)),
            );
            let sides = (sides.0.as_str(), sides.1.as_str());
            let amount = Amount::NetOperatingCost;
            if let Some(message) = too_large(dmh3_side, dmh2_side, (0, 0), sides, amount) {
                let finding = Finding::new(&TO004, message).at(dmh3, dmh3_side.first);
                ctx.report(finding.column(amount.name()));
            }
            continue;
        };
        let Some(diff) = difference(left, right, tolerance) else {
            continue;
        };
        let (row, county) = key;
        let place = county_text(county);
        let fund_list: Vec<String> = dmh3_side.funds.iter().map(|fund| fund_text(fund)).collect();
        let sources = match (dmh3_side.records, fund_list.len()) {
            (_, 0) => "no funding source".to_string(),
            (1, _) => format!("funding source {}", fund_list[0]),
            (count, funds) => format!(
                "{count} rows, funding sources {}",
                listing(&fund_list, funds)
            ),
        };
        let splits = if dmh2_side.records > 1 {
            format!(" ({} fund splits)", dmh2_side.records)
        } else {
            String::new()
        };
        let message = format!(
            "DMH-3 {row} {place} ({sources}) net_operating_cost {} != DMH-2 {row} {place}{splits} {} (diff {})",
            show(left),
            show(right),
            show_diff(diff)
        );
        ctx.report(
            Finding::new(&TO004, message)
                .at(dmh3, dmh3_side.first)
                .column(Amount::NetOperatingCost.name())
                .value(show(left)),
        );
    }
}
