//! The array of a claiming schedule: its (program row, county) keys in the
//! order first seen, each with its first record. The completeness (SC) and
//! budget (CB) rules compare the arrays of DMH-2, DMH-3 and the CBR with one
//! another in eleven ways, so each schedule's array is made once per filing
//! and shared by the checks, also when they run side by side.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::model::{ProgramRow, Record, Schedule, ScheduleKind};

/// The first record of every (program row, county) of a claiming schedule,
/// in the order first seen.
pub struct Array<'r> {
    pub first: HashMap<(ProgramRow, &'r str), &'r Record>,
    pub order: Vec<(ProgramRow, &'r str)>,
}

impl<'r> Array<'r> {
    pub fn of(schedule: &'r Schedule) -> Array<'r> {
        // Nearly every record is a key of its own: sized at once.
        let records = schedule.records.len();
        let mut first = HashMap::with_capacity_and_hasher(records, Default::default());
        let mut order = Vec::with_capacity(records);
        for record in &schedule.records {
            let Some(row) = record.program_row() else {
                continue;
            };
            let key = (row, record.county_text());
            first.entry(key).or_insert_with(|| {
                order.push(key);
                record
            });
        }
        Array { first, order }
    }

    pub fn contains(&self, key: &(ProgramRow, &str)) -> bool {
        self.first.contains_key(key)
    }

    /// The (program row, county) keys of this array that `other` lacks, in
    /// this array's order, each with its first record.
    pub fn missing_from<'a>(
        &'a self,
        other: &'a Array<'_>,
    ) -> impl Iterator<Item = ((ProgramRow, &'r str), &'r Record)> + 'a {
        self.order
            .iter()
            .filter(|key| !other.contains(key))
            .filter_map(|key| Some((*key, *self.first.get(key)?)))
    }
}

/// The arrays of one filing's schedules, each made when first asked for.
#[derive(Default)]
pub struct Arrays<'r> {
    made: [OnceLock<Array<'r>>; ScheduleKind::ALL.len()],
}

impl<'r> Arrays<'r> {
    /// The array of `schedule`, one of the filing these arrays are of.
    pub fn of(&self, schedule: &'r Schedule) -> &Array<'r> {
        self.made[schedule.kind.position()].get_or_init(|| Array::of(schedule))
    }
}
