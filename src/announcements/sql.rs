//! Queries on `announcements`.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::authz::{Scope, UnitTarget};

crate::text_enum! {
    /// The three kinds of announcement.
    // Stored in `announcements.kind`; decoded by sqlx, an unknown kind is an error.
    #[derive(async_graphql::Enum)]
    pub enum AnnouncementKind {
        /// 公佈欄
        Bulletin => "bulletin",
        /// 最新消息
        News => "news",
        /// 跑馬燈: one line scrolling at the top of the console.
        Marquee => "marquee",
    }
}

#[derive(Debug, Clone)]
pub struct AnnouncementRow {
    pub id: Uuid,
    pub seq: i64,
    pub kind: AnnouncementKind,
    pub unit_id: Option<Uuid>,
    pub unit_path: Option<String>,
    pub title: String,
    pub body_markdown: String,
    pub publish_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub pinned: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl AnnouncementRow {
    /// Where publishing it is decided: its unit, or the whole network.
    pub fn target(&self) -> UnitTarget {
        match (self.unit_id, &self.unit_path) {
            (Some(id), Some(path)) => UnitTarget {
                id,
                path: path.clone(),
            },
            _ => UnitTarget::network(),
        }
    }
}

pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<AnnouncementRow>> {
    sqlx::query_as!(
        AnnouncementRow,
        r#"SELECT a.id, a.seq, a.kind AS "kind: AnnouncementKind", a.unit_id, u.path::text AS unit_path, a.title,
                  a.body_markdown, a.publish_at, a.expires_at, a.pinned, a.created_at, a.updated_at
             FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
            WHERE a.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Whether the feed shows `a` to `viewer` now (live, and for everyone or
/// for a unit the viewer holds a role at or under).
pub async fn visible_to(
    db: impl PgExecutor<'_>,
    a: &AnnouncementRow,
    viewer: &crate::authz::Viewer,
) -> sqlx::Result<bool> {
    let paths: Vec<String> = viewer
        .assignments
        .iter()
        .map(|x| x.unit_path.clone())
        .collect();
    sqlx::query_scalar!(
        r#"SELECT (a.publish_at <= now() AND (a.expires_at IS NULL OR a.expires_at > now())
                   AND (a.unit_id IS NULL OR EXISTS (
                        SELECT 1 FROM unnest($2::text[]) AS held(path)
                         WHERE held.path::ltree <@ u.path))) AS "visible!"
             FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
            WHERE a.id = $1"#,
        a.id,
        &paths
    )
    .fetch_one(db)
    .await
}

/// Sort key of the feed: pinned first, newest first.
pub type FeedKey = (bool, i64, i64);

pub fn feed_key(r: &AnnouncementRow) -> FeedKey {
    (
        r.pinned,
        (r.publish_at.unix_timestamp_nanos() / 1000) as i64,
        r.seq,
    )
}

/// Live announcements of `kind` for someone holding roles at `paths`
/// (the whole network's, and those of units at or above them), pinned
/// first, then newest first, after the key `after`.
pub async fn feed(
    db: impl PgExecutor<'_>,
    kind: AnnouncementKind,
    paths: &[String],
    after: Option<FeedKey>,
    limit: i64,
) -> sqlx::Result<Vec<AnnouncementRow>> {
    sqlx::query_as!(
        AnnouncementRow,
        r#"SELECT a.id, a.seq, a.kind AS "kind: AnnouncementKind", a.unit_id, u.path::text AS unit_path, a.title,
                      a.body_markdown, a.publish_at, a.expires_at, a.pinned, a.created_at,
                      a.updated_at
                 FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
                WHERE a.kind = $1 AND a.publish_at <= now()
                  AND (a.expires_at IS NULL OR a.expires_at > now())
                  AND (a.unit_id IS NULL OR EXISTS (
                        SELECT 1 FROM unnest($2::text[]) AS held(path)
                         WHERE held.path::ltree <@ u.path))
                  AND ($3::bool IS NULL
                       OR (a.pinned, (extract(epoch FROM a.publish_at) * 1000000)::bigint, a.seq)
                          < ($3, $4::bigint, $5::bigint))
                ORDER BY a.pinned DESC, a.publish_at DESC, a.seq DESC
                LIMIT $6"#,
        kind.as_str(),
        paths,
        after.map(|a| a.0),
        after.map(|a| a.1),
        after.map(|a| a.2),
        limit,
    )
    .fetch_all(db)
    .await
}

pub async fn feed_count(
    db: impl PgExecutor<'_>,
    kind: AnnouncementKind,
    paths: &[String],
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
                 FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
                WHERE a.kind = $1 AND a.publish_at <= now()
                  AND (a.expires_at IS NULL OR a.expires_at > now())
                  AND (a.unit_id IS NULL OR EXISTS (
                        SELECT 1 FROM unnest($2::text[]) AS held(path)
                         WHERE held.path::ltree <@ u.path))"#,
        kind.as_str(),
        paths,
    )
    .fetch_one(db)
    .await
}

/// Every announcement of the units in `scope` (of `kind`, when given),
/// newest first, before the sequence number `before`.
pub async fn managed(
    db: impl PgExecutor<'_>,
    scope: &Scope,
    kind: Option<AnnouncementKind>,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<AnnouncementRow>> {
    sqlx::query_as!(
        AnnouncementRow,
        r#"SELECT a.id, a.seq, a.kind AS "kind: AnnouncementKind", a.unit_id, u.path::text AS unit_path, a.title,
                      a.body_markdown, a.publish_at, a.expires_at, a.pinned, a.created_at,
                      a.updated_at
                 FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
                WHERE unit_in_scope(u.path, u.id, $1, $2, $3)
                  AND ($4::text IS NULL OR a.kind = $4)
                  AND ($5::bigint IS NULL OR a.seq < $5)
                ORDER BY a.seq DESC
                LIMIT $6"#,
        scope.all,
        &scope.subtrees,
        &scope.units,
        kind.map(AnnouncementKind::as_str),
        before,
        limit,
    )
    .fetch_all(db)
    .await
}

pub async fn managed_count(
    db: impl PgExecutor<'_>,
    scope: &Scope,
    kind: Option<AnnouncementKind>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
                 FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
                WHERE unit_in_scope(u.path, u.id, $1, $2, $3)
                  AND ($4::text IS NULL OR a.kind = $4)"#,
        scope.all,
        &scope.subtrees,
        &scope.units,
        kind.map(AnnouncementKind::as_str),
    )
    .fetch_one(db)
    .await
}
