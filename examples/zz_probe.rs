use calamine::{open_workbook_auto, Reader};
fn main() {
    for path in std::env::args().skip(1) {
        let mut wb = open_workbook_auto(&path).unwrap();
        println!("== {path}: {:?}", wb.sheet_names());
        for name in wb.sheet_names() {
            let r = wb.worksheet_range(&name).unwrap();
            let f = wb.worksheet_formula(&name).unwrap();
            println!("-- {name} values start {:?} end {:?}; formulas start {:?} end {:?}", r.start(), r.end(), f.start(), f.end());
            for (row, col, v) in f.used_cells() { if !v.is_empty() { println!("  formula at {:?}: {v:?} value {:?}", (row, col), r.get_value(( f.start().unwrap().0 + row as u32, f.start().unwrap().1 + col as u32))); } }
            for (i, row) in r.rows().take(3).enumerate() { println!("  row{i}: {:?}", row); }
        }
    }
}
