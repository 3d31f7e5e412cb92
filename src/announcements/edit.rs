//! Changes to announcements. Each write takes what it changes as
//! `Granted` (the announcement, its attachment, or the publishing unit),
//! so it cannot run without the `PublishAnnouncement` check there; each is
//! one transaction with its audit entry.

use time::OffsetDateTime;
use uuid::Uuid;

use super::graphql::{AnnouncementKind, AnnouncementRow, AttachmentOf};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted},
    error::{ApiResult, Checks, ErrorCode, InputError},
    units::UnitRow,
};

/// An announcement's fields, validated.
pub struct Fields {
    pub title: String,
    pub body_markdown: String,
    pub publish_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub pinned: bool,
}

impl Fields {
    pub fn validate(
        title: &str,
        body: &str,
        publish_at: OffsetDateTime,
        expires_at: Option<OffsetDateTime>,
        pinned: bool,
    ) -> Result<Self, Vec<InputError>> {
        let mut checks = Checks::new();
        let title = checks.required_text("title", "Title", title, 200);
        if body.chars().count() > 20_000 {
            checks.push(InputError::new(
                "bodyMarkdown",
                ErrorCode::TooLong,
                "The text may have at most 20,000 characters.",
            ));
        }
        if expires_at.is_some_and(|e| e <= publish_at) {
            checks.push(InputError::new(
                "expiresAt",
                ErrorCode::OutOfRange,
                "The expiry must be after the publication time.",
            ));
        }
        if checks.is_empty() {
            Ok(Self {
                title,
                body_markdown: body.to_owned(),
                publish_at,
                expires_at,
                pinned,
            })
        } else {
            Err(checks.into_errors())
        }
    }
}

/// Publishes an announcement for `unit`, or for the whole network when
/// `unit` is `None` (the caller required `PublishAnnouncement` at the
/// network). Returns its id.
pub async fn create(
    access: &Access<'_>,
    unit: Option<&Granted<UnitRow>>,
    kind: AnnouncementKind,
    f: &Fields,
) -> ApiResult<Uuid> {
    let mut tx = access.pool().begin().await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO announcements (kind, unit_id, title, body_markdown, publish_at, expires_at,
                                          pinned, created_by)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        kind.as_str(),
        unit.map(|u| u.id),
        f.title,
        f.body_markdown,
        f.publish_at,
        f.expires_at,
        f.pinned,
        access.viewer().user_id(),
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut entry = Entry::ok("announcement.create")
        .target("announcement", id)
        .set("kind", &kind.as_str())
        .set("title", &f.title);
    if let Some(unit) = unit {
        entry = entry.unit(unit.id);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(
    access: &Access<'_>,
    current: &Granted<AnnouncementRow>,
    f: &Fields,
) -> ApiResult<()> {
    let mut tx = access.pool().begin().await?;
    sqlx::query!(
        r#"UPDATE announcements SET title = $2, body_markdown = $3, publish_at = $4,
                                        expires_at = $5, pinned = $6
                WHERE id = $1"#,
        current.id,
        f.title,
        f.body_markdown,
        f.publish_at,
        f.expires_at,
        f.pinned,
    )
    .execute(&mut *tx)
    .await?;
    let mut entry = Entry::ok("announcement.update")
        .target("announcement", current.id)
        .change("title", &current.title, &f.title)
        .change("bodyMarkdown", &current.body_markdown, &f.body_markdown)
        .change("pinned", &current.pinned, &f.pinned)
        .change(
            "publishAt",
            &audit::timestamp(current.publish_at),
            &audit::timestamp(f.publish_at),
        )
        .change(
            "expiresAt",
            &current.expires_at.map(audit::timestamp),
            &f.expires_at.map(audit::timestamp),
        );
    if let Some(unit) = current.unit_id {
        entry = entry.unit(unit);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete(access: &Access<'_>, current: &Granted<AnnouncementRow>) -> ApiResult<()> {
    let mut tx = access.pool().begin().await?;
    sqlx::query!("DELETE FROM announcements WHERE id = $1", current.id)
        .execute(&mut *tx)
        .await?;
    let mut entry = Entry::ok("announcement.delete")
        .target("announcement", current.id)
        .set("title", &current.title);
    if let Some(unit) = current.unit_id {
        entry = entry.unit(unit);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_attachment(
    access: &Access<'_>,
    attachment: &Granted<AttachmentOf>,
) -> ApiResult<()> {
    let announcement = &attachment.announcement;
    let mut tx = access.pool().begin().await?;
    let name = sqlx::query_scalar!(
        "DELETE FROM announcement_attachments WHERE id = $1 RETURNING file_name",
        attachment.id
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut entry = Entry::ok("attachment.delete")
        .target("announcement", announcement.id)
        .set("fileName", &name);
    if let Some(unit) = announcement.unit_id {
        entry = entry.unit(unit);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(())
}
