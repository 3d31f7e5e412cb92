//! Reading uploaded tables (CSV in UTF-8 or Big5, XLSX, XLS, ODS) into rows
//! of cells, for the roster import and the hours upload. Pure: no database,
//! so it can be tested (and fuzzed) on its own.

use std::{collections::HashMap, hash::Hash};

use calamine::{Data, Reader};

use crate::error::{ErrorCode, InputError};

/// Why a whole file is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Empty,
    /// Neither UTF-8 nor Big5.
    Encoding,
    /// A spreadsheet that could not be opened.
    Spreadsheet(String),
    /// Required columns missing or columns not understood: the message,
    /// and the column names it lists.
    Headers {
        message: String,
        missing: Vec<String>,
        unknown: Vec<String>,
    },
    /// More rows than the limit given.
    TooManyRows(usize),
    /// Beyond a limit on spreadsheets (a cell out of reach, a part too
    /// large once decompressed): the message says which and where.
    Limits(String),
}

impl FileError {
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "The file has no rows.".into(),
            Self::Encoding => "The file is neither UTF-8 nor Big5 text, nor a spreadsheet \
                               (XLSX, XLS, ODS). Save it as CSV UTF-8 or as XLSX."
                .into(),
            Self::Spreadsheet(why) => format!("The spreadsheet could not be read: {why}."),
            Self::Headers { message, .. } => message.clone(),
            Self::Limits(why) => why.clone(),
            Self::TooManyRows(limit) => format!(
                "The file has more than {limit} rows; at most {limit} can be uploaded at once."
            ),
        }
    }

    /// The payload error of an upload refused whole (field `file`): the
    /// message, and as params the `problem` and the values it names, so
    /// clients word it without reading the sentence.
    pub fn refusal(&self) -> InputError {
        let error = InputError::new("file", ErrorCode::InvalidFormat, self.message());
        match self {
            Self::Empty => error.param("problem", "empty"),
            Self::Encoding => error.param("problem", "encoding"),
            Self::Spreadsheet(_) => error.param("problem", "unreadable"),
            Self::Limits(_) => error.param("problem", "limits"),
            Self::TooManyRows(limit) => error.param("problem", "tooManyRows").param("max", limit),
            Self::Headers {
                missing, unknown, ..
            } => {
                let mut error = error.param("problem", "columns");
                if !missing.is_empty() {
                    error = error.param("missing", missing.join(", "));
                }
                if !unknown.is_empty() {
                    error = error.param("unknown", unknown.join(", "));
                }
                error
            }
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
#[derive(Debug)]
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

/// Runs a reader of uploaded bytes on a blocking thread: a spreadsheet
/// takes CPU time (and, bounded, memory) an async worker must not spend
/// while it serves other requests.
pub async fn off_the_runtime<T: Send + 'static>(
    read: impl FnOnce() -> Result<T, FileError> + Send + 'static,
) -> Result<T, FileError> {
    match tokio::task::spawn_blocking(read).await {
        Ok(result) => result,
        Err(e) => {
            // A panic in a reader is a bug to fix; the request gets an answer.
            tracing::error!(error = %e, "reading an uploaded table failed");
            Err(FileError::Spreadsheet(
                "the reader failed on this file (the failure is logged)".into(),
            ))
        }
    }
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

/// Columns a spreadsheet may use: A to CV. The files read here have at most
/// five columns; a cell further right is a mistake or an attack, and the
/// limit bounds what one row can hold.
pub const MAX_COLUMNS: u32 = 100;
/// Characters one spreadsheet cell may hold (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Decompressed bytes one member of an XLSX or ODS archive may have. A
/// roster of 5,000 rows is about 2 MB of worksheet XML.
pub const MAX_MEMBER_BYTES: u64 = 32 << 20;
/// Decompressed bytes all members of an archive may have together.
pub const MAX_ARCHIVE_BYTES: u64 = 64 << 20;
/// Members an archive may have (a workbook has a dozen or two).
pub const MAX_MEMBERS: usize = 1_000;
/// Shared strings an XLSX may declare (calamine reserves room for them all
/// before reading one).
const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// The highest shared-formula index an XLSX may use (calamine keeps a slot
/// for every index up to the highest).
const MAX_SHARED_FORMULA_INDEX: u64 = 65_535;

/// The name of a cell as spreadsheets show it: `(0, 0)` is A1.
pub fn cell_name(row: u64, column: u64) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Gathers the non-empty cells of a sheet, wherever and in whatever order
/// the file gives them, refusing a cell beyond the limits as soon as it is
/// seen. Memory is bounded by the cells present within the limits, never by
/// the positions a file claims.
struct Cells {
    max_rows: usize,
    top: Option<u64>,
    /// The lowest cell seen.
    bottom: Option<(u64, u64)>,
    cells: Vec<(u64, u64, Cell)>,
}

impl Cells {
    fn new(max_rows: usize) -> Self {
        Self {
            max_rows,
            top: None,
            bottom: None,
            cells: Vec::new(),
        }
    }

    /// Rows a table may span: the header, `max_rows` rows and one more, so
    /// that the caller can say the file has too many rows.
    fn span(&self) -> u64 {
        self.max_rows as u64 + 2
    }

    fn push(&mut self, row: u64, column: u64, cell: Cell) -> Result<(), FileError> {
        if cell.text.is_empty() && !cell.formula {
            return Ok(());
        }
        self.check(row, column)?;
        if self.top.is_none_or(|t| row < t) {
            self.top = Some(row);
        }
        if self.bottom.is_none_or(|(b, _)| row > b) {
            self.bottom = Some((row, column));
        }
        // Rows may come in any order: a cell above the ones seen moves the
        // top up, which can put the lowest one out of reach.
        if let (Some(top), Some((bottom, c))) = (self.top, self.bottom) {
            if bottom - top >= self.span() {
                return Err(self.beyond_rows(bottom, c));
            }
        }
        self.cells.push((row, column, cell));
        Ok(())
    }

    /// Refuses a cell at `(row, column)` (with content) beyond the limits.
    fn check(&self, row: u64, column: u64) -> Result<(), FileError> {
        if column >= u64::from(MAX_COLUMNS) {
            return Err(FileError::Limits(format!(
                "Cell {} is beyond column {}: a file may use at most {MAX_COLUMNS} columns.",
                cell_name(row, column),
                cell_name(0, u64::from(MAX_COLUMNS) - 1).trim_end_matches('1'),
            )));
        }
        if let Some(top) = self.top {
            if row >= top + self.span() {
                return Err(self.beyond_rows(row, column));
            }
        }
        Ok(())
    }

    fn beyond_rows(&self, row: u64, column: u64) -> FileError {
        FileError::Limits(format!(
            "Cell {} is beyond the rows a file may use: the header and at most {} rows.",
            cell_name(row, column),
            self.max_rows
        ))
    }

    /// The table from the top-left non-empty cell on, as the dense reader
    /// gave it before: rows without content are empty vectors.
    fn into_table(self) -> Vec<Vec<Cell>> {
        let (Some(top), Some(left)) = (self.top, self.cells.iter().map(|c| c.1).min()) else {
            return Vec::new();
        };
        let mut table: Vec<Vec<Cell>> = Vec::new();
        for (row, column, cell) in self.cells {
            // Both bounded by check(): at most span() rows, MAX_COLUMNS columns.
            let (r, c) = ((row - top) as usize, (column - left) as usize);
            if table.len() <= r {
                table.resize_with(r + 1, Vec::new);
            }
            let line = &mut table[r];
            if line.len() <= c {
                line.resize_with(c + 1, || Cell {
                    text: String::new(),
                    formula: false,
                });
            }
            line[c] = cell;
        }
        table
    }
}

fn spreadsheet(bytes: &[u8], max_rows: usize) -> Result<Vec<Vec<Cell>>, FileError> {
    if bytes.starts_with(b"PK\x03\x04") {
        let kind = archive::scan(bytes, max_rows)?;
        match kind {
            archive::Kind::Xlsx => xlsx(bytes, max_rows),
            archive::Kind::Ods => ods::read(bytes, max_rows),
        }
    } else {
        xls_scan::scan(bytes, max_rows)?;
        xls(bytes, max_rows)
    }
}

fn open_error(e: impl std::fmt::Display) -> FileError {
    FileError::Spreadsheet(e.to_string())
}

/// XLSX through calamine's cell reader, which streams the cells present
/// (its `worksheet_range` allocates the whole rectangle up to the farthest
/// cell: 512 GiB for one at XFD1048576). The archive was scanned first, so
/// every member calamine reads is bounded.
fn xlsx(bytes: &[u8], max_rows: usize) -> Result<Vec<Vec<Cell>>, FileError> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(open_error)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(FileError::Empty);
    };
    // Formulas first (a second pass over the sheet): their positions only,
    // at most one per cell within the limits.
    let mut formulas = std::collections::HashSet::new();
    {
        let mut reader = book.worksheet_cells_reader(&sheet).map_err(open_error)?;
        let limits = Cells::new(max_rows);
        while let Some(cell) = reader.next_formula().map_err(open_error)? {
            if !cell.get_value().is_empty() {
                let (r, c) = cell.get_position();
                limits.check(u64::from(r), u64::from(c))?;
                formulas.insert((r, c));
            }
        }
    }
    let mut cells = Cells::new(max_rows);
    let mut reader = book.worksheet_cells_reader(&sheet).map_err(open_error)?;
    while let Some(cell) = reader.next_cell().map_err(open_error)? {
        let (r, c) = cell.get_position();
        let value: Data = cell.get_value().clone().into();
        cells.push(
            u64::from(r),
            u64::from(c),
            Cell {
                text: cell_text(&value),
                formula: formulas.contains(&(r, c)),
            },
        )?;
    }
    Ok(cells.into_table())
}

/// XLS through calamine, which reads every sheet when it opens the file.
fn xls(bytes: &[u8], max_rows: usize) -> Result<Vec<Vec<Cell>>, FileError> {
    let mut book: calamine::Xls<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(open_error)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(FileError::Empty);
    };
    let values = book.worksheet_range(&sheet).map_err(open_error)?;
    let formulas = book.worksheet_formula(&sheet).unwrap_or_default();
    let position = |range_start: Option<(u32, u32)>, r: usize, c: usize| {
        let (top, left) = range_start.unwrap_or((0, 0));
        (u64::from(top) + r as u64, u64::from(left) + c as u64)
    };
    let formula_at: std::collections::HashSet<(u64, u64)> = formulas
        .used_cells()
        .map(|(r, c, _)| position(formulas.start(), r, c))
        .collect();
    let mut cells = Cells::new(max_rows);
    for (r, c, v) in values.used_cells() {
        let at = position(values.start(), r, c);
        let formula = formula_at.contains(&at);
        cells.push(
            at.0,
            at.1,
            Cell {
                text: cell_text(v),
                formula,
            },
        )?;
    }
    // A formula whose cached value is empty is still a formula.
    for &(r, c) in &formula_at {
        if values
            .get_value((r as u32, c as u32))
            .is_none_or(|v| matches!(v, Data::Empty))
        {
            cells.push(
                r,
                c,
                Cell {
                    text: String::new(),
                    formula: true,
                },
            )?;
        }
    }
    Ok(cells.into_table())
}

/// The first look at an XLSX or ODS file: every member of the archive is
/// decompressed once, counting what it really gives (a member's declared
/// size is the sender's word, and the zip reader does not stop there), and
/// the XML members are checked for the numbers calamine would allocate by.
mod archive {
    use super::{
        FileError, MAX_ARCHIVE_BYTES, MAX_COLUMNS, MAX_MEMBERS, MAX_MEMBER_BYTES,
        MAX_SHARED_FORMULA_INDEX, MAX_SHARED_STRINGS,
    };
    use quick_xml::events::{BytesStart, Event};
    use std::io::Read;

    pub enum Kind {
        Xlsx,
        Ods,
    }

    fn refuse(why: impl Into<String>) -> FileError {
        FileError::Limits(why.into())
    }

    fn broken(e: impl std::fmt::Display) -> FileError {
        FileError::Spreadsheet(e.to_string())
    }

    pub fn scan(bytes: &[u8], max_rows: usize) -> Result<Kind, FileError> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(broken)?;
        if zip.len() > MAX_MEMBERS {
            return Err(refuse(format!(
                "The archive has {} members; a spreadsheet may have at most {MAX_MEMBERS}.",
                zip.len()
            )));
        }
        let mut kind = None;
        let mut total = 0u64;
        // Cells shared formulas may cover, all together: calamine notes
        // every one of them.
        let mut formula_area = 0u64;
        let area_limit = (max_rows as u64 + 2) * u64::from(MAX_COLUMNS);
        for i in 0..zip.len() {
            let member = zip.by_index(i).map_err(broken)?;
            let name = member.name().replace('\\', "/").to_lowercase();
            match name.as_str() {
                "xl/workbook.xml" => kind = kind.or(Some(Kind::Xlsx)),
                "content.xml" => kind = kind.or(Some(Kind::Ods)),
                _ => {}
            }
            if member.size() > MAX_MEMBER_BYTES {
                return Err(too_big(member.name()));
            }
            let remaining = MAX_ARCHIVE_BYTES - total;
            let limit = MAX_MEMBER_BYTES.min(remaining);
            let mut counted = Counted {
                inner: member.take(limit + 1),
                read: 0,
            };
            if name.ends_with(".xml") || name.ends_with(".rels") {
                check_xml(&mut counted, &mut formula_area, area_limit)?;
            }
            std::io::copy(&mut counted, &mut std::io::sink()).map_err(broken)?;
            if counted.read > limit {
                let name = counted.inner.into_inner().name().to_owned();
                return Err(if limit < MAX_MEMBER_BYTES {
                    refuse(format!(
                        "The spreadsheet holds more than {} MiB once decompressed; at most \
                         {} MiB can be read.",
                        MAX_ARCHIVE_BYTES >> 20,
                        MAX_ARCHIVE_BYTES >> 20
                    ))
                } else {
                    too_big(&name)
                });
            }
            total += counted.read;
        }
        kind.ok_or_else(|| {
            FileError::Spreadsheet(
                "a ZIP archive that is neither an XLSX nor an ODS spreadsheet".into(),
            )
        })
    }

    fn too_big(name: &str) -> FileError {
        refuse(format!(
            "The spreadsheet's part {name} is larger than {} MiB once decompressed; at most \
             {} MiB can be read.",
            MAX_MEMBER_BYTES >> 20,
            MAX_MEMBER_BYTES >> 20
        ))
    }

    /// Counts the bytes read through it.
    struct Counted<R> {
        inner: R,
        read: u64,
    }

    impl<R: Read> Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n as u64;
            Ok(n)
        }
    }

    /// Reads an XML member to its end (or to its first error, which is the
    /// spreadsheet reader's to report), refusing the numbers calamine
    /// allocates by before reading anything they stand for.
    fn check_xml(
        member: &mut impl Read,
        formula_area: &mut u64,
        area_limit: u64,
    ) -> Result<(), FileError> {
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(member));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    check_element(&e, formula_area, area_limit)?
                }
                Ok(Event::Eof) | Err(_) => return Ok(()),
                Ok(_) => {}
            }
        }
    }

    fn check_element(
        e: &BytesStart<'_>,
        formula_area: &mut u64,
        area_limit: u64,
    ) -> Result<(), FileError> {
        let attribute = |name: &[u8]| -> Option<Vec<u8>> {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == name)
                .map(|a| a.value.into_owned())
        };
        let number = |v: &[u8]| -> u64 {
            // Anything not a plain number calamine refuses on its own;
            // a number too long for u64 is certainly too large.
            if !v.is_empty() && v.iter().all(u8::is_ascii_digit) {
                std::str::from_utf8(v)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(u64::MAX)
            } else {
                0
            }
        };
        match e.local_name().as_ref() {
            b"sst" => {
                for key in [&b"uniqueCount"[..], b"count"] {
                    if attribute(key).is_some_and(|v| number(&v) > MAX_SHARED_STRINGS) {
                        return Err(refuse(format!(
                            "The spreadsheet declares more than {MAX_SHARED_STRINGS} shared \
                             strings."
                        )));
                    }
                }
            }
            b"f" => {
                if attribute(b"si").is_some_and(|v| number(&v) > MAX_SHARED_FORMULA_INDEX) {
                    return Err(refuse(format!(
                        "The spreadsheet has more than {MAX_SHARED_FORMULA_INDEX} shared \
                         formulas."
                    )));
                }
                if let Some(r) = attribute(b"ref") {
                    let area = range_area(&r).ok_or_else(|| {
                        FileError::Spreadsheet(format!(
                            "a formula covers the malformed range {}",
                            String::from_utf8_lossy(&r)
                        ))
                    })?;
                    *formula_area = formula_area.saturating_add(area);
                    if *formula_area > area_limit {
                        return Err(refuse(format!(
                            "Shared formulas cover more than {area_limit} cells (up to {}); \
                             no file within the limits needs more.",
                            String::from_utf8_lossy(&r)
                        )));
                    }
                }
            }
            b"dimension" => {
                if let Some(r) = attribute(b"ref") {
                    range_area(&r).ok_or_else(|| {
                        FileError::Spreadsheet(format!(
                            "the sheet declares the malformed range {}",
                            String::from_utf8_lossy(&r)
                        ))
                    })?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `(row, column)` of a cell reference such as `XFD1048576`, 0-based.
    pub fn position(reference: &[u8]) -> Option<(u64, u64)> {
        let reference = reference.strip_prefix(b"$").unwrap_or(reference);
        let letters = reference
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let (col, row) = reference.split_at(letters);
        let row = row.strip_prefix(b"$").unwrap_or(row);
        if letters == 0 || letters > 3 || row.is_empty() || row.len() > 7 {
            return None;
        }
        let column = col.iter().fold(0u64, |n, b| {
            n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
        });
        let row: u64 = std::str::from_utf8(row).ok()?.parse().ok()?;
        (row >= 1).then(|| (row - 1, column - 1))
    }

    /// Cells in a range such as `A1:B2` (1 for a single cell), or None when
    /// it is malformed or reversed.
    fn range_area(range: &[u8]) -> Option<u64> {
        let mut parts = range.split(|b| *b == b':');
        let start = position(parts.next()?)?;
        let end = match parts.next() {
            Some(p) => position(p)?,
            None => start,
        };
        if parts.next().is_some() || end.0 < start.0 || end.1 < start.1 {
            return None;
        }
        Some((end.0 - start.0 + 1) * (end.1 - start.1 + 1))
    }
}

/// ODS, read here rather than by calamine: calamine expands
/// `number-rows-repeated` and `number-columns-repeated` into cells (up to
/// 100 million of them) before a caller sees one. Here a repeat costs
/// nothing unless it repeats content, and content repeated beyond the limits
/// is refused at the first cell out of reach.
mod ods {
    use super::{Cell, Cells, FileError, MAX_CELL_CHARS};
    use calamine::Data;
    use quick_xml::events::{BytesStart, Event};
    use std::io::BufReader;

    fn broken(e: impl std::fmt::Display) -> FileError {
        FileError::Spreadsheet(format!("ODS: {e}"))
    }

    /// `number-…-repeated`, at least 1. Huge values are fine: only content
    /// is placed, and it is checked against the limits first.
    fn repeats(e: &BytesStart<'_>, key: &[u8]) -> Result<u64, FileError> {
        match attribute(e, key) {
            None => Ok(1),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| broken(format!("a repeat count of “{v}”"))),
        }
    }

    fn attribute(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| {
                let raw = String::from_utf8_lossy(&a.value);
                quick_xml::escape::unescape(&raw)
                    .ok()
                    .map(|v| v.into_owned())
            })
    }

    /// A cell's value from its attributes, as calamine would give it; None
    /// for text, which is in the cell's paragraphs.
    fn value(e: &BytesStart<'_>) -> Result<Option<Data>, FileError> {
        let kind = attribute(e, b"office:value-type").unwrap_or_default();
        Ok(Some(match kind.as_str() {
            "float" | "percentage" | "currency" => match attribute(e, b"office:value") {
                Some(v) => Data::Float(
                    v.trim()
                        .parse()
                        .map_err(|_| broken(format!("the number “{v}”")))?,
                ),
                None => return Ok(None),
            },
            "boolean" => {
                Data::Bool(attribute(e, b"office:boolean-value").is_some_and(|v| v == "true"))
            }
            "date" => match attribute(e, b"office:date-value") {
                Some(v) => Data::DateTimeIso(v),
                None => return Ok(None),
            },
            "time" => match attribute(e, b"office:time-value") {
                Some(v) => Data::DurationIso(v),
                None => return Ok(None),
            },
            _ => match attribute(e, b"office:string-value") {
                Some(v) => Data::String(v),
                None => return Ok(None),
            },
        }))
    }

    pub fn read(bytes: &[u8], max_rows: usize) -> Result<Vec<Vec<Cell>>, FileError> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(broken)?;
        // Bounded by archive::scan, which has read every member once.
        let content = zip.by_name("content.xml").map_err(broken)?;
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
        let mut cells = Cells::new(max_rows);
        let mut buf = Vec::new();
        // Until the first table starts; then its depth of nested tables.
        let mut tables = 0u32;
        let mut row = 0u64;
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(broken)? {
                Event::Start(e) if e.name().as_ref() == b"table:table" => {
                    tables += 1;
                }
                Event::End(e) if e.name().as_ref() == b"table:table" => {
                    tables -= 1;
                    if tables == 0 {
                        break;
                    }
                }
                Event::Start(e) if tables == 1 && e.name().as_ref() == b"table:table-row" => {
                    let times = repeats(&e, b"table:number-rows-repeated")?;
                    let line = read_row(&mut xml, &mut cells, row)?;
                    // A repeated row with content: the content again on each
                    // line, checked against the limits cell by cell (the
                    // first one out of reach ends the loop).
                    for again in (1..times).take_while(|_| !line.is_empty()) {
                        for (column, text, formula) in &line {
                            cells.push(
                                row + again,
                                *column,
                                Cell {
                                    text: text.clone(),
                                    formula: *formula,
                                },
                            )?;
                        }
                    }
                    row = row.saturating_add(times);
                }
                Event::Empty(e) if tables == 1 && e.name().as_ref() == b"table:table-row" => {
                    row = row.saturating_add(repeats(&e, b"table:number-rows-repeated")?);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(cells.into_table())
    }

    type Line = Vec<(u64, String, bool)>;

    /// Reads one row's cells into `cells`, returning its content (for
    /// repeated rows).
    fn read_row<R: std::io::BufRead>(
        xml: &mut quick_xml::Reader<R>,
        cells: &mut Cells,
        row: u64,
    ) -> Result<Line, FileError> {
        let mut line = Line::new();
        let mut column = 0u64;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let (e, closed) = match xml.read_event_into(&mut buf).map_err(broken)? {
                Event::Start(e) => (e.into_owned(), false),
                Event::Empty(e) => (e.into_owned(), true),
                Event::End(e) if e.name().as_ref() == b"table:table-row" => return Ok(line),
                Event::Eof => return Err(broken("the file ends inside a row")),
                _ => continue,
            };
            if !matches!(
                e.name().as_ref(),
                b"table:table-cell" | b"table:covered-table-cell"
            ) {
                if !closed {
                    xml.read_to_end_into(e.name(), &mut Vec::new())
                        .map_err(broken)?;
                }
                continue;
            }
            let times = repeats(&e, b"table:number-columns-repeated")?;
            let formula = attribute(&e, b"table:formula").is_some_and(|f| !f.is_empty());
            let text = match value(&e)? {
                Some(v) => {
                    if !closed {
                        xml.read_to_end_into(e.name(), &mut Vec::new())
                            .map_err(broken)?;
                    }
                    super::cell_text(&v)
                }
                None if closed => String::new(),
                None => paragraphs(xml, &e, row, column)?,
            };
            if !text.is_empty() || formula {
                for again in 0..times {
                    let cell = Cell {
                        text: text.clone(),
                        formula,
                    };
                    cells.push(row, column + again, cell)?;
                    line.push((column + again, text.clone(), formula));
                }
            }
            column = column.saturating_add(times);
        }
    }

    /// The text of a cell's paragraphs, one line each, as calamine gives it.
    fn paragraphs<R: std::io::BufRead>(
        xml: &mut quick_xml::Reader<R>,
        cell: &BytesStart<'_>,
        row: u64,
        column: u64,
    ) -> Result<String, FileError> {
        let mut text = String::new();
        let mut paragraphs = 0;
        let mut buf = Vec::new();
        let too_long = || {
            FileError::Limits(format!(
                "Cell {} holds more than {MAX_CELL_CHARS} characters.",
                super::cell_name(row, column)
            ))
        };
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(broken)? {
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"text:p" => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                }
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"text:s" => {
                    let n = repeats(&e, b"text:c")?;
                    if n > (MAX_CELL_CHARS - text.len().min(MAX_CELL_CHARS)) as u64 {
                        return Err(too_long());
                    }
                    text.extend(std::iter::repeat_n(' ', n as usize));
                }
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"text:tab" => {
                    text.push('\t')
                }
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"text:line-break" => {
                    text.push('\n')
                }
                Event::Text(t) => text.push_str(&t.xml_content().map_err(broken)?),
                Event::CData(t) => text.push_str(&t.decode().map_err(broken)?),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(broken)? {
                        text.push(c);
                    } else {
                        let name = r.decode().map_err(broken)?;
                        let s = quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| broken(format!("the entity &{name};")))?;
                        text.push_str(s);
                    }
                }
                Event::End(e) if e.name() == cell.name() => break,
                Event::Eof => return Err(broken("the file ends inside a cell")),
                _ => {}
            }
            if text.len() > MAX_CELL_CHARS {
                return Err(too_long());
            }
        }
        Ok(text.trim().to_owned())
    }
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
    pub code: ErrorCode,
    pub message: String,
    /// The values the message names (see `InputError::params`).
    pub params: Vec<crate::error::ErrorParam>,
}

impl<C> CellError<C> {
    /// Names a value of the message for clients (see `InputError::param`).
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push(crate::error::ErrorParam {
            name: name.to_owned(),
            value: value.to_string(),
        });
        self
    }
}

/// Reads the header row into columns with `from_header`. The file is
/// refused when a `required` column (with its name) is missing or a heading
/// is not understood; the message starts with `expected`, which names the
/// columns a file should have.
fn columns<C: Copy + PartialEq>(
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
    Err(FileError::Headers {
        message: why,
        missing: missing.into_iter().map(str::to_owned).collect(),
        unknown: unknown.into_iter().map(str::to_owned).collect(),
    })
}

/// One data row of a table read under its header: its line in the file
/// (the header is line 1), its cells' text by column, and the cells refused
/// (a formula). What the values mean is the caller's.
#[derive(Debug)]
pub struct Line<C> {
    pub line: usize,
    values: HashMap<C, String>,
    pub errors: Vec<CellError<C>>,
}

impl<C: Copy + Eq + Hash> Line<C> {
    /// The column's text, trimmed; empty when the row has no such cell or
    /// its cell was refused.
    pub fn value(&self, column: C) -> &str {
        self.values.get(&column).map_or("", |v| v.trim())
    }

    /// Whether the row has a readable cell in the column (a short row may
    /// stop before it).
    pub fn has(&self, column: C) -> bool {
        self.values.contains_key(&column)
    }
}

/// The data rows of `table` under its header row, whose columns are read
/// as [`columns`] reads them: empty rows are skipped and a cell holding a
/// formula is an error of its row. A table with more than `max_rows` data
/// rows, or none, is refused whole.
pub fn lines<C: Copy + Eq + Hash>(
    table: Vec<Vec<Cell>>,
    from_header: impl Fn(&str) -> Option<C>,
    required: &[(C, &str)],
    expected: &str,
    max_rows: usize,
) -> Result<Vec<Line<C>>, FileError> {
    let mut rows = table.into_iter().enumerate();
    let Some((_, header)) = rows.next() else {
        return Err(FileError::Empty);
    };
    let columns = columns(&header, from_header, required, expected)?;
    let mut out = Vec::new();
    for (index, cells) in rows {
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        if out.len() == max_rows {
            return Err(FileError::TooManyRows(max_rows));
        }
        let mut line = Line {
            line: index + 1,
            values: HashMap::new(),
            errors: Vec::new(),
        };
        for (cell, column) in cells.into_iter().zip(&columns) {
            let Some(column) = *column else { continue };
            if cell.formula {
                line.errors.push(
                    CellError {
                        column: Some(column),
                        code: ErrorCode::InvalidFormat,
                        message: "The cell holds a formula; type the value itself.".into(),
                        params: Vec::new(),
                    }
                    .param("problem", "formula"),
                );
                continue;
            }
            line.values.insert(column, cell.text);
        }
        out.push(line);
    }
    if out.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(out)
}

/// XLS: calamine reads every sheet when it opens the file, reserving room
/// for the rectangle a sheet's DIMENSIONS record claims, then allocating the
/// rectangle its farthest cells span (65,536 × 65,536 cells for two). The
/// workbook stream is walked first, with the `cfb` crate, and such claims
/// refused before calamine sees the file.
mod xls_scan {
    use super::{Cell, Cells, FileError, MAX_COLUMNS, MAX_MEMBER_BYTES};
    use std::io::Read;

    fn broken(e: impl std::fmt::Display) -> FileError {
        FileError::Spreadsheet(format!("XLS: {e}"))
    }

    fn u16_at(data: &[u8], at: usize) -> u64 {
        data.get(at..at + 2)
            .map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    }

    fn u32_at(data: &[u8], at: usize) -> u64 {
        data.get(at..at + 4).map_or(0, |b| {
            u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        })
    }

    /// The compound file's header: the sector tables it claims must fit in
    /// the file (calamine reserves room for them as claimed).
    fn header(bytes: &[u8]) -> Result<(), FileError> {
        if bytes.len() < 512 {
            return Err(broken("the file is shorter than its header"));
        }
        let sectors = bytes.len() as u64 / 512 + 1;
        for (at, what) in [(44, "FAT"), (64, "mini FAT"), (72, "DIFAT")] {
            if u32_at(bytes, at) > sectors {
                return Err(broken(format!(
                    "its header claims more {what} sectors than it has"
                )));
            }
        }
        Ok(())
    }

    /// Records `(type, data)` of a BIFF stream from `start` on.
    fn records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
        let mut at = start;
        std::iter::from_fn(move || {
            let head = stream.get(at..at + 4)?;
            let typ = u16::from_le_bytes([head[0], head[1]]);
            let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((typ, data))
        })
    }

    pub fn scan(bytes: &[u8], max_rows: usize) -> Result<(), FileError> {
        header(bytes)?;
        let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(broken)?;
        let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
            .into_iter()
            .find(|n| file.is_stream(n))
            .ok_or_else(|| broken("no workbook stream"))?;
        let mut stream = Vec::new();
        file.open_stream(name)
            .map_err(broken)?
            .take(MAX_MEMBER_BYTES)
            .read_to_end(&mut stream)
            .map_err(broken)?;
        // The globals: where each sheet starts (BoundSheet8).
        let sheets: Vec<usize> = records(&stream, 0)
            .take_while(|(typ, _)| *typ != 0x000A)
            .filter(|(typ, data)| *typ == 0x0085 && data.len() >= 4)
            .map(|(_, data)| u32_at(data, 0) as usize)
            .collect();
        let span = max_rows as u64 + 2;
        for start in sheets {
            let mut cells = Cells::new(max_rows);
            let mut place = |row: u64, column: u64| {
                let cell = Cell {
                    text: "·".into(),
                    formula: false,
                };
                cells.push(row, column, cell)
            };
            for (typ, data) in records(&stream, start) {
                match typ {
                    0x000A => break,
                    // DIMENSIONS: first row, last row + 1, first and last
                    // column + 1 (BIFF8: rows in 32 bits).
                    0x0200 => {
                        let (rows, columns) = if data.len() >= 14 {
                            (
                                u32_at(data, 4).saturating_sub(u32_at(data, 0)),
                                u16_at(data, 10).saturating_sub(u16_at(data, 8)),
                            )
                        } else {
                            (
                                u16_at(data, 2).saturating_sub(u16_at(data, 0)),
                                u16_at(data, 6).saturating_sub(u16_at(data, 4)),
                            )
                        };
                        if rows > span || columns > u64::from(MAX_COLUMNS) {
                            return Err(FileError::Limits(format!(
                                "A sheet claims {rows} rows and {columns} columns; a file may \
                                 use the header and at most {max_rows} rows, and at most \
                                 {MAX_COLUMNS} columns."
                            )));
                        }
                    }
                    // Cells calamine keeps: NUMBER, LABEL, BOOLERR, RK,
                    // LABELSST, FORMULA: row, then column.
                    0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                        place(u16_at(data, 0), u16_at(data, 2))?
                    }
                    // MULRK: row, first column, …, last column.
                    0x00BD if data.len() >= 6 => {
                        let row = u16_at(data, 0);
                        place(row, u16_at(data, 2))?;
                        place(row, u16_at(data, data.len() - 2))?;
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, content) in members {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn texts(table: &[Vec<Cell>]) -> Vec<Vec<(&str, bool)>> {
        table
            .iter()
            .map(|r| r.iter().map(|c| (c.text.as_str(), c.formula)).collect())
            .collect()
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9_999, 999), "ALL10000");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_name(1, 25), "Z2");
        assert_eq!(cell_name(1, 26), "AA2");
        assert_eq!(archive::position(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(archive::position(b"$B$2"), Some((1, 1)));
        assert_eq!(archive::position(b"B0"), None);
    }

    /// An XLSX written by rust_xlsxwriter (as Excel would), starting at B2,
    /// with a formula, a number and a gap.
    fn written_xlsx() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(1, 1, "身分證統一編號").unwrap();
        sheet.write_string(1, 2, "姓名").unwrap();
        sheet.write_number(2, 1, 42.0).unwrap();
        sheet.write_formula(2, 2, "=1+1").unwrap();
        sheet.write_string(4, 2, " 林怡君 ").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn an_xlsx_gives_its_cells_from_the_first_one_with_formulas_marked() {
        let (format, table) = read(&written_xlsx(), 10).unwrap();
        assert_eq!(format, SourceFormat::Spreadsheet);
        assert_eq!(
            texts(&table),
            vec![
                vec![("身分證統一編號", false), ("姓名", false)],
                vec![("42", false), ("0", true)],
                vec![],
                vec![("", false), ("林怡君", false)],
            ]
        );
    }

    #[test]
    fn rows_beyond_the_limit_plus_one_are_refused_by_cell() {
        // Header in row 2, rows 3 to 5: with max_rows = 2 the header, two
        // rows and one more fit (rows 2 to 5); a limit of 1 does not.
        assert!(read(&written_xlsx(), 2).is_ok());
        let e = read(&written_xlsx(), 1).unwrap_err();
        assert_eq!(
            e.message(),
            "Cell C5 is beyond the rows a file may use: the header and at most 1 rows."
        );
    }

    fn ods(rows: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="A">{rows}</table:table><table:table table:name="B"><table:table-row><table:table-cell office:value-type="string"><text:p>other sheet</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
        ])
    }

    #[test]
    fn an_ods_gives_values_as_calamine_did_and_skips_empty_repeats() {
        let rows = r#"
            <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/>
              <table:table-cell office:value-type="string"><text:p>a&amp;b</text:p><text:p>c<text:s text:c="2"/>d</text:p></table:table-cell>
              <table:table-cell office:value-type="float" office:value="3.0" table:formula="of:=1+2"><text:p>3</text:p></table:table-cell>
            </table:table-row>
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1.5"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
        let (_, table) = read(&ods(rows), 10).unwrap();
        assert_eq!(
            texts(&table),
            vec![
                vec![("a&b\nc  d", false), ("3", true)],
                vec![("1.5", false)],
                vec![("1.5", false)],
            ]
        );
    }

    #[test]
    fn an_ods_repeating_content_past_the_limits_is_refused_at_the_first_cell_beyond() {
        let cell = r#"<table:table-cell table:number-columns-repeated="4000000000" office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
        let e = read(
            &ods(&format!("<table:table-row>{cell}</table:table-row>")),
            10,
        )
        .unwrap_err();
        assert!(
            e.message().starts_with("Cell CW1 is beyond column CV"),
            "{}",
            e.message()
        );
        let row = r#"<table:table-row table:number-rows-repeated="4000000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
        let e = read(&ods(row), 10).unwrap_err();
        assert!(
            e.message().starts_with("Cell A13 is beyond the rows"),
            "{}",
            e.message()
        );
        let spaces = r#"<table:table-row><table:table-cell><text:p><text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#;
        let e = read(&ods(spaces), 10).unwrap_err();
        assert_eq!(e.message(), "Cell A1 holds more than 32767 characters.");
    }

    /// Rewrites the uncompressed size the archive declares for every member
    /// (local headers and central directory) to `size`.
    fn declare_size(mut archive: Vec<u8>, size: u32) -> Vec<u8> {
        let mut i = 0;
        while i + 30 <= archive.len() {
            let at = match &archive[i..i + 4] {
                b"PK\x03\x04" => Some(i + 22),
                b"PK\x01\x02" => Some(i + 24),
                _ => None,
            };
            if let Some(at) = at {
                archive[at..at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i += 1;
        }
        archive
    }

    #[test]
    fn a_member_larger_than_it_claims_is_refused_on_what_it_gives() {
        let mut big = b"<?xml version=\"1.0\"?><sst><si><t>".to_vec();
        big.resize(big.len() + (MAX_MEMBER_BYTES as usize) + 10, b'a');
        big.extend_from_slice(b"</t></si></sst>");
        let honest = zip(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", &big),
        ]);
        let e = read(&honest, 10).unwrap_err();
        assert!(
            e.message()
                .contains("xl/sharedStrings.xml is larger than 32 MiB"),
            "{e:?}"
        );
        let lying = declare_size(honest, 100);
        let e = read(&lying, 10).unwrap_err();
        assert!(
            e.message()
                .contains("xl/sharedStrings.xml is larger than 32 MiB"),
            "{e:?}"
        );
    }

    #[test]
    fn members_together_larger_than_the_archive_limit_are_refused() {
        let part = vec![b' '; (MAX_MEMBER_BYTES as usize) - 1];
        let e = read(
            &zip(&[("a.bin", &part), ("b.bin", &part), ("c.bin", &part)]),
            10,
        )
        .unwrap_err();
        assert!(
            e.message().contains("more than 64 MiB once decompressed"),
            "{e:?}"
        );
    }

    #[test]
    fn shared_formulas_over_a_huge_range_are_refused_before_calamine_maps_them() {
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:XFD1048576" si="0">1+1</f><v>2</v></c></row></sheetData></worksheet>"#;
        let e = read(
            &zip(&[
                ("xl/workbook.xml", b"<workbook/>"),
                ("xl/worksheets/sheet1.xml", sheet),
            ]),
            10,
        )
        .unwrap_err();
        assert!(
            e.message().starts_with("Shared formulas cover more than"),
            "{e:?}"
        );
        let reversed = br#"<worksheet><dimension ref="B2:A1"/><sheetData/></worksheet>"#;
        let e = read(
            &zip(&[
                ("xl/workbook.xml", b"<workbook/>"),
                ("xl/worksheets/sheet1.xml", reversed),
            ]),
            10,
        )
        .unwrap_err();
        assert!(e.message().contains("malformed range B2:A1"), "{e:?}");
    }

    /// An XLS compound file whose workbook stream has one sheet of
    /// `sheet` records (type, data) after its BOF.
    fn xls(sheet: &[(u16, Vec<u8>)]) -> Vec<u8> {
        fn record(typ: u16, data: &[u8]) -> Vec<u8> {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend_from_slice(&(data.len() as u16).to_le_bytes());
            r.extend_from_slice(data);
            r
        }
        let bof = record(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let bound_len = 4 + 10;
        let globals_len = bof.len() + bound_len + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend_from_slice(&[0, 0, 1, 0, b'S', 0]);
        let mut stream = [bof.clone(), record(0x0085, &bound), record(0x000A, &[])].concat();
        assert_eq!(stream.len(), globals_len);
        stream.extend_from_slice(&bof);
        for (typ, data) in sheet {
            stream.extend(record(*typ, data));
        }
        stream.extend(record(0x000A, &[]));
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(&stream)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    fn number(row: u16, column: u16) -> (u16, Vec<u8>) {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&column.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        data.extend_from_slice(&1.0f64.to_le_bytes());
        (0x0203, data)
    }

    #[test]
    fn an_xls_whose_cells_span_beyond_the_limits_is_refused_before_calamine_opens_it() {
        let e = read(&xls(&[number(0, 0), number(65_535, 255)]), 10).unwrap_err();
        assert!(
            e.message().starts_with("Cell IV65536 is beyond column CV"),
            "{e:?}"
        );
        let e = read(&xls(&[number(0, 0), number(65_535, 1)]), 10).unwrap_err();
        assert!(
            e.message().starts_with("Cell B65536 is beyond the rows"),
            "{e:?}"
        );
        let mut dimensions = 0u32.to_le_bytes().to_vec();
        dimensions.extend_from_slice(&1_048_576u32.to_le_bytes());
        dimensions.extend_from_slice(&[0, 0, 0, 1, 0, 0]);
        let e = read(&xls(&[(0x0200, dimensions), number(0, 0)]), 10).unwrap_err();
        assert!(
            e.message()
                .starts_with("A sheet claims 1048576 rows and 256 columns"),
            "{e:?}"
        );
    }

    #[test]
    fn a_zip_that_is_no_spreadsheet_is_refused() {
        let e = read(&zip(&[("readme.txt", b"hello")]), 10).unwrap_err();
        assert!(e.message().contains("neither an XLSX nor an ODS"), "{e:?}");
    }
}
