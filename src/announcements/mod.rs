//! Announcements (公佈欄 / 最新消息 / 跑馬燈): published by operators for the
//! whole network and by admins for their scope.
//!
//! `graphql.rs` parses the input and calls one function here or in
//! `edit.rs` (writes) with the request's `Access`; `sql.rs` holds the
//! queries, `attachments.rs` the files.

pub mod attachments;
mod edit;
mod graphql;
mod markdown;
mod sql;

use sqlx::PgPool;
use uuid::Uuid;

pub use graphql::{AnnouncementsMutation, AnnouncementsQuery};
pub use markdown::render_markdown;
pub use sql::AnnouncementKind;

use crate::{
    authz::{Access, Guarded, Operation, UnitTarget},
    error::ApiResult,
    graphql::pagination::PageRequest,
};
use sql::{AnnouncementRow, FeedKey};

/// An announcement is guarded at its unit (the whole network's at the
/// network); the refusal names the announcement.
impl Guarded for AnnouncementRow {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(sql::find(pool, id).await?)
    }

    fn unit(&self) -> UnitTarget {
        self.target()
    }

    fn unit_name(&self) -> &str {
        &self.title
    }
}

/// An attachment, guarded at its announcement's unit.
pub struct AttachmentOf {
    pub id: Uuid,
    pub announcement: AnnouncementRow,
}

impl Guarded for AttachmentOf {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        let Some(announcement_id) = attachments::announcement_of(pool, id).await? else {
            return Ok(None);
        };
        Ok(sql::find(pool, announcement_id)
            .await?
            .map(|announcement| Self { id, announcement }))
    }

    fn unit(&self) -> UnitTarget {
        self.announcement.target()
    }

    fn unit_name(&self) -> &str {
        &self.announcement.title
    }
}

/// A page of the live announcements of `kind` the viewer is shown: the
/// whole network's (for everyone) and those of the units the viewer holds
/// roles at or under; with how many there are.
pub async fn feed(
    access: &Access<'_>,
    kind: AnnouncementKind,
    page: &PageRequest<FeedKey>,
) -> ApiResult<(Vec<AnnouncementRow>, i64)> {
    let paths: Vec<String> = access
        .viewer()
        .assignments
        .iter()
        .map(|a| a.unit_path.clone())
        .collect();
    let pool = access.pool();
    let rows = sql::feed(pool, kind, &paths, page.after, page.fetch_limit()).await?;
    let total = sql::feed_count(pool, kind, &paths).await?;
    Ok((rows, total))
}

/// A page of every announcement the viewer may edit (of `kind`, when
/// given), live or not, newest first; with how many there are.
pub async fn managed(
    access: &Access<'_>,
    kind: Option<AnnouncementKind>,
    page: &PageRequest<i64>,
) -> ApiResult<(Vec<AnnouncementRow>, i64)> {
    access.user()?;
    let scope = access.require_scope(Operation::PublishAnnouncement).await?;
    let pool = access.pool();
    let rows = sql::managed(pool, &scope, kind, page.after, page.fetch_limit()).await?;
    let total = sql::managed_count(pool, &scope, kind).await?;
    Ok((rows, total))
}
