#[path = "../benches/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../benches/workbook/mod.rs"]
#[allow(dead_code)]
mod workbook;
fn main() {
    let dir = std::path::Path::new("/dev/shm/zzwb");
    corpus::write_filing(dir, 90100, 10000, 2016, None).unwrap();
    let folder = dir.join(corpus::filing_dir_name(90100));
    workbook::workbook_from_filing(&folder, &dir.join("faulty.xlsx"), Some(10)).unwrap();
}
