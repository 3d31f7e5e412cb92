//! Changes to announcements, one operation per mutation. Each gets what it
//! changes (the announcement, its attachment, or the publishing unit) from
//! `Access::fetch` with `PublishAnnouncement`, so it cannot write without
//! the check there, then answers the input's errors, and writes in one
//! transaction with its audit entry. "Not found" is a payload error.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    sql::{self, AnnouncementKind, AnnouncementRow},
    AttachmentOf,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation, UnitTarget},
    error::{ApiResult, Checks, ErrorCode, InputError},
    refusal::Outcome,
    units::UnitRow,
};

fn unknown(field: &str) -> InputError {
    InputError::new(field, ErrorCode::NotFound, "No such announcement or unit.")
}

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
            checks.push(
                InputError::new(
                    "bodyMarkdown",
                    ErrorCode::TooLong,
                    "The text may have at most 20,000 characters.",
                )
                .param("max", 20_000),
            );
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

/// Publishes an announcement for the unit `unit_id` or, without one, for
/// the whole network; `fields` as the input made them (their errors are the
/// answer once publishing there is allowed). Returns the announcement as
/// stored.
pub async fn create(
    access: &Access<'_>,
    unit_id: Option<Uuid>,
    kind: AnnouncementKind,
    fields: Outcome<Fields>,
) -> ApiResult<Outcome<Option<AnnouncementRow>>> {
    let unit = match unit_id {
        Some(id) => match access
            .fetch::<UnitRow>(id, Operation::PublishAnnouncement)
            .await?
        {
            Some(u) => Some(u),
            None => return Ok(Err(vec![unknown("unitId")])),
        },
        None => {
            access.user()?;
            access
                .require(
                    Operation::PublishAnnouncement,
                    &UnitTarget::network(),
                    "the whole network",
                )
                .await?;
            None
        }
    };
    let f = match fields {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = access.pool().begin().await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO announcements (kind, unit_id, title, body_markdown, publish_at, expires_at,
                                          pinned, created_by)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        kind.as_str(),
        unit.as_ref().map(|u| u.id),
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
    if let Some(unit) = &unit {
        entry = entry.unit(unit.id);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(sql::find(access.pool(), id).await?))
}

/// Changes the announcement `id` to the fields `edit` makes of its current
/// values (`edit`'s errors are the answer, and nothing is written). Returns
/// the announcement as stored.
pub async fn update(
    access: &Access<'_>,
    id: Uuid,
    edit: impl FnOnce(&AnnouncementRow) -> Outcome<Fields>,
) -> ApiResult<Outcome<Option<AnnouncementRow>>> {
    let Some(current) = access
        .fetch::<AnnouncementRow>(id, Operation::PublishAnnouncement)
        .await?
    else {
        return Ok(Err(vec![unknown("id")]));
    };
    let f = match edit(&current) {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
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
    Ok(Ok(sql::find(access.pool(), current.id).await?))
}

/// Deletes the announcement `id` with its attachments.
pub async fn delete(access: &Access<'_>, id: Uuid) -> ApiResult<Outcome<()>> {
    let Some(current) = access
        .fetch::<AnnouncementRow>(id, Operation::PublishAnnouncement)
        .await?
    else {
        return Ok(Err(vec![unknown("id")]));
    };
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
    Ok(Ok(()))
}

/// Removes the file `id` from its announcement.
pub async fn delete_attachment(access: &Access<'_>, id: Uuid) -> ApiResult<Outcome<()>> {
    let Some(attachment) = access
        .fetch::<AttachmentOf>(id, Operation::PublishAnnouncement)
        .await?
    else {
        return Ok(Err(vec![InputError::new(
            "id",
            ErrorCode::NotFound,
            "No attachment has this id.",
        )]));
    };
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
    Ok(Ok(()))
}
