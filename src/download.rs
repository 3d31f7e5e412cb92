//! A file the server hands out (a sign-in sheet, a transcript, statistics,
//! an attachment): what a domain returns and the HTTP edge sends, so no
//! domain needs to know how a response is built.

use futures_util::stream::BoxStream;

/// The content type of an XLSX workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file for the viewer to save.
pub struct Download {
    /// The name to save it under (any characters).
    pub file_name: String,
    pub content_type: String,
    pub content: Content,
}

/// What a download is made of.
pub enum Content {
    /// Built in memory.
    Bytes(Vec<u8>),
    /// Passed on as it is produced (a large export read from the database).
    Stream(BoxStream<'static, std::io::Result<bytes::Bytes>>),
}

impl Download {
    pub fn new(file_name: String, content_type: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            file_name,
            content_type: content_type.into(),
            content: Content::Bytes(bytes),
        }
    }

    pub fn xlsx(file_name: String, bytes: Vec<u8>) -> Self {
        Self::new(file_name, XLSX, bytes)
    }
}
