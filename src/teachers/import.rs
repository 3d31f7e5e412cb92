//! Reading a roster upload (CSV in UTF-8 or Big5, XLSX, XLS, ODS) into rows
//! of teacher fields, with every problem named by line and column. Pure: no
//! database, so the parser can be tested (and fuzzed) on its own.

use std::collections::HashMap;

use calamine::{Data, Reader};

use super::national_id::NationalId;
use crate::error::{is_plausible_email, ErrorCode};

/// A school's roster is a few hundred teachers; this leaves room for the
/// largest without letting a stray export of a whole county through.
pub const MAX_ROWS: usize = 5_000;

/// Why a whole file is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Empty,
    /// Neither UTF-8 nor Big5.
    Encoding,
    /// A spreadsheet that could not be opened.
    Spreadsheet(String),
    /// Required columns missing or columns not understood.
    Headers(String),
    TooManyRows(usize),
}

impl FileError {
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "The file has no rows.".into(),
            Self::Encoding => "The file is neither UTF-8 nor Big5 text, nor a spreadsheet \
                               (XLSX, XLS, ODS). Save it as CSV UTF-8 or as XLSX."
                .into(),
            Self::Spreadsheet(why) => format!("The spreadsheet could not be read: {why}."),
            Self::Headers(why) => why.clone(),
            Self::TooManyRows(n) => format!(
                "The file has {n} rows; at most {MAX_ROWS} teachers can be imported at once."
            ),
        }
    }
}

/// Which encoding or format the file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    CsvUtf8,
    CsvBig5,
    Spreadsheet,
}

/// The columns a roster file may have; the first two are required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    NationalId,
    Name,
    Email,
    Stage,
    JobTitle,
}

impl Column {
    /// The header names accepted for each column (Chinese as schools write
    /// them, and the English field names).
    fn from_header(h: &str) -> Option<Self> {
        let h: String = h
            .trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match h.as_str() {
            "身分證統一編號"
            | "身分證字號"
            | "身分證號"
            | "身分證號碼"
            | "統一證號"
            | "居留證號"
            | "nationalid"
            | "national_id" => Self::NationalId,
            "姓名" | "name" => Self::Name,
            "電子郵件" | "email" | "e-mail" | "電子信箱" => Self::Email,
            "教育階段" | "stage" | "educationstage" | "education_stage" => Self::Stage,
            "職稱" | "jobtitle" | "job_title" => Self::JobTitle,
            _ => return None,
        })
    }

    /// The column's name in messages and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Self::NationalId => "身分證統一編號",
            Self::Name => "姓名",
            Self::Email => "電子郵件",
            Self::Stage => "教育階段",
            Self::JobTitle => "職稱",
        }
    }
}

/// A problem with one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    pub column: Option<Column>,
    pub code: ErrorCode,
    pub message: String,
}

/// One data row: its line in the file (the header is line 1), what could be
/// read, and what is wrong with it.
#[derive(Clone, Debug)]
pub struct Row {
    pub line: usize,
    pub national_id: Option<NationalId>,
    pub name: String,
    pub email: Option<String>,
    pub stage: Option<String>,
    pub job_title: Option<String>,
    pub errors: Vec<CellError>,
}

/// A cell's text, and whether it holds a formula.
struct Cell {
    text: String,
    formula: bool,
}

/// Reads a roster file.
pub fn read(bytes: &[u8]) -> Result<(SourceFormat, Vec<Row>), FileError> {
    let (format, table) = if is_spreadsheet(bytes) {
        (SourceFormat::Spreadsheet, spreadsheet(bytes)?)
    } else {
        let (format, text) = decode(bytes)?;
        (format, csv_table(&text)?)
    };
    Ok((format, rows(table)?))
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    // ZIP (XLSX, ODS) or OLE compound file (XLS).
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// UTF-8 (with or without BOM), else Big5 (older Windows tools), else refused.
fn decode(bytes: &[u8]) -> Result<(SourceFormat, String), FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((SourceFormat::CsvUtf8, text.to_owned()));
    }
    encoding_rs::BIG5
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (SourceFormat::CsvBig5, t.into_owned()))
        .ok_or(FileError::Encoding)
}

fn csv_table(text: &str) -> Result<Vec<Vec<Cell>>, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Spreadsheet(format!("CSV: {e}")))?;
        table.push(
            record
                .iter()
                .map(|v| Cell {
                    text: v.trim().to_owned(),
                    // CSV has no formulas, but a spreadsheet opening the
                    // exported file would run one; refuse such values.
                    formula: v.trim_start().starts_with(['=', '+', '@']),
                })
                .collect(),
        );
        if table.len() > MAX_ROWS + 1 {
            break;
        }
    }
    Ok(table)
}

fn spreadsheet(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, FileError> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| FileError::Spreadsheet(e.to_string()))?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(FileError::Empty);
    };
    let values = book
        .worksheet_range(&sheet)
        .map_err(|e| FileError::Spreadsheet(e.to_string()))?;
    let formulas = book.worksheet_formula(&sheet).ok();
    let (top, left) = values.start().unwrap_or((0, 0));
    let mut table = Vec::new();
    for (r, row) in values.rows().enumerate() {
        table.push(
            row.iter()
                .enumerate()
                .map(|(c, v)| {
                    let at = (top + r as u32, left + c as u32);
                    let formula = formulas
                        .as_ref()
                        .and_then(|f| f.get_value(at))
                        .is_some_and(|f| !f.is_empty());
                    Cell {
                        text: cell_text(v),
                        formula,
                    }
                })
                .collect(),
        );
        if table.len() > MAX_ROWS + 1 {
            break;
        }
    }
    Ok(table)
}

fn cell_text(v: &Data) -> String {
    match v {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        // Whole numbers typed into a text column come back as floats.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_owned(),
    }
}

/// Education stages as schools write them.
fn stage_code(s: &str) -> Option<&'static str> {
    Some(match s.trim().to_lowercase().as_str() {
        "學前" | "幼兒園" | "學前教育" | "preschool" => "preschool",
        "國小" | "國民小學" | "elementary" => "elementary",
        "國中" | "國民中學" | "junior_high" => "junior_high",
        "高中" | "高中職" | "高級中等學校" | "senior_high" => "senior_high",
        "特教" | "特殊教育" | "special_education" => "special_education",
        _ => return None,
    })
}

fn rows(table: Vec<Vec<Cell>>) -> Result<Vec<Row>, FileError> {
    let mut lines = table.into_iter().enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(FileError::Empty);
    };
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut unknown = Vec::new();
    for cell in &header {
        let column = Column::from_header(&cell.text);
        if column.is_none() && !cell.text.is_empty() {
            unknown.push(cell.text.clone());
        }
        columns.push(column);
    }
    let missing: Vec<&str> = [Column::NationalId, Column::Name]
        .into_iter()
        .filter(|c| !columns.contains(&Some(*c)))
        .map(Column::name)
        .collect();
    if !missing.is_empty() || !unknown.is_empty() {
        let mut why = String::from(
            "The first row must name the columns: 身分證統一編號 and 姓名, \
                                    optionally 電子郵件, 教育階段, 職稱.",
        );
        if !missing.is_empty() {
            why.push_str(&format!(" Missing: {}.", missing.join(", ")));
        }
        if !unknown.is_empty() {
            why.push_str(&format!(" Not understood: {}.", unknown.join(", ")));
        }
        return Err(FileError::Headers(why));
    }

    let mut out = Vec::new();
    let mut seen: HashMap<NationalId, usize> = HashMap::new();
    for (index, cells) in lines {
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        if out.len() == MAX_ROWS {
            return Err(FileError::TooManyRows(MAX_ROWS + 1));
        }
        let line = index + 1;
        let mut row = Row {
            line,
            national_id: None,
            name: String::new(),
            email: None,
            stage: None,
            job_title: None,
            errors: Vec::new(),
        };
        let mut values: HashMap<Column, String> = HashMap::new();
        for (cell, column) in cells.iter().zip(&columns) {
            let Some(column) = column else { continue };
            if cell.formula {
                row.errors.push(CellError {
                    column: Some(*column),
                    code: ErrorCode::InvalidFormat,
                    message: "The cell holds a formula; type the value itself.".into(),
                });
                continue;
            }
            values.insert(*column, cell.text.clone());
        }
        let value = |c: Column| values.get(&c).map(String::as_str).unwrap_or("").trim();

        match NationalId::parse(value(Column::NationalId)) {
            Ok(id) => {
                if let Some(first) = seen.insert(id.clone(), line) {
                    row.errors.push(CellError {
                        column: Some(Column::NationalId),
                        code: ErrorCode::AlreadyExists,
                        message: format!("The same national ID as line {first}."),
                    });
                }
                row.national_id = Some(id);
            }
            Err(e) if values.contains_key(&Column::NationalId) => row.errors.push(CellError {
                column: Some(Column::NationalId),
                code: ErrorCode::InvalidFormat,
                message: e.message().into(),
            }),
            Err(_) => {}
        }
        row.name = value(Column::Name).to_owned();
        if row.name.is_empty() && values.contains_key(&Column::Name) {
            row.errors.push(CellError {
                column: Some(Column::Name),
                code: ErrorCode::Required,
                message: "The name is missing.".into(),
            });
        } else if row.name.chars().count() > 100 {
            row.errors.push(CellError {
                column: Some(Column::Name),
                code: ErrorCode::TooLong,
                message: "A name may have at most 100 characters.".into(),
            });
        }
        let email = value(Column::Email);
        if !email.is_empty() {
            if is_plausible_email(email) && email.len() <= 254 {
                row.email = Some(email.to_owned());
            } else {
                row.errors.push(CellError {
                    column: Some(Column::Email),
                    code: ErrorCode::InvalidEmail,
                    message: format!("“{email}” is not a valid email address."),
                });
            }
        }
        let stage = value(Column::Stage);
        if !stage.is_empty() {
            match stage_code(stage) {
                Some(code) => row.stage = Some(code.to_owned()),
                None => row.errors.push(CellError {
                    column: Some(Column::Stage),
                    code: ErrorCode::InvalidFormat,
                    message: format!(
                        "“{stage}” is not an education stage; use 學前, 國小, 國中, 高中 or 特教."
                    ),
                }),
            }
        }
        let job_title = value(Column::JobTitle);
        if job_title.chars().count() > 50 {
            row.errors.push(CellError {
                column: Some(Column::JobTitle),
                code: ErrorCode::TooLong,
                message: "A job title may have at most 50 characters.".into(),
            });
        } else if !job_title.is_empty() {
            row.job_title = Some(job_title.to_owned());
        }
        // Required cells left empty (or missing from a short row).
        for (column, code) in [(Column::NationalId, "national ID"), (Column::Name, "name")] {
            let absent =
                value(column).is_empty() && !row.errors.iter().any(|e| e.column == Some(column));
            if absent {
                row.errors.push(CellError {
                    column: Some(column),
                    code: ErrorCode::Required,
                    message: format!("The {code} is missing."),
                });
            }
        }
        out.push(row);
    }
    if out.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(row: &Row) -> Vec<(Option<Column>, ErrorCode)> {
        row.errors.iter().map(|e| (e.column, e.code)).collect()
    }

    #[test]
    fn a_utf8_csv_with_bom_and_chinese_headers_reads() {
        let file = "\u{feff}身分證統一編號,姓名,電子郵件,教育階段,職稱\r\n\
                    e120005006,張志豪,chang@school.example,國小,導師\r\n\
                    ,,,,\r\n\
                    A220003000,王淑惠,,特教,\r\n";
        let (format, rows) = read(file.as_bytes()).unwrap();
        assert_eq!(format, SourceFormat::CsvUtf8);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(
            rows[1].line, 4,
            "blank lines are skipped, line numbers kept"
        );
        assert_eq!(rows[0].national_id.as_ref().unwrap().masked(), "E12****006");
        assert_eq!(rows[0].stage.as_deref(), Some("elementary"));
        assert!(rows.iter().all(|r| r.errors.is_empty()), "{rows:?}");
    }

    #[test]
    fn big5_from_older_tools_is_detected() {
        let text = "身分證統一編號,姓名\r\nE120005006,張志豪\r\n";
        let (big5, _, unmappable) = encoding_rs::BIG5.encode(text);
        assert!(!unmappable);
        let (format, rows) = read(&big5).unwrap();
        assert_eq!(format, SourceFormat::CsvBig5);
        assert_eq!(rows[0].name, "張志豪");
    }

    #[test]
    fn undecodable_bytes_are_refused() {
        assert_eq!(
            read(&[0xFF, 0xFE, 0x00, 0x81, 0x00]).unwrap_err(),
            FileError::Encoding
        );
    }

    #[test]
    fn wrong_headers_say_what_is_missing_and_what_is_not_understood() {
        let err = read("ID,Name,Phone\nE120005006,x,1\n".as_bytes()).unwrap_err();
        let message = err.message();
        assert!(message.contains("Missing: 身分證統一編號"), "{message}");
        assert!(message.contains("Not understood: ID, Phone"), "{message}");
        assert_eq!(read(b"").unwrap_err(), FileError::Empty);
        assert_eq!(
            read("姓名,身分證字號\n".as_bytes()).unwrap_err(),
            FileError::Empty
        );
    }

    #[test]
    fn each_bad_cell_is_named_by_line_and_column() {
        let file = "身分證統一編號,姓名,電子郵件,教育階段\n\
                    E120005007,甲,,國小\n\
                    E120005006,,not-an-email,大學\n\
                    =HYPERLINK(\"x\"),乙,,\n\
                    E120005006,丙,,\n";
        let (_, rows) = read(file.as_bytes()).unwrap();
        assert_eq!(
            errors(&rows[0]),
            [(Some(Column::NationalId), ErrorCode::InvalidFormat)]
        );
        assert_eq!(
            errors(&rows[1]),
            [
                (Some(Column::Name), ErrorCode::Required),
                (Some(Column::Email), ErrorCode::InvalidEmail),
                (Some(Column::Stage), ErrorCode::InvalidFormat),
            ]
        );
        assert_eq!(
            errors(&rows[2]),
            [(Some(Column::NationalId), ErrorCode::InvalidFormat)]
        );
        assert!(rows[2].errors[0].message.contains("formula"));
        assert_eq!(
            errors(&rows[3]),
            [(Some(Column::NationalId), ErrorCode::AlreadyExists)]
        );
        assert!(rows[3].errors[0].message.contains("line 3"));
        // No message repeats a national ID.
        for row in &rows {
            for e in &row.errors {
                assert!(!e.message.contains("E120005006") && !e.message.contains("E120005007"));
            }
        }
    }

    #[test]
    fn too_many_rows_are_refused_before_anything_else() {
        let mut file = String::from("身分證統一編號,姓名\n");
        for _ in 0..100_000 {
            file.push_str("E120005006,某人\n");
        }
        assert_eq!(
            read(file.as_bytes()).unwrap_err(),
            FileError::TooManyRows(MAX_ROWS + 1)
        );
    }

    proptest::proptest! {
        /// The parser never panics, whatever it is given (the fuzz target
        /// of the import, run as a property test on every `cargo test`).
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = read(&bytes);
        }

        #[test]
        fn arbitrary_csv_text_never_panics(text in "[身分證統一編號姓名,\\n\\r\"=A-Z0-9 ]{0,400}") {
            let _ = read(text.as_bytes());
        }

        #[test]
        fn zip_like_garbage_never_panics(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = read(&bytes);
        }
    }
}
