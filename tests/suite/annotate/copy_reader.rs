//! Reading an annotated copy the way a third party would: its cells with
//! calamine, and what calamine does not read (notes, links, the table,
//! frozen panes) from the XML parts of the zip.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};

/// A cell's value, comparable across formats: calamine reads `.ods`
/// dates as ISO text and `.xlsx` dates as serial numbers, and `.xls`
/// integers as integers.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(String),
    Error(String),
}

/// The non-empty cells of a sheet by (0-based row, column), normalised.
pub fn cells(range: &Range<Data>) -> BTreeMap<(u32, u32), Value> {
    let mut cells = BTreeMap::new();
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    for (row, column, data) in range.used_cells() {
        let value = match data {
            Data::Empty => continue,
            Data::String(text) if text.is_empty() => continue,
            Data::String(text) | Data::DurationIso(text) => Value::Text(text.clone()),
            Data::Float(number) => Value::Number(*number),
            Data::Int(number) => Value::Number(*number as f64),
            Data::Bool(value) => Value::Bool(*value),
            Data::DateTime(datetime) => {
                let (year, month, day, hour, minute, second, _) = datetime.to_ymd_hms_milli();
                Value::Date(iso(year, month, day, hour, minute, second))
            }
            Data::DateTimeIso(text) => Value::Date(text.trim_end_matches("T00:00:00").to_string()),
            Data::Error(error) => Value::Error(format!("{error}")),
        };
        cells.insert(
            (first_row + row as u32, first_column + column as u32),
            value,
        );
    }
    cells
}

fn iso(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> String {
    let date = format!("{year:04}-{month:02}-{day:02}");
    if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date}T{hour:02}:{minute:02}:{second:02}")
    }
}

/// Every sheet of a workbook: its name, cells and formulas (by position).
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), Value>,
    pub formulas: BTreeMap<(u32, u32), String>,
    pub range: Range<Data>,
}

pub fn sheets(path: &Path) -> Vec<Sheet> {
    let mut workbook =
        open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("a sheet");
            let mut formulas = BTreeMap::new();
            if let Ok(found) = workbook.worksheet_formula(&name) {
                let (first_row, first_column) = found.start().unwrap_or((0, 0));
                for (row, column, formula) in found.used_cells() {
                    if !formula.is_empty() {
                        formulas.insert(
                            (first_row + row as u32, first_column + column as u32),
                            formula.clone(),
                        );
                    }
                }
            }
            Sheet {
                name,
                cells: cells(&range),
                formulas,
                range,
            }
        })
        .collect()
}

/// The text of one part of the zip.
pub fn part(path: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(path).expect("the copy");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut entry = archive.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("UTF-8 XML");
    Some(text)
}

/// The opening tags `<name ...>` of an XML text.
fn tags<'x>(xml: &'x str, name: &str) -> Vec<&'x str> {
    let open = format!("<{name} ");
    xml.match_indices(&open)
        .map(|(at, _)| {
            let end = xml[at..].find('>').map_or(xml.len(), |end| at + end);
            &xml[at..end]
        })
        .collect()
}

/// An attribute of a tag, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The worksheet part of each sheet name, in the workbook's order.
pub fn sheet_parts(path: &Path) -> Vec<(String, String)> {
    let workbook = part(path, "xl/workbook.xml").expect("workbook.xml");
    let rels = part(path, "xl/_rels/workbook.xml.rels").expect("workbook rels");
    let targets: BTreeMap<String, String> = tags(&rels, "Relationship")
        .into_iter()
        .filter_map(|tag| Some((attribute(tag, "Id")?, attribute(tag, "Target")?)))
        .collect();
    tags(&workbook, "sheet")
        .into_iter()
        .filter_map(|tag| {
            let name = attribute(tag, "name")?;
            let target = targets.get(&attribute(tag, "r:id")?)?;
            Some((name, format!("xl/{target}")))
        })
        .collect()
}

/// The notes of every sheet: (sheet, cell) to the note's text.
pub fn notes(path: &Path) -> BTreeMap<(String, String), String> {
    let mut notes = BTreeMap::new();
    for (sheet, worksheet) in sheet_parts(path) {
        let rels_name = worksheet.replace("worksheets/", "worksheets/_rels/") + ".rels";
        let Some(rels) = part(path, &rels_name) else {
            continue;
        };
        let comments = tags(&rels, "Relationship")
            .into_iter()
            .filter(|tag| attribute(tag, "Type").is_some_and(|kind| kind.ends_with("/comments")))
            .filter_map(|tag| attribute(tag, "Target"));
        for target in comments {
            let xml =
                part(path, &format!("xl/{}", target.trim_start_matches("../"))).expect("comments");
            for (at, _) in xml.match_indices("<comment ") {
                let end = xml[at..].find("</comment>").expect("closed") + at;
                let comment = &xml[at..end];
                let cell = attribute(comment, "ref").expect("a ref");
                notes.insert((sheet.clone(), cell), text_runs(comment));
            }
        }
    }
    notes
}

/// The text of the `<t>` runs of an XML element.
fn text_runs(xml: &str) -> String {
    let mut text = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<t") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        if !(after[2..].starts_with('>') || after[2..].starts_with(' ')) {
            rest = &after[2..];
            continue;
        }
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</t>") else {
            break;
        };
        text.push_str(&unescape(&body[..close]));
        rest = &body[close..];
    }
    text
}

/// The links of a sheet: cell to where it leads.
pub fn links(path: &Path, sheet: &str) -> BTreeMap<String, String> {
    let worksheet = worksheet_xml(path, sheet);
    tags(&worksheet, "hyperlink")
        .into_iter()
        .filter_map(|tag| Some((attribute(tag, "ref")?, attribute(tag, "location")?)))
        .collect()
}

/// The first cell below and right of the frozen panes of a sheet.
pub fn frozen_at(path: &Path, sheet: &str) -> Option<String> {
    let worksheet = worksheet_xml(path, sheet);
    tags(&worksheet, "pane")
        .into_iter()
        .find_map(|tag| attribute(tag, "topLeftCell"))
}

/// The tables of the copy: (name, range, has an autofilter).
pub fn tables(path: &Path) -> Vec<(String, String, bool)> {
    (1..10)
        .map_while(|number| part(path, &format!("xl/tables/table{number}.xml")))
        .map(|xml| {
            let table = tags(&xml, "table")
                .into_iter()
                .next()
                .expect("a table")
                .to_string();
            (
                attribute(&table, "name").unwrap_or_default(),
                attribute(&table, "ref").unwrap_or_default(),
                xml.contains("<autoFilter "),
            )
        })
        .collect()
}

fn worksheet_xml(path: &Path, sheet: &str) -> String {
    let (_, worksheet) = sheet_parts(path)
        .into_iter()
        .find(|(name, _)| name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    part(path, &worksheet).expect("the worksheet")
}
