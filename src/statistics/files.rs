//! Tables as files: CSV (UTF-8 with a byte-order mark, so Excel reads
//! Chinese correctly), XLSX, and ODS (OpenDocument, the Taiwan
//! government's open format).

use std::io::Write;

use async_graphql::Enum;
use rust_xlsxwriter::{Format as CellFormat, Workbook};

/// A cell of a downloadable table.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// Suppressed by disclosure control: written as `*`, never as 0.
    Hidden,
}

/// What suppressed cells say in files.
pub const HIDDEN_MARK: &str = "*";

pub struct Sheet {
    /// The sheet's name and the first line of XLSX/ODS files.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Lines under the table in XLSX and ODS (CSV stays pure data).
    pub notes: Vec<String>,
}

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum DownloadFormat {
    Csv,
    Xlsx,
    Ods,
}

impl DownloadFormat {
    pub const ALL: [Self; 3] = [Self::Csv, Self::Xlsx, Self::Ods];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Ods => "ods",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    /// From a file name's extension.
    pub fn from_extension(ext: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

pub fn render(sheet: &Sheet, format: DownloadFormat) -> anyhow::Result<Vec<u8>> {
    match format {
        DownloadFormat::Csv => csv(sheet),
        DownloadFormat::Xlsx => xlsx(sheet),
        DownloadFormat::Ods => ods(sheet),
    }
}

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

fn text_of(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        Value::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Value::Number(n) => n.to_string(),
        Value::Hidden => HIDDEN_MARK.into(),
    }
}

/// Text a spreadsheet would not take for a formula: a leading `=`, `+`,
/// `-`, `@`, tab or carriage return gets an apostrophe in front (OWASP's
/// advice for CSV injection). Names and titles are typed by users.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut out = BOM.to_vec();
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        w.write_record(sheet.headers.iter().map(|h| inert(h)))?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(|v| match v {
                Value::Text(t) => inert(t),
                other => text_of(other),
            }))?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn xlsx(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    // Sheet names are at most 31 characters and exclude []:*?/\.
    let name: String = sheet
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(if name.is_empty() { "Sheet1" } else { &name })?;
    let bold = CellFormat::new().set_bold();
    ws.write_string_with_format(0, 0, &sheet.title, &bold)?;
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &bold)?;
        ws.set_column_width(c as u16, if c == 0 { 24 } else { 14 })?;
    }
    let right = CellFormat::new().set_align(rust_xlsxwriter::FormatAlign::Right);
    for (r, row) in sheet.rows.iter().enumerate() {
        let line = 3 + r as u32;
        for (c, v) in row.iter().enumerate() {
            match v {
                Value::Text(t) => ws.write_string(line, c as u16, t)?,
                Value::Number(n) => ws.write_number(line, c as u16, *n)?,
                Value::Hidden => {
                    ws.write_string_with_format(line, c as u16, HIDDEN_MARK, &right)?
                }
            };
        }
    }
    let after = 4 + sheet.rows.len() as u32;
    for (i, note) in sheet.notes.iter().enumerate() {
        ws.write_string(after + i as u32, 0, note)?;
    }
    ws.set_freeze_panes(3, 0)?;
    Ok(workbook.save_to_buffer()?)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An OpenDocument spreadsheet: the `mimetype` entry first and stored, a
/// manifest, and the content. (ODF 1.2, the version CNS 15251 adopts.)
fn ods(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    use zip::{write::SimpleFileOptions, CompressionMethod, ZipWriter};

    let string_cell = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
            xml_escape(t)
        )
    };
    let mut body = String::new();
    let line = |cells: String| format!("<table:table-row>{cells}</table:table-row>");
    body.push_str(&line(string_cell(&sheet.title)));
    body.push_str(&line(String::new()));
    body.push_str(&line(
        sheet.headers.iter().map(|h| string_cell(h)).collect(),
    ));
    for row in &sheet.rows {
        let cells: String = row
            .iter()
            .map(|v| match v {
                Value::Number(n) => format!(
                    "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{}</text:p></table:table-cell>",
                    text_of(v)
                ),
                other => string_cell(&text_of(other)),
            })
            .collect();
        body.push_str(&line(cells));
    }
    body.push_str(&line(String::new()));
    for note in &sheet.notes {
        body.push_str(&line(string_cell(note)));
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        xml_escape(&sheet.title),
        body
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet" manifest:version="1.2"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(manifest.as_bytes())?;
    zip.start_file("content.xml", deflated)?;
    zip.write_all(content.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use calamine::{open_workbook_auto_from_rs, Data, Reader};

    use super::*;

    fn sample() -> Sheet {
        Sheet {
            title: "統計 <第 1 號> & 測試".into(),
            headers: vec!["縣市".into(), "研習教師數（人）".into()],
            rows: vec![
                vec![Value::Text("臺北市".into()), Value::Number(12.0)],
                vec![Value::Text("臺南市".into()), Value::Hidden],
                vec![Value::Text("合計".into()), Value::Number(14.5)],
            ],
            notes: vec!["* 隱藏".into()],
        }
    }

    /// Reads a file back with an independent reader (calamine).
    fn read_back(bytes: Vec<u8>) -> Vec<Vec<String>> {
        let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let name = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&name).unwrap();
        range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Float(f) => f.to_string(),
                        Data::Int(i) => i.to_string(),
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn csv_starts_with_a_bom_and_marks_hidden_cells() {
        let bytes = render(&sample(), DownloadFormat::Csv).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "縣市,研習教師數（人）\n臺北市,12\n臺南市,*\n合計,14.5\n"
        );
    }

    #[test]
    fn csv_text_is_never_a_formula() {
        let sheet = Sheet {
            title: "t".into(),
            headers: vec!["名稱".into(), "時數".into()],
            rows: vec![
                vec![Value::Text("=HYPERLINK(\"x\")".into()), Value::Number(-1.0)],
                vec![Value::Text("@SUM(A1)".into()), Value::Number(2.0)],
                vec![Value::Text("+886".into()), Value::Hidden],
            ],
            notes: vec![],
        };
        let bytes = render(&sheet, DownloadFormat::Csv).unwrap();
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "名稱,時數\n\"'=HYPERLINK(\"\"x\"\")\",-1\n'@SUM(A1),2\n'+886,*\n"
        );
    }

    #[test]
    fn spreadsheets_read_back_the_same_table() {
        for format in [DownloadFormat::Xlsx, DownloadFormat::Ods] {
            let rows = read_back(render(&sample(), format).unwrap());
            let find = |first: &str| {
                rows.iter()
                    .find(|r| r.first().map(String::as_str) == Some(first))
                    .cloned()
            };
            assert_eq!(find("臺北市").unwrap()[1], "12", "{format:?}");
            assert_eq!(find("臺南市").unwrap()[1], "*", "{format:?}");
            assert_eq!(find("合計").unwrap()[1], "14.5", "{format:?}");
            assert!(
                find("統計 <第 1 號> & 測試").is_some(),
                "{format:?}: {rows:?}"
            );
        }
    }
}
