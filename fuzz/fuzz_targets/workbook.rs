//! The spreadsheet path of `tables::read`: arbitrary bytes, and ZIP
//! archives built from the fuzzer's bytes with the member names an XLSX or
//! an ODS has (so the fuzzer reaches the XML readers rather than the ZIP
//! checksum). Every input gives a table or a file error: nothing panics,
//! and nothing allocates by what a file claims (scripts/fuzz-smoke.sh runs
//! this under a memory limit).
//!
//! With INSERVICE_FUZZ_SEEDS=<dir>, the first run writes a few seeds there
//! (small valid and hostile files), so no binary corpus is kept in the
//! repository.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const MAX_ROWS: usize = 50;

/// Member names an input's parts are stored under: enough of an XLSX and
/// of an ODS for calamine and the ODS reader to go past opening.
const NAMES: [&str; 8] = [
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "content.xml",
    "mimetype",
];

/// Splits `data` at each 0xFF 0xFE into members; the first byte of a part
/// names it (an index into NAMES).
fn archive(data: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for part in data.split(|b| *b == 0xFE) {
        let Some((&name, content)) = part.split_first() else { continue };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        if zip.start_file(NAMES[usize::from(name) % NAMES.len()], options).is_err() {
            continue;
        }
        let _ = zip.write_all(content);
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn check(bytes: &[u8]) {
    if let Ok((format, table)) = inservice::tables::read(bytes, MAX_ROWS) {
        assert!(table.len() <= MAX_ROWS + 2, "{} rows", table.len());
        // CSV has no column limit: its memory is bounded by its size.
        if format != inservice::tables::SourceFormat::Spreadsheet {
            return;
        }
        for row in &table {
            assert!(row.len() <= inservice::tables::MAX_COLUMNS as usize);
        }
    }
}

fn seed(dir: &str) {
    let part = |name: usize, content: &str| {
        let mut p = vec![name as u8];
        p.extend_from_slice(content.as_bytes());
        p
    };
    let join = |parts: Vec<Vec<u8>>| parts.join(&[0xFE][..]);
    let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let xlsx = |sheet: &str| {
        join(vec![
            part(1, workbook),
            part(2, rels),
            part(3, &format!("<worksheet><sheetData>{sheet}</sheetData></worksheet>")),
            part(4, "<sst uniqueCount=\"2\"><si><t>a</t></si><si><r><t>b</t></r></si></sst>"),
        ])
    };
    let ods = |rows: &str| {
        join(vec![
            part(7, "application/vnd.oasis.opendocument.spreadsheet"),
            part(6, &format!("<office:document-content><office:body><office:spreadsheet><table:table>{rows}</table:table></office:spreadsheet></office:body></office:document-content>")),
        ])
    };
    let seeds: Vec<Vec<u8>> = vec![
        xlsx(r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="s"><v>1</v></c></row>"#),
        xlsx(r#"<row r="3"><c r="C3"><f t="shared" ref="C3:C5" si="0">A1</f><v>1</v></c></row><row r="4"><c r="C4"><f t="shared" si="0"/></c></row>"#),
        xlsx(r#"<row r="1"><c r="XFD1048576"><v>1</v></c></row>"#),
        ods(r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>a<text:s text:c="3"/>b</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1.5" table:formula="of:=1"/></table:table-row>"#),
        ods(r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#),
        "a,b\n1,=2\n".into(),
    ];
    let _ = std::fs::create_dir_all(dir);
    for (i, s) in seeds.iter().enumerate() {
        let _ = std::fs::write(format!("{dir}/seed-{i}"), s);
    }
}

fuzz_target!(
    init: {
        if let Ok(dir) = std::env::var("INSERVICE_FUZZ_SEEDS") {
            seed(&dir);
        }
    },
    |data: &[u8]| {
        check(data);
        check(&archive(data));
    }
);
