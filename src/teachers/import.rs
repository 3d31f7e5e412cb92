//! Reading a roster upload (CSV in UTF-8 or Big5, XLSX, XLS, ODS) into rows
//! of teacher fields, with every problem named by line and column. Pure: no
//! database, so the parser can be tested (and fuzzed) on its own.

use std::collections::HashMap;

use super::national_id::NationalId;
pub use crate::tables::{FileError, SourceFormat};
use crate::{
    error::{is_plausible_email, ErrorCode},
    tables::{self, Cell},
};

/// A school's roster is a few hundred teachers; this leaves room for the
/// largest without letting a stray export of a whole county through.
pub const MAX_ROWS: usize = 5_000;

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

/// A problem with one cell of this kind of file.
pub type CellError = tables::CellError<Column>;

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

/// Reads a roster file.
/// [`read`] on a blocking thread, for request handlers.
pub async fn read_off_the_runtime(
    bytes: bytes::Bytes,
) -> Result<(SourceFormat, Vec<Row>), FileError> {
    tables::off_the_runtime(move || read(&bytes)).await
}

pub fn read(bytes: &[u8]) -> Result<(SourceFormat, Vec<Row>), FileError> {
    let (format, table) = tables::read(bytes, MAX_ROWS)?;
    Ok((format, rows(table)?))
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
    let lines = tables::lines(
        table,
        Column::from_header,
        &[
            (Column::NationalId, Column::NationalId.name()),
            (Column::Name, Column::Name.name()),
        ],
        "The first row must name the columns: 身分證統一編號 and 姓名, \
         optionally 電子郵件, 教育階段, 職稱.",
        MAX_ROWS,
    )?;

    let mut out = Vec::with_capacity(lines.len());
    let mut seen: HashMap<NationalId, usize> = HashMap::new();
    for mut cells in lines {
        let line = cells.line;
        let mut row = Row {
            line,
            national_id: None,
            name: String::new(),
            email: None,
            stage: None,
            job_title: None,
            errors: std::mem::take(&mut cells.errors),
        };
        let value = |c: Column| cells.value(c);

        match NationalId::parse(value(Column::NationalId)) {
            Ok(id) => {
                if let Some(first) = seen.insert(id.clone(), line) {
                    row.errors.push(
                        CellError {
                            column: Some(Column::NationalId),
                            code: ErrorCode::AlreadyExists,
                            message: format!("The same national ID as line {first}."),
                            params: Vec::new(),
                        }
                        .param("line", first),
                    );
                }
                row.national_id = Some(id);
            }
            Err(e) if cells.has(Column::NationalId) => row.errors.push(
                CellError {
                    column: Some(Column::NationalId),
                    code: ErrorCode::InvalidFormat,
                    message: e.message().into(),
                    params: Vec::new(),
                }
                .param("problem", e.problem()),
            ),
            Err(_) => {}
        }
        row.name = value(Column::Name).to_owned();
        if row.name.is_empty() && cells.has(Column::Name) {
            row.errors.push(CellError {
                column: Some(Column::Name),
                code: ErrorCode::Required,
                message: "The name is missing.".into(),
                params: Vec::new(),
            });
        } else if row.name.chars().count() > 100 {
            row.errors.push(
                CellError {
                    column: Some(Column::Name),
                    code: ErrorCode::TooLong,
                    message: "A name may have at most 100 characters.".into(),
                    params: Vec::new(),
                }
                .param("max", 100),
            );
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
                    params: Vec::new(),
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
                    params: Vec::new(),
                }),
            }
        }
        let job_title = value(Column::JobTitle);
        if job_title.chars().count() > 50 {
            row.errors.push(
                CellError {
                    column: Some(Column::JobTitle),
                    code: ErrorCode::TooLong,
                    message: "A job title may have at most 50 characters.".into(),
                    params: Vec::new(),
                }
                .param("max", 50),
            );
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
                    params: Vec::new(),
                });
            }
        }
        out.push(row);
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
            FileError::TooManyRows(MAX_ROWS)
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
