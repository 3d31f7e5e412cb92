//! Reading an hours upload: a table of personal codes and hours (and an
//! optional reason, needed for corrections), every problem named by line
//! and column. Pure, like the roster import.

use std::collections::HashMap;

use super::Candidate;
use crate::{
    error::ErrorCode,
    half_hours::HalfHours,
    tables::{self, Cell, FileError, SourceFormat},
    teachers::personal_code::{CodeError, PersonalCode},
};

/// A large online course has a few thousand participants; this leaves room
/// for the largest without letting a stray export of a whole county in.
pub const MAX_ROWS: usize = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    PersonalCode,
    Hours,
    Reason,
    /// For the organizer's eyes; not read.
    Name,
}

impl Column {
    fn from_header(h: &str) -> Option<Self> {
        let key: String = h
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_')
            .collect::<String>()
            .to_lowercase();
        Some(match key.as_str() {
            "個人專用識別碼" | "識別碼" | "personalcode" | "code" => Self::PersonalCode,
            "時數" | "研習時數" | "hours" => Self::Hours,
            "理由" | "備註" | "更正理由" | "reason" => Self::Reason,
            "姓名" | "name" => Self::Name,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::PersonalCode => "個人專用識別碼",
            Self::Hours => "時數",
            Self::Reason => "理由",
            Self::Name => "姓名",
        }
    }
}

/// A problem with one cell of this kind of file.
pub type CellError = tables::CellError<Column>;

/// Hours as typed (`3`, `3.5`, `3.0`) in halves; `Err` says why not, with
/// the `problem` (`notNumber`, `halves`, `range`) as a param.
pub fn half_hours(text: &str) -> Result<i32, CellError> {
    let refused = |problem: &str, message: String| {
        CellError {
            column: Some(Column::Hours),
            code: ErrorCode::OutOfRange,
            message,
            params: Vec::new(),
        }
        .param("problem", problem)
    };
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| refused("notNumber", format!("“{text}” is not a number of hours.")))?;
    let Some(halves) = HalfHours::from_hours(value) else {
        return Err(refused(
            "halves",
            format!("Hours are given in halves (e.g. 3 or 3.5), not {text}."),
        ));
    };
    if halves.0 <= 0 || halves.0 > 2000 {
        return Err(refused(
            "range",
            format!("{text} is not a number of hours a course can grant."),
        ));
    }
    Ok(halves.as_i32())
}

/// A personal code that does not parse, with its `problem` (`format`,
/// `checksum`) as a param.
pub fn code_error(e: CodeError) -> CellError {
    CellError {
        column: Some(Column::PersonalCode),
        code: ErrorCode::InvalidFormat,
        message: e.message().into(),
        params: Vec::new(),
    }
    .param("problem", e.problem())
}

/// A personal code given again: `place` is where it came first (`line`
/// of a file, or `entry` of a list), also a param of that name.
pub fn repeated_code(place: &str, first: usize) -> CellError {
    CellError {
        column: Some(Column::PersonalCode),
        code: ErrorCode::AlreadyExists,
        message: format!("The same personal code as {place} {first}."),
        params: Vec::new(),
    }
    .param(place, first)
}

/// A reason over the limit of 500 characters.
pub fn reason_too_long() -> CellError {
    CellError {
        column: Some(Column::Reason),
        code: ErrorCode::TooLong,
        message: "A reason may have at most 500 characters.".into(),
        params: Vec::new(),
    }
    .param("max", 500)
}

/// [`read`] on a blocking thread, for request handlers.
pub async fn read_off_the_runtime(
    bytes: bytes::Bytes,
) -> Result<(SourceFormat, Vec<Candidate>), FileError> {
    tables::off_the_runtime(move || read(&bytes)).await
}

pub fn read(bytes: &[u8]) -> Result<(SourceFormat, Vec<Candidate>), FileError> {
    let (format, table) = tables::read(bytes, MAX_ROWS)?;
    Ok((format, rows(table)?))
}

fn rows(table: Vec<Vec<Cell>>) -> Result<Vec<Candidate>, FileError> {
    let lines = tables::lines(
        table,
        Column::from_header,
        &[
            (Column::PersonalCode, Column::PersonalCode.name()),
            (Column::Hours, Column::Hours.name()),
        ],
        "The first row must name the columns: 個人專用識別碼 and 時數, optionally 理由 \
         (needed to correct hours already granted) and 姓名.",
        MAX_ROWS,
    )?;
    let mut out = Vec::with_capacity(lines.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for mut row in lines {
        let line = row.line;
        let mut errors = std::mem::take(&mut row.errors);
        let value = |c: Column| row.value(c);
        let code_text = value(Column::PersonalCode).to_owned();
        let mut code = None;
        if code_text.is_empty() {
            if !errors
                .iter()
                .any(|e| e.column == Some(Column::PersonalCode))
            {
                errors.push(CellError {
                    column: Some(Column::PersonalCode),
                    code: ErrorCode::Required,
                    message: "The personal code is missing.".into(),
                    params: Vec::new(),
                });
            }
        } else {
            match PersonalCode::parse(&code_text) {
                Ok(c) => {
                    if let Some(first) = seen.insert(c.as_str().to_owned(), line) {
                        errors.push(repeated_code("line", first));
                    }
                    code = Some(c);
                }
                Err(e) => errors.push(code_error(e)),
            }
        }
        let hours_text = value(Column::Hours);
        let mut halves = None;
        if hours_text.is_empty() {
            if !errors.iter().any(|e| e.column == Some(Column::Hours)) {
                errors.push(CellError {
                    column: Some(Column::Hours),
                    code: ErrorCode::Required,
                    message: "The hours are missing.".into(),
                    params: Vec::new(),
                });
            }
        } else {
            match half_hours(hours_text) {
                Ok(h) => halves = Some(h),
                Err(e) => errors.push(e),
            }
        }
        let reason = value(Column::Reason);
        if reason.chars().count() > 500 {
            errors.push(reason_too_long());
        }
        out.push(Candidate {
            line,
            code_text,
            code,
            half_hours: halves,
            reason: (!reason.is_empty()).then(|| reason.to_owned()),
            errors,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn codes_and_hours_read_with_errors_by_line() {
        let good = PersonalCode::generate();
        let file = format!(
            "個人專用識別碼,姓名,時數,理由\n{},王,3,\n{},陳,2.5,\nZZZZ,林,x,\n,黃,,\n",
            good.as_str().to_lowercase(),
            good.as_str()
        );
        let (format, rows) = read(file.as_bytes()).unwrap();
        assert_eq!(format, SourceFormat::CsvUtf8);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].half_hours, Some(6));
        assert!(rows[0].errors.is_empty(), "{rows:?}");
        assert_eq!(
            rows[1].errors[0].code,
            ErrorCode::AlreadyExists,
            "a duplicate row"
        );
        let codes: Vec<ErrorCode> = rows[2].errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, vec![ErrorCode::InvalidFormat, ErrorCode::OutOfRange]);
        let codes: Vec<ErrorCode> = rows[3].errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, vec![ErrorCode::Required, ErrorCode::Required]);
    }

    #[test]
    fn hours_come_in_halves() {
        assert_eq!(half_hours("3"), Ok(6));
        assert_eq!(half_hours(" 3.5 "), Ok(7));
        assert!(half_hours("3.25").is_err());
        assert!(half_hours("0").is_err());
        assert!(half_hours("-1").is_err());
        assert!(half_hours("NaN").is_err());
        assert!(half_hours("1e9").is_err());
    }

    #[test]
    fn wrong_headers_and_empty_files_are_refused_whole() {
        assert_eq!(read(b"").unwrap_err(), FileError::Empty);
        let e = read("代碼,小時\nX,1\n".as_bytes()).unwrap_err();
        assert!(
            e.message().contains("Missing: 個人專用識別碼, 時數"),
            "{}",
            e.message()
        );
        let big = format!(
            "個人專用識別碼,時數\n{}",
            "0000000000,1\n".repeat(MAX_ROWS + 5)
        );
        assert_eq!(
            read(big.as_bytes()).unwrap_err(),
            FileError::TooManyRows(MAX_ROWS)
        );
    }

    proptest! {
        // The fuzz target: no input makes the reader panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = read(&bytes);
        }

        #[test]
        fn arbitrary_csv_like_text_never_panics(text in "[個人專用識別碼時數理由,0-9A-Za-z.=\\n\" -]{0,400}") {
            let _ = read(text.as_bytes());
        }
    }
}
