//! The IN rules the input layer reports while it reads the files (a file
//! that cannot be read, a missing column, an amount that is no amount, a
//! totals row ...), declared here so that reading needs nothing of the
//! rules layer above it. The rules layer lists them in the catalogue with
//! the IN rules it makes itself (`rules::input`: IN009, IN011, IN013, IN014).

use crate::vocabulary::{Rule, Severity};

pub static IN001: Rule = Rule {
    code: "IN001",
    name: "unreadable-file",
    severity: Severity::Error,
    summary: "a file cannot be opened, decoded or parsed as CSV",
    needs: &[],
    explanation: r#"**What.** cfrcheck could not read the file: the operating system refused to open it, it is empty, it holds binary data (NUL bytes), it is not valid UTF-8 when `--encoding utf-8` was given, a line is absurdly long, or the CSV structure is broken. The message gives the operating-system or CSV error and the line.

**Why.** Nothing in an unreadable schedule can be checked, and OMH's CFR software would reject it as well. The rest of the filing is still checked.

**How to fix.** Export the schedule again from the CFR software or from Excel with "Save As" > "CSV UTF-8 (Comma delimited)". Make sure the file is a CSV export and not a workbook (`.xlsx`) renamed to `.csv`.

**Example.** `DMH-2.csv contains NUL bytes: it is a binary file, not a CSV export`."#,
};

pub static IN002: Rule = Rule {
    code: "IN002",
    name: "unknown-schedule-file",
    severity: Severity::Warning,
    summary: "a `.csv` in a filing folder maps to no schedule",
    needs: &[],
    explanation: r#"**What.** A `.csv` file in a filing folder has a name that is not one of the schedules (CFR-1, DMH-1, DMH-2, DMH-3, CBR), or a second file names a schedule that another file already provides. The file is skipped.

**Why.** The schedule of a file is found from its name (input-format.md section 1): the stem, lower-cased with everything but letters and digits removed, must be or end with `cfr1`, `dmh1`, `dmh2`, `dmh3` or `cbr`. A misnamed schedule is silently left out of every check, which is worse than an error.

**How to fix.** Rename the file (`CFR-1.csv`, `acme-2009-DMH-3.csv`), or move files that are not schedules out of the filing folder.

**Example.** `notes.csv` in `acme-2009/`: `notes.csv is not a schedule file; skipped`."#,
};

pub static IN003: Rule = Rule {
    code: "IN003",
    name: "missing-column",
    severity: Severity::Error,
    summary: "a required column is absent (names the closest header present, if any)",
    needs: &[],
    explanation: r#"**What.** The header row lacks a column the schedule requires (input-format.md section 3): for example `program_code` on any schedule, `total_expenses` on CFR-1, `county` on DMH-2, `fund_source` on DMH-3. Header names are compared after lower-casing and turning punctuation and spaces into `_`, so `Program Code` is `program_code`.

**Why.** Without a program code, county or funding source the records cannot be placed, so the file's records are not checked; without a required amount column, the arithmetic checks that need it are skipped.

**How to fix.** Add the column, or rename the header that holds it. The message names the header that looks closest, if there is one.

**Example.** `DMH-2 has no `county` column (the header has `cnty`: is that it?); the file's records cannot be checked`."#,
};

pub static IN004: Rule = Rule {
    code: "IN004",
    name: "bad-amount",
    severity: Severity::Error,
    summary: "an amount cell is not a number in any accepted spelling",
    needs: &[],
    explanation: r#"**What.** An amount cell holds something that is not a dollar amount. Accepted: `1234`, `1234.50`, `1234.`, `+1234`, `1,234`, `$1,234.00`, `-1234`, `(1,234)` (negative), Excel's accounting format (`$ (1,234.00)`, `($1,234.00)`, and `$ -` or `-` for zero), white space around them (non-breaking spaces too), an empty cell (zero), and in a workbook any number cell. Not accepted: `#REF!` and other error values, `12a`, `1.2.3`, `1,23`, a number of more than 27 significant digits ("too large"), and in a workbook a formula that was never calculated.

**Why.** A spreadsheet error value or a typo in a cost or revenue cell changes what the schedules add up to, and OMH computes State Aid from them. The checks that use the cell are skipped, so they cannot vouch for it.

**How to fix.** Correct the cell in the workbook (a `#REF!` usually means a formula points at a deleted row or sheet) and export again. A formula without a computed value is fixed by opening the workbook in Excel and saving it.

**Example.** `personal_services `#REF!` is not an amount`."#,
};

pub static IN005: Rule = Rule {
    code: "IN005",
    name: "bad-period",
    severity: Severity::Error,
    summary:
        "period dates unparsable, end before start, or not a full Jan 1-Dec 31 or Jul 1-Jun 30 year",
    needs: &[],
    explanation: r#"**What.** `period_start` or `period_end` is not a date (`YYYY-MM-DD` or `M/D/YYYY`), the period ends before it starts, or it is not a full reporting year.

**Why.** CFR reporting periods are a calendar year (January 1 - December 31, upstate and Long Island) or a July 1 - June 30 fiscal year (New York City). The period also chooses the rulebook edition (Appendix F is issued per period).

**How to fix.** Write the period of the report on every record, e.g. `2009-01-01` and `2009-12-31`, or `7/1/2009` and `6/30/2010`.

**Example.** `period 2009-01-01 to 2009-06-30 is not a full reporting year`."#,
};

pub static IN006: Rule = Rule {
    code: "IN006",
    name: "heading-mismatch",
    severity: Severity::Error,
    summary: "agency_code or period differs between records or schedules of one filing",
    needs: &[],
    explanation: r#"**What.** A record carries an agency code or a reporting period different from the rest of the filing (the first record read sets what the filing is: CFR-1 first).

**Why.** A filing is one agency's report for one period. A record from another agency or year usually means rows were pasted from another workbook, and its amounts would be claimed in the wrong report.

**How to fix.** Remove the stray records, or correct the heading cells. One finding per file and column names the first such record and how many there are.

**Example.** `agency_code `54321` differs from the filing's agency code `12345` (3 records of this file)`."#,
};

pub static IN007: Rule = Rule {
    code: "IN007",
    name: "ragged-record",
    severity: Severity::Error,
    summary: "a record has a different number of fields than the header",
    needs: &[],
    explanation: r#"**What.** A record has more or fewer fields than the header row. The record is skipped: its cells cannot be matched to columns.

**Why.** Usually an unquoted comma inside a name (`Smith, Jones Clinic`), a line break inside a cell that was not quoted, or rows copied from a differently laid-out sheet.

**How to fix.** Quote cells that contain commas or line breaks (Excel does this when it saves CSV), or fix the row so it has one cell per header column.

**Example.** `record has 15 fields but the header has 14`."#,
};

pub static IN008: Rule = Rule {
    code: "IN008",
    name: "spreadsheet-mangled-code",
    severity: Severity::Warning,
    summary:
        "a code or index lost its leading zeros (`40` for `0040`, `1` for `01`) and was normalised",
    needs: &[],
    explanation: r#"**What.** A program code of one to three digits, a one-digit program index, or a funding source code of one or two digits was read with its leading zeros restored: `40` is `0040`, `890` is `0890`, index `1` is `01`, funding source `1` is `001`.

**Why.** Excel treats codes as numbers and strips their leading zeros when it opens or saves a CSV. cfrcheck reads them as intended, but OMH's software may not: program codes are four digits and indexes two (Appendix F, "When to Index Program Codes").

**How to fix.** Format the code columns as Text in Excel before typing or pasting codes, or import the CSV with those columns set to Text. One finding per file and column names the first cell and how many were restored.

**Example.** `program_code `890` lost its leading zeros in a spreadsheet and was read as `0890``."#,
};

pub static IN010: Rule = Rule {
    code: "IN010",
    name: "empty-schedule",
    severity: Severity::Warning,
    summary: "a schedule file has a header but no records",
    needs: &[],
    explanation: r#"**What.** The file has a header row and nothing else.

**Why.** An empty schedule usually means the export was run with the wrong filter or before the data was entered; the cross-schedule rules then report every program of the other schedules as missing from it.

**How to fix.** Export the schedule again with its records, or remove the file if the schedule really does not apply.

**Example.** `DMH-1.csv has a header but no records`."#,
};

pub static IN012: Rule = Rule {
    code: "IN012",
    name: "decoded-as-windows-1252",
    severity: Severity::Info,
    summary: "a file was not valid UTF-8 and was read as Windows-1252 (Excel's \"CSV (Comma delimited)\")",
    needs: &[],
    explanation: r#"**What.** The file is not valid UTF-8, so it was read as Windows-1252, the encoding Excel's "CSV (Comma delimited)" format writes on US Windows.

**Why.** Names with accents or typographic dashes (`é`, `–`) are stored differently in the two encodings. cfrcheck reads both, but other tools may show garbled names.

**How to fix.** In Excel use "Save As" > "CSV UTF-8 (Comma delimited)". To read Windows-1252 files without this note, pass `--encoding windows-1252`.

**Example.** `CFR-1.csv is not valid UTF-8 (first at line 4); read as Windows-1252`."#,
};

pub static IN015: Rule = Rule {
    code: "IN015",
    name: "totals-row",
    severity: Severity::Warning,
    summary: "a record is a totals or subtotals row (a label such as `Total` where a code belongs, or no code and only amounts); it was skipped",
    needs: &[],
    explanation: r#"**What.** A row of the schedule is a totals row people add at the bottom of a sheet: a label such as `Total`, `TOTAL`, `Subtotal` or `Grand Total` where the program code belongs (or in the name column with no code), or a row with no program code, no index, site, county or heading, and nothing but amounts. The row is skipped.

**Why.** A schedule export has one record per program/site column (or program row); a totals row is none of them. Read as a record it would be an unknown program code and would count every amount twice. cfrcheck adds up the schedules itself (the TO rules).

**How to fix.** Leave totals rows out of the range you export, or delete them from the CSV. Nothing else needs to change: the row was not checked.

**Example.** `this row looks like a totals row (`Total` where the program code belongs); it was skipped`."#,
};

pub static IN016: Rule = Rule {
    code: "IN016",
    name: "duplicate-column",
    severity: Severity::Error,
    summary: "two header cells name the same column after normalisation (names both positions); neither is used silently",
    needs: &[],
    explanation: r#"**What.** Two cells of the header row name the same column once names are normalised (`Total Expenses` and `total_expenses` are both `total_expenses`). The message gives both positions, as numbers and as spreadsheet column letters.

**Why.** cfrcheck cannot know which of the two columns holds the figures the CFR reports; picking one silently could check the wrong numbers and pass a wrong filing. Neither column is used: the checks that need it are skipped (and when the column identifies the records, such as `program_code`, the file's records are not checked).

**How to fix.** Delete the column that should not be there, or rename it to something cfrcheck does not read (for example `total_expenses_prior_year`).

**Example.** `two header cells name `total_expenses`: column 13 (M) and column 14 (N); neither is used`."#,
};
