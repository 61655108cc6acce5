//! The claiming schedules' amounts: DMH-1 as the sum of its CFR-1 columns,
//! DMH-2 split over counties and funding sources, DMH-3 spread over funding
//! sources, each split exact to the cent ([`share`]).

use super::model::{Column, Dmh2Row, Dmh3Row, Expenses, Program, FUND_170D, FUND_SOURCES};
use super::rng::Rng;

/// DMH-2 rows: each program row's DMH-1 amounts split over the counties it
/// serves, and in some counties over two funding sources. Some unindexed
/// programs have no State Aid and so no DMH-2 rows at all.
pub(super) fn dmh2_rows(
    rng: &mut Rng,
    programs: &[Program],
    cols: &[Column],
    n_counties: usize,
) -> Vec<Dmh2Row> {
    // cells[program][county]: the DMH-2 rows of one (program row, county).
    let mut cells: Vec<Vec<Vec<Dmh2Row>>> = Vec::with_capacity(programs.len());
    for (p, prog) in programs.iter().enumerate() {
        let mut per_county: Vec<Vec<Dmh2Row>> = (0..n_counties).map(|_| Vec::new()).collect();
        // Only aggregated (unindexed) rows go without State Aid: a missing
        // indexed row would leave a gap in the indexes on DMH-2/DMH-3/CBR,
        // which cfrcheck reports as IX005. The first program always has
        // State Aid, so that no claiming schedule is empty (IN010).
        if p > 0 && prog.index.is_none() && !prog.lgu_admin && rng.percent(8) {
            cells.push(per_county);
            continue;
        }
        let (expenses, revenues, _) = dmh1_amounts(prog, cols);
        let served: Vec<usize> = if prog.lgu_admin {
            vec![0]
        } else {
            let mut s: Vec<usize> = (0..n_counties).filter(|_| rng.percent(70)).collect();
            if s.is_empty() {
                s.push(rng.below(n_counties as u64) as usize);
            }
            s
        };
        let county_weights: Vec<u64> = served.iter().map(|_| rng.range(1, 100)).collect();
        for (k, &county) in served.iter().enumerate() {
            let exp = expenses.map(|a| share(a, &county_weights, k));
            let rev = share(revenues, &county_weights, k);
            let splits: Vec<Option<(&str, &str)>> = if !prog.lgu_admin && rng.percent(10) {
                vec![
                    Some(FUND_SOURCES[0]),
                    Some(FUND_SOURCES[1 + rng.below(2) as usize]),
                ]
            } else {
                vec![None]
            };
            let split_weights: Vec<u64> = splits.iter().map(|_| rng.range(1, 100)).collect();
            for (s, split) in splits.iter().enumerate() {
                let expenses = exp.map(|a| share(a, &split_weights, s));
                let six: i64 = expenses.iter().sum();
                // Non-allowable adjustments stay small, and revenues are at
                // most 90% of expenses, so net operating cost stays positive.
                let non_allowable = if rng.percent(30) {
                    six * rng.range(1, 200) as i64 / 10_000
                } else {
                    0
                };
                per_county[county].push(Dmh2Row {
                    program: p,
                    county,
                    split: *split,
                    expenses,
                    non_allowable,
                    revenues: share(rev, &split_weights, s),
                });
            }
        }
        cells.push(per_county);
    }

    // One DMH-2 and DMH-3 per county, in program order (CBR13/15): emit
    // county-major, so DMH-2, DMH-3 and CBR share one order.
    let mut dmh2 = Vec::new();
    for county in 0..n_counties {
        for cell in cells.iter_mut() {
            dmh2.append(&mut cell[county]);
        }
    }
    dmh2
}

/// DMH-3 rows, in DMH-2 order: a split DMH-2 row is claimed under its own
/// funding source; an unsplit one is spread over one to three funding sources.
pub(super) fn dmh3_rows(rng: &mut Rng, programs: &[Program], dmh2: &[Dmh2Row]) -> Vec<Dmh3Row> {
    let mut dmh3 = Vec::new();
    for row in dmh2 {
        if let Some(fund) = row.split {
            dmh3.push(Dmh3Row {
                program: row.program,
                county: row.county,
                fund,
                net_operating_cost: row.net_operating_cost(),
            });
        } else if programs[row.program].lgu_admin {
            dmh3.push(Dmh3Row {
                program: row.program,
                county: row.county,
                fund: FUND_170D,
                net_operating_cost: row.net_operating_cost(),
            });
        } else {
            let funds: Vec<(&str, &str)> = FUND_SOURCES
                .iter()
                .copied()
                .filter(|_| rng.percent(50))
                .collect();
            let funds = if funds.is_empty() {
                vec![FUND_SOURCES[0]]
            } else {
                funds
            };
            let weights: Vec<u64> = funds.iter().map(|_| rng.range(1, 100)).collect();
            for (k, &fund) in funds.iter().enumerate() {
                dmh3.push(Dmh3Row {
                    program: row.program,
                    county: row.county,
                    fund,
                    net_operating_cost: share(row.net_operating_cost(), &weights, k),
                });
            }
        }
    }
    dmh3
}

/// DMH-1 amounts of a program row: the sum of its CFR-1 columns.
pub(super) fn dmh1_amounts(prog: &Program, cols: &[Column]) -> (Expenses, i64, i64) {
    let mut exp = [0i64; 6];
    let (mut rev, mut units) = (0, 0);
    for &c in &prog.columns {
        for (e, a) in exp.iter_mut().zip(cols[c].expenses) {
            *e += a;
        }
        rev += cols[c].revenues;
        units += cols[c].units;
    }
    (exp, rev, units)
}

/// Part `k` of `amount` split by `weights`, exact: the last part takes the
/// rounding remainder, so the parts always add up to `amount`.
fn share(amount: i64, weights: &[u64], k: usize) -> i64 {
    let total: u64 = weights.iter().sum();
    let part = |i: usize| (i128::from(amount) * i128::from(weights[i]) / i128::from(total)) as i64;
    if k + 1 == weights.len() {
        amount - (0..k).map(part).sum::<i64>()
    } else {
        part(k)
    }
}
