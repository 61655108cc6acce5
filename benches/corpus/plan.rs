//! The plan of one filing: its counties, program types and how its CFR-1
//! columns are spread over them, the amounts of each column, and the seeded
//! fault and spelling choices ([`generate_filing`]).

use super::model::{Column, Filing, Program, LGU_ADMIN, MAX_INDEX, PROGRAMS};
use super::rng::Rng;
use super::splits::{dmh2_rows, dmh3_rows};
use super::write::Style;
use super::Fault;

pub(super) fn generate_filing(
    agency: u32,
    columns: usize,
    seed: u64,
    fault: Option<Fault>,
) -> Filing {
    let mut rng = Rng::new(seed);
    let columns = columns.max(1);

    // Counties: mostly one, sometimes two or three (NYS has 62).
    let n_counties = match rng.below(10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let mut county_pool: Vec<usize> = (1..=62).collect();
    rng.shuffle(&mut county_pool);
    let counties: Vec<String> = county_pool[..n_counties]
        .iter()
        .map(|c| format!("{c:02}"))
        .collect();

    let mut programs = plan_programs(&mut rng, columns);
    if fault == Some(Fault::RestrictedFundSource) {
        programs.push(Program {
            code: LGU_ADMIN.0,
            name: LGU_ADMIN.1,
            index: None,
            planned: 1,
            columns: vec![],
            lgu_admin: true,
        });
    }

    // CFR-1 columns, shuffled so that the checker cannot rely on CFR-1
    // being grouped by program; sites are numbered in file order.
    let mut cols: Vec<Column> = Vec::with_capacity(columns + 1);
    for (p, prog) in programs.iter().enumerate() {
        for _ in 0..prog.planned {
            cols.push(column_amounts(&mut rng, p, prog.lgu_admin));
        }
    }
    rng.shuffle(&mut cols);
    for (i, c) in cols.iter_mut().enumerate() {
        c.site = i + 1;
        programs[c.program].columns.push(i);
    }

    let dmh2 = dmh2_rows(&mut rng, &programs, &cols, n_counties);
    let mut dmh3 = dmh3_rows(&mut rng, &programs, &dmh2);

    // The approved budget is within 10% of the actuals.
    let cbr_noc = dmh2
        .iter()
        .map(|r| r.net_operating_cost() * rng.range(90, 110) as i64 / 100)
        .collect();

    let mut ref_cell = None;
    match fault {
        Some(Fault::Dmh3Off7000) => {
            let k = rng.below(dmh3.len() as u64) as usize;
            dmh3[k].net_operating_cost += 7_000 * 100;
        }
        Some(Fault::UnknownProgramCode) => {
            // Rename a whole program type, so that nothing but the code
            // itself is wrong (indexes and aggregation stay consistent).
            let code = programs[rng.below(programs.len() as u64) as usize].code;
            for p in programs.iter_mut().filter(|p| p.code == code) {
                p.code = "6007";
            }
        }
        Some(Fault::BadAmount) => ref_cell = Some(rng.below(cols.len() as u64) as usize),
        Some(Fault::RestrictedFundSource) | None => {}
    }

    // Dollar spellings, CRLF and a BOM are what Excel's exports look like;
    // a minority of filings use them so the checker's slower paths are
    // exercised without dominating the corpus.
    let style = if rng.percent(20) {
        Style::Dollars
    } else {
        Style::Plain
    };
    let crlf = rng.percent(30);
    let bom = rng.percent(5);
    let site_width = cols.len().to_string().len().max(3);

    Filing {
        agency: format!("{agency:05}"),
        counties,
        programs,
        columns: cols,
        dmh2,
        dmh3,
        cbr_noc,
        ref_cell,
        style,
        crlf,
        bom,
        site_width,
    }
}

/// Chooses the program types of a filing and how its `n` columns are spread
/// over them. Returns program rows with `planned` set and `columns` empty.
///
/// A program type is either indexed (one program row per column, indexes 01,
/// 02, ... without gaps) or aggregated (one unindexed row for all its
/// columns), never both (IX004). An index has two digits, so an indexed type
/// holds at most 99 columns; the excess of a large filing goes to an
/// aggregated type, which keeps the DMH schedules of huge filings at most
/// ~15 x 99 program rows.
fn plan_programs(rng: &mut Rng, n: usize) -> Vec<Program> {
    let max_types = n.min(PROGRAMS.len());
    let types = (1 + rng.below(n.min(6) as u64) as usize + n / 12).min(max_types);
    let mut order: Vec<usize> = (0..PROGRAMS.len()).collect();
    rng.shuffle(&mut order);
    let chosen = &order[..types];

    let weights: Vec<u64> = chosen.iter().map(|_| rng.range(1, 10)).collect();
    let total_w: u64 = weights.iter().sum();
    let spare = (n - types) as u64;
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| 1 + (spare * w / total_w) as usize)
        .collect();
    let assigned: usize = counts.iter().sum();
    counts[rng.below(types as u64) as usize] += n - assigned;

    // 6070 "is not aggregated by program type on the claiming schedules"
    // (Appendix F, IX008): its sites are always indexed. The draw is made
    // for every type all the same, so the rest of the corpus is unchanged.
    let mut indexed: Vec<bool> = chosen
        .iter()
        .map(|&t| {
            let drawn = rng.percent(40);
            drawn || PROGRAMS[t].0 == "6070"
        })
        .collect();
    let mut overflow = 0;
    for (c, &ix) in counts.iter_mut().zip(&indexed) {
        if ix && *c > MAX_INDEX {
            overflow += *c - MAX_INDEX;
            *c = MAX_INDEX;
        }
    }
    if overflow > 0 {
        let t = indexed.iter().position(|&ix| !ix).unwrap_or(types - 1);
        indexed[t] = false;
        counts[t] += overflow;
    }

    let mut programs = Vec::new();
    for (k, &t) in chosen.iter().enumerate() {
        let (code, name) = PROGRAMS[t];
        if indexed[k] {
            for index in 1..=counts[k] {
                programs.push(Program {
                    code,
                    name,
                    index: Some(index),
                    planned: 1,
                    columns: Vec::new(),
                    lgu_admin: false,
                });
            }
        } else {
            programs.push(Program {
                code,
                name,
                index: None,
                planned: counts[k],
                columns: Vec::new(),
                lgu_admin: false,
            });
        }
    }
    programs
}

/// Plausible amounts for one program/site column, in cents.
fn column_amounts(rng: &mut Rng, program: usize, lgu_admin: bool) -> Column {
    let cents = |rng: &mut Rng| rng.below(100) as i64;
    let pct = |rng: &mut Rng, base: i64, lo: u64, hi: u64| base * rng.range(lo, hi) as i64 / 100;
    let ps = rng.range(25_000, 900_000) as i64 * 100 + cents(rng);
    let fringe = pct(rng, ps, 18, 32) + cents(rng);
    let otps = pct(rng, ps, 5, 45) + cents(rng);
    let property = if rng.percent(30) {
        0
    } else {
        pct(rng, ps, 2, 30) + cents(rng)
    };
    let equipment = if rng.percent(60) {
        0
    } else {
        rng.range(100, 15_000) as i64 * 100 + cents(rng)
    };
    let direct = ps + fringe + otps + property + equipment;
    // 0890 "does not include agency administration" and has no units (AD001,
    // US001): the LGU fault must trip FS002 and nothing else.
    let admin = if lgu_admin {
        0
    } else {
        pct(rng, direct, 8, 16) + cents(rng)
    };
    let total = direct + admin;
    Column {
        program,
        site: 0,
        expenses: [ps, fringe, otps, property, equipment, admin],
        revenues: pct(rng, total, 40, 90),
        units: if lgu_admin {
            0
        } else {
            rng.range(50, 20_000) as i64
        },
    }
}
