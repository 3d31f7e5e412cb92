//! Reading uploaded tables (CSV in UTF-8 or Big5, XLSX, XLS, ODS) into rows
//! of cells, for the roster import and the hours upload. Pure: no database,
//! so it can be tested (and fuzzed) on its own.

use calamine::{Data, Reader};

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
    /// More rows than the limit given.
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
            Self::TooManyRows(limit) => format!(
                "The file has more than {limit} rows; at most {limit} can be uploaded at once."
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

impl SourceFormat {
    /// As reports name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::CsvUtf8 => "CSV_UTF8",
            Self::CsvBig5 => "CSV_BIG5",
            Self::Spreadsheet => "SPREADSHEET",
        }
    }
}

/// A cell's text, and whether it holds a formula.
pub struct Cell {
    pub text: String,
    pub formula: bool,
}

/// Reads a file as a table, its header first. Reading stops a row past
/// `max_rows` data rows: the caller refuses such a file without the rest
/// being read into memory.
pub fn read(bytes: &[u8], max_rows: usize) -> Result<(SourceFormat, Vec<Vec<Cell>>), FileError> {
    if is_spreadsheet(bytes) {
        Ok((SourceFormat::Spreadsheet, spreadsheet(bytes, max_rows)?))
    } else {
        let (format, text) = decode(bytes)?;
        Ok((format, csv_table(&text, max_rows)?))
    }
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

fn csv_table(text: &str, max_rows: usize) -> Result<Vec<Vec<Cell>>, FileError> {
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
        if table.len() > max_rows + 1 {
            break;
        }
    }
    Ok(table)
}

fn spreadsheet(bytes: &[u8], max_rows: usize) -> Result<Vec<Vec<Cell>>, FileError> {
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
        if table.len() > max_rows + 1 {
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

/// A problem with one cell of a file whose columns are `C` (or with the
/// row, when `column` is None).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError<C> {
    pub column: Option<C>,
    pub code: crate::error::ErrorCode,
    pub message: String,
}

/// Reads the header row into columns with `from_header`. The file is
/// refused when a `required` column (with its name) is missing or a heading
/// is not understood; the message starts with `expected`, which names the
/// columns a file should have.
pub fn columns<C: Copy + PartialEq>(
    header: &[Cell],
    from_header: impl Fn(&str) -> Option<C>,
    required: &[(C, &str)],
    expected: &str,
) -> Result<Vec<Option<C>>, FileError> {
    let columns: Vec<Option<C>> = header.iter().map(|c| from_header(&c.text)).collect();
    let unknown: Vec<&str> = header
        .iter()
        .zip(&columns)
        .filter(|(c, col)| col.is_none() && !c.text.is_empty())
        .map(|(c, _)| c.text.as_str())
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .filter(|(c, _)| !columns.contains(&Some(*c)))
        .map(|(_, name)| *name)
        .collect();
    if missing.is_empty() && unknown.is_empty() {
        return Ok(columns);
    }
    let mut why = expected.to_owned();
    if !missing.is_empty() {
        why.push_str(&format!(" Missing: {}.", missing.join(", ")));
    }
    if !unknown.is_empty() {
        why.push_str(&format!(" Not understood: {}.", unknown.join(", ")));
    }
    Err(FileError::Headers(why))
}
