//! Writing a filing's five CSV files: the schedules' headers, the amount
//! styles (`1234.56` or `"$1,234.56"`), the line writer [`CsvOut`] and one
//! writer per schedule.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::model::{Filing, Program, OTPS};
use super::splits::dmh1_amounts;

pub(super) const CFR1_HEADER: &str = "agency_code,period_start,period_end,program_code,program_index,site,program_name,\
personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service";
const DMH2_HEADER: &str = "agency_code,period_start,period_end,program_code,program_index,program_name,county,\
fund_source,fund_index,personal_services,fringe_benefits,otps,property,equipment,agency_administration,\
non_allowable_adjustments,total_adjusted_expenses,revenues,net_operating_cost";
const DMH3_HEADER: &str =
    "agency_code,period_start,period_end,program_code,program_index,program_name,county,fund_source,fund_index,net_operating_cost";
const CBR_HEADER: &str = DMH3_HEADER;

/// How amounts are spelled, per filing: both are accepted by the contract
/// and both occur in real Excel exports.
#[derive(Clone, Copy)]
pub(super) enum Style {
    /// `1234.56`
    Plain,
    /// `"$1,234.56"`
    Dollars,
}

/// A CSV file written line by line; fields never need quoting except the
/// dollar-style amounts, which [`push_amount`] quotes itself.
struct CsvOut {
    out: BufWriter<File>,
    line: String,
    eol: &'static str,
    bytes: u64,
    records: u64,
}

impl CsvOut {
    fn create(path: PathBuf, header: &str, filing: &Filing) -> io::Result<CsvOut> {
        let mut out = CsvOut {
            out: BufWriter::with_capacity(64 * 1024, File::create(path)?),
            line: String::with_capacity(256),
            eol: if filing.crlf { "\r\n" } else { "\n" },
            bytes: 0,
            records: 0,
        };
        if filing.bom {
            out.out.write_all("\u{feff}".as_bytes())?;
            out.bytes += 3;
        }
        out.line.push_str(header);
        out.end_line()?;
        out.records = 0;
        Ok(out)
    }

    /// Starts a record with the heading and program columns.
    fn start(&mut self, filing: &Filing, prog: &Program) {
        self.line.push_str(&filing.agency);
        self.line.push_str(",2009-01-01,2009-12-31,");
        self.line.push_str(prog.code);
        self.line.push(',');
        if let Some(ix) = prog.index {
            let _ = write!(self.line, "{ix:02}");
        }
    }

    fn field(&mut self, s: &str) {
        self.line.push(',');
        self.line.push_str(s);
    }

    fn amount(&mut self, cents: i64, style: Style) {
        self.line.push(',');
        push_amount(&mut self.line, cents, style);
    }

    fn end_line(&mut self) -> io::Result<()> {
        self.line.push_str(self.eol);
        self.out.write_all(self.line.as_bytes())?;
        self.bytes += self.line.len() as u64;
        self.records += 1;
        self.line.clear();
        Ok(())
    }

    fn finish(mut self) -> io::Result<(u64, u64)> {
        self.out.flush()?;
        Ok((self.bytes, self.records))
    }
}

/// Formats cents as dollars: `1234.56`, or `"$1,234.56"` in dollar style.
fn push_amount(s: &mut String, cents: i64, style: Style) {
    let neg = cents < 0;
    let (dollars, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    match style {
        Style::Plain => {
            let _ = write!(s, "{}{dollars}.{rest:02}", if neg { "-" } else { "" });
        }
        Style::Dollars => {
            s.push_str(if neg { "\"-$" } else { "\"$" });
            let digits = dollars.to_string();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    s.push(',');
                }
                s.push(d);
            }
            let _ = write!(s, ".{rest:02}\"");
        }
    }
}

impl Filing {
    /// Writes the five schedule files into `dir`; returns (bytes, records).
    pub(super) fn write(&self, dir: &Path) -> io::Result<(u64, u64)> {
        fs::create_dir_all(dir)?;
        let mut bytes = 0;
        let mut records = 0;
        for (b, r) in [
            self.write_cfr1(dir.join("CFR-1.csv"))?,
            self.write_dmh1(dir.join("DMH-1.csv"))?,
            self.write_dmh2(dir.join("DMH-2.csv"))?,
            self.write_dmh3(dir.join("DMH-3.csv"))?,
            self.write_cbr(dir.join("CBR.csv"))?,
        ] {
            bytes += b;
            records += r;
        }
        Ok((bytes, records))
    }

    fn write_cfr1(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, CFR1_HEADER, self)?;
        for (i, col) in self.columns.iter().enumerate() {
            let prog = &self.programs[col.program];
            out.start(self, prog);
            out.line.push(',');
            let _ = write!(out.line, "{:0w$}", col.site, w = self.site_width);
            out.field(prog.name);
            for (k, &a) in col.expenses.iter().enumerate() {
                if k == OTPS && self.ref_cell == Some(i) {
                    out.field("#REF!");
                } else {
                    out.amount(a, self.style);
                }
            }
            out.amount(col.expenses.iter().sum(), self.style);
            out.amount(col.revenues, self.style);
            let _ = write!(out.line, ",{}", col.units);
            out.end_line()?;
        }
        out.finish()
    }

    fn write_dmh1(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, CFR1_HEADER, self)?;
        for prog in &self.programs {
            let (exp, rev, units) = dmh1_amounts(prog, &self.columns);
            out.start(self, prog);
            out.line.push(',');
            if prog.index.is_some() {
                let site = self.columns[prog.columns[0]].site;
                let _ = write!(out.line, "{site:0w$}", w = self.site_width);
            }
            out.field(prog.name);
            for a in exp {
                out.amount(a, self.style);
            }
            out.amount(exp.iter().sum(), self.style);
            out.amount(rev, self.style);
            let _ = write!(out.line, ",{units}");
            out.end_line()?;
        }
        out.finish()
    }

    fn write_dmh2(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, DMH2_HEADER, self)?;
        for row in &self.dmh2 {
            self.start_claim(&mut out, row.program, row.county, row.split);
            for a in row.expenses {
                out.amount(a, self.style);
            }
            out.amount(row.non_allowable, self.style);
            out.amount(row.total_adjusted(), self.style);
            out.amount(row.revenues, self.style);
            out.amount(row.net_operating_cost(), self.style);
            out.end_line()?;
        }
        out.finish()
    }

    fn write_dmh3(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, DMH3_HEADER, self)?;
        for row in &self.dmh3 {
            self.start_claim(&mut out, row.program, row.county, Some(row.fund));
            out.amount(row.net_operating_cost, self.style);
            out.end_line()?;
        }
        out.finish()
    }

    fn write_cbr(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, CBR_HEADER, self)?;
        for (row, &noc) in self.dmh2.iter().zip(&self.cbr_noc) {
            self.start_claim(&mut out, row.program, row.county, row.split);
            out.amount(noc, self.style);
            out.end_line()?;
        }
        out.finish()
    }

    /// Heading, program, county and fund columns of DMH-2/DMH-3/CBR.
    fn start_claim(
        &self,
        out: &mut CsvOut,
        program: usize,
        county: usize,
        fund: Option<(&str, &str)>,
    ) {
        let prog = &self.programs[program];
        out.start(self, prog);
        out.field(prog.name);
        out.field(&self.counties[county]);
        let (source, index) = fund.unwrap_or(("", ""));
        out.field(source);
        out.field(index);
    }
}
