//! Calendar dates and reporting periods.

use std::fmt;

/// A calendar date, enough for reporting periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since an arbitrary epoch, for "nearest edition" distances.
    pub fn ordinal(self) -> i64 {
        // Days from civil (Howard Hinnant's algorithm).
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// OMH periods are a calendar year or a July-June fiscal year.
    pub fn is_full_year(self) -> bool {
        let Period { start, end } = self;
        let calendar = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            && end.year == start.year;
        let fiscal = (start.month, start.day, end.month, end.day) == (7, 1, 6, 30)
            && end.year == start.year + 1;
        calendar || fiscal
    }
}
