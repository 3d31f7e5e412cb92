//! Files attached to announcements: upload and download over plain HTTP
//! (`POST /announcements/{id}/attachments`, `GET /attachments/{id}`), both
//! through the same authorization path as the GraphQL API.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{dataloader::Loader, SimpleObject};
use sha2::{Digest, Sha256};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::sql::{self, AnnouncementRow};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Operation},
    download::Download,
    error::{ApiError, ApiResult, ErrorCode, InputError},
};

/// What may be attached, decided from the content's magic bytes.
const ALLOWED: &[&str] = &[
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
];

/// Most attachments one announcement may have.
pub const MAX_PER_ANNOUNCEMENT: i64 = 10;

/// The content type of `bytes` if it is an allowed kind of file.
pub fn allowed_type(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    ALLOWED.iter().copied().find(|t| *t == kind.mime_type())
}

/// A file attached to an announcement.
#[derive(SimpleObject, Clone, Debug)]
pub struct Attachment {
    pub id: Uuid,
    #[graphql(skip)]
    pub announcement_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub created_at: OffsetDateTime,
    /// Where to download it (same origin).
    pub url: String,
}

fn url(id: Uuid) -> String {
    format!("/attachments/{id}")
}

pub struct AttachmentsOf(pub PgPool);

crate::request_loaders!(AttachmentsOf);

impl Loader<Uuid> for AttachmentsOf {
    type Value = Vec<Attachment>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Attachment>>, Self::Error> {
        let rows = sqlx::query!(
            r#"SELECT id, announcement_id, file_name, content_type, size_bytes, created_at
                 FROM announcement_attachments WHERE announcement_id = ANY($1)
                ORDER BY created_at, id"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut by: HashMap<Uuid, Vec<Attachment>> = keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            by.entry(r.announcement_id).or_default().push(Attachment {
                id: r.id,
                announcement_id: r.announcement_id,
                file_name: r.file_name,
                content_type: r.content_type,
                size_bytes: r.size_bytes,
                created_at: r.created_at,
                url: url(r.id),
            });
        }
        Ok(by)
    }
}

/// The announcement an attachment belongs to, for authorization.
pub async fn announcement_of(
    db: impl PgExecutor<'_>,
    attachment: Uuid,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "SELECT announcement_id FROM announcement_attachments WHERE id = $1",
        attachment
    )
    .fetch_optional(db)
    .await
}

/// Keeps the last path segment and drops control characters, so a name is
/// safe to show and to put in a header.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}

/// The announcement a file may be attached to, for `POST
/// /announcements/{id}/attachments`: the viewer must publish it. Asked
/// before the file is read, so nobody else gets to send one. `Ok(Err(_))`:
/// no such announcement.
pub async fn upload_target(
    access: &Access<'_>,
    announcement_id: Uuid,
) -> ApiResult<Result<Granted<AnnouncementRow>, InputError>> {
    Ok(access
        .fetch::<AnnouncementRow>(announcement_id, Operation::PublishAnnouncement)
        .await?
        .ok_or_else(no_announcement))
}

fn no_announcement() -> InputError {
    InputError::new(
        "announcementId",
        ErrorCode::NotFound,
        "No announcement has this id.",
    )
}

/// The largest attachment, in bytes.
pub fn max_bytes(access: &Access<'_>) -> usize {
    access.state().settings.attachment_max_bytes
}

/// Attaches `data` under the name the client gave (`file_name`, cleaned
/// here) to an announcement from [`upload_target`]. `data` may be one byte
/// longer than [`max_bytes`]: the reader stops there, so an oversized file
/// is recognised without holding all of it. Audited.
pub async fn upload(
    access: &Access<'_>,
    announcement: &Granted<AnnouncementRow>,
    file_name: &str,
    data: Vec<u8>,
) -> ApiResult<Result<Attachment, InputError>> {
    let file_name = clean_file_name(file_name);
    let max = max_bytes(access);
    if data.is_empty() {
        return Ok(Err(InputError::new(
            "file",
            ErrorCode::Required,
            "The file is empty.",
        )));
    }
    if data.len() > max {
        return Ok(Err(InputError::new(
            "file",
            ErrorCode::TooLong,
            format!("“{file_name}” is larger than {} MiB.", max / (1024 * 1024)),
        )
        .param("maxMiB", max / (1024 * 1024))));
    }
    let Some(content_type) = allowed_type(&data) else {
        return Ok(Err(InputError::new(
            "file",
            ErrorCode::InvalidFormat,
            format!("“{file_name}” is not a PDF, ODF document (ODT, ODS, ODP) or image (PNG, JPEG, GIF, WebP)."),
        )));
    };
    let mut tx = access.pool().begin().await?;
    // Count and insert under the announcement's row lock: concurrent
    // uploads to one announcement take turns here, so each sees the
    // attachments the others committed and the limit holds (a plain
    // count let 30 racing uploads store 15).
    let locked = sqlx::query_scalar!(
        "SELECT id FROM announcements WHERE id = $1 FOR UPDATE",
        announcement.id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if locked.is_none() {
        return Ok(Err(no_announcement()));
    }
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM announcement_attachments WHERE announcement_id = $1"#,
        announcement.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if count >= MAX_PER_ANNOUNCEMENT {
        return Ok(Err(InputError::new(
            "file",
            ErrorCode::OutOfRange,
            format!("An announcement may have at most {MAX_PER_ANNOUNCEMENT} attachments."),
        )));
    }
    let row = sqlx::query!(
        r#"INSERT INTO announcement_attachments
                   (announcement_id, file_name, content_type, size_bytes, sha256, data, created_by)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at"#,
        announcement.id,
        file_name,
        content_type,
        data.len() as i32,
        Sha256::digest(&data).to_vec(),
        data,
        access.viewer().user_id(),
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut entry = Entry::ok("attachment.upload")
        .target("announcement", announcement.id)
        .set("fileName", &file_name)
        .set("contentType", &content_type)
        .set("sizeBytes", &data.len());
    if let Some(unit) = announcement.unit_id {
        entry = entry.unit(unit);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(Attachment {
        id: row.id,
        announcement_id: announcement.id,
        file_name,
        content_type: content_type.to_owned(),
        size_bytes: data.len() as i32,
        created_at: row.created_at,
        url: url(row.id),
    }))
}

/// `GET /attachments/{id}`: for those who may see its announcement.
/// Every download is audited.
pub async fn download(access: &Access<'_>, id: Uuid) -> ApiResult<Download> {
    let pool = access.pool();
    let row = sqlx::query!(
        r#"SELECT announcement_id, file_name, content_type, data FROM announcement_attachments
                WHERE id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    let announcement = match &row {
        Some(r) => sql::find(pool, r.announcement_id).await?,
        None => None,
    };
    let (Some(row), Some(announcement)) = (row, announcement) else {
        return Err(ApiError::NotFound("attachment"));
    };
    let visible = sql::visible_to(pool, &announcement, access.viewer()).await?
        || access.can(Operation::PublishAnnouncement, &announcement.target());
    if !visible {
        // Same answer as for a missing file: do not reveal what exists.
        return Err(ApiError::NotFound("attachment"));
    }
    let mut entry = Entry::ok("attachment.download").target("attachment", id);
    if let Some(unit) = announcement.unit_id {
        entry = entry.unit(unit);
    }
    audit::record(pool, access.request(), entry).await?;
    Ok(Download::new(row.file_name, row.content_type, row.data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content_not_the_name() {
        assert_eq!(
            allowed_type(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
            Some("application/pdf")
        );
        assert_eq!(
            allowed_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(allowed_type(b"MZ\x90\0\x03\0\0\0"), None);
        assert_eq!(allowed_type(b"<html><script>alert(1)</script>"), None);
        assert_eq!(allowed_type(b""), None);
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\x\\研習 公告.pdf"),
            "研習 公告.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\r\nb.pdf"), "ab.pdf");
        assert_eq!(clean_file_name("  "), "attachment");
    }
}
