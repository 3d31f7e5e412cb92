//! GraphQL of announcements: the public feed, the editors' list, and
//! create/update/delete within the publisher's scope.

use async_graphql::{Context, Enum, InputObject, MaybeUndefined, Object, SimpleObject};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    attachments::Attachment,
    edit::{self, Fields},
    render_markdown,
};
use crate::{
    authz::{Access, Granted, Guarded, Operation, UnitTarget},
    error::{ApiResult, ErrorCode, InputError, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    payloads,
    units::{self, OrgUnit, UnitRow},
};

crate::text_enum! {
    /// The three kinds of announcement.
    // Stored in `announcements.kind`; decoded by sqlx, an unknown kind is an error.
    #[derive(Enum)]
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
    pub(super) fn target(&self) -> UnitTarget {
        match (self.unit_id, &self.unit_path) {
            (Some(id), Some(path)) => UnitTarget {
                id,
                path: path.clone(),
            },
            _ => UnitTarget::network(),
        }
    }
}

/// An announcement is guarded at its unit (the whole network's at the
/// network); the refusal names the announcement.
impl Guarded for AnnouncementRow {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(find_announcement(pool, id).await?)
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
        let Some(announcement_id) = super::attachments::announcement_of(pool, id).await? else {
            return Ok(None);
        };
        Ok(find_announcement(pool, announcement_id)
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

pub struct Announcement(AnnouncementRow);

#[derive(SimpleObject)]
pub struct AnnouncementPermissions {
    pub edit: bool,
}

#[Object]
impl Announcement {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn kind(&self) -> AnnouncementKind {
        self.0.kind
    }
    /// The publishing unit; null for the whole network.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.0.unit_id).await
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// As written (Markdown).
    async fn body_markdown(&self) -> &str {
        &self.0.body_markdown
    }
    /// Rendered and sanitized: safe to insert as HTML.
    async fn body_html(&self) -> String {
        render_markdown(&self.0.body_markdown)
    }
    async fn publish_at(&self) -> OffsetDateTime {
        self.0.publish_at
    }
    async fn expires_at(&self) -> Option<OffsetDateTime> {
        self.0.expires_at
    }
    async fn pinned(&self) -> bool {
        self.0.pinned
    }
    /// Shown now: published and not expired.
    async fn is_live(&self) -> bool {
        let now = OffsetDateTime::now_utc();
        self.0.publish_at <= now && self.0.expires_at.is_none_or(|e| e > now)
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.0.updated_at
    }
    /// Files attached to it, oldest first.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<Attachment>> {
        Ok(
            loader::<crate::announcements::attachments::AttachmentsOf>(ctx)?
                .load_one(self.0.id)
                .await
                .map_err(load_error)?
                .unwrap_or_default(),
        )
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<AnnouncementPermissions> {
        let access = Access::of(ctx)?;
        Ok(AnnouncementPermissions {
            edit: access.can(Operation::PublishAnnouncement, &self.0.target()),
        })
    }
}

pub(super) async fn find_announcement(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<AnnouncementRow>> {
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
pub(super) async fn visible_to(
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
type FeedKey = (bool, i64, i64);

fn feed_key(r: &AnnouncementRow) -> FeedKey {
    (
        r.pinned,
        (r.publish_at.unix_timestamp_nanos() / 1000) as i64,
        r.seq,
    )
}

#[derive(Default)]
pub struct AnnouncementsQuery;

#[Object]
impl AnnouncementsQuery {
    /// Live announcements of a kind for the viewer: the whole network's (for
    /// everyone) and those of the units the viewer holds roles at or under.
    /// Pinned first, then newest first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn announcements(
        &self,
        ctx: &Context<'_>,
        kind: AnnouncementKind,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<Announcement>> {
        let access = Access::of(ctx)?;
        let page = PageRequest::<FeedKey>::new(first, after)?;
        let paths: Vec<String> = access
            .viewer()
            .assignments
            .iter()
            .map(|a| a.unit_path.clone())
            .collect();
        let pool = access.pool();
        let after = page.after;
        let rows = sqlx::query_as!(
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
            &paths,
            after.map(|a| a.0),
            after.map(|a| a.1),
            after.map(|a| a.2),
            page.fetch_limit(),
        )
        .fetch_all(pool)
        .await?;
        let total = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!"
                 FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
                WHERE a.kind = $1 AND a.publish_at <= now()
                  AND (a.expires_at IS NULL OR a.expires_at > now())
                  AND (a.unit_id IS NULL OR EXISTS (
                        SELECT 1 FROM unnest($2::text[]) AS held(path)
                         WHERE held.path::ltree <@ u.path))"#,
            kind.as_str(),
            &paths,
        )
        .fetch_one(pool)
        .await?;
        let rows = rows
            .into_iter()
            .map(|r| (feed_key(&r), Announcement(r)))
            .collect();
        Ok(page.connection(rows, total))
    }

    /// Every announcement the viewer may edit, live or not, newest first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn managed_announcements(
        &self,
        ctx: &Context<'_>,
        kind: Option<AnnouncementKind>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<Announcement>> {
        let access = Access::of(ctx)?;
        access.user()?;
        let scope = access.require_scope(Operation::PublishAnnouncement).await?;
        let page = PageRequest::<i64>::new(first, after)?;
        let pool = access.pool();
        let kind = kind.map(AnnouncementKind::as_str);
        let rows = sqlx::query_as!(
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
            kind,
            page.after,
            page.fetch_limit(),
        )
        .fetch_all(pool)
        .await?;
        let total = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!"
                 FROM announcements a LEFT JOIN org_units u ON u.id = a.unit_id
                WHERE unit_in_scope(u.path, u.id, $1, $2, $3)
                  AND ($4::text IS NULL OR a.kind = $4)"#,
            scope.all,
            &scope.subtrees,
            &scope.units,
            kind,
        )
        .fetch_one(pool)
        .await?;
        let rows = rows.into_iter().map(|r| (r.seq, Announcement(r))).collect();
        Ok(page.connection(rows, total))
    }
}

#[derive(InputObject)]
pub struct CreateAnnouncementInput {
    pub kind: AnnouncementKind,
    /// The publishing unit; leave out for the whole network (operators).
    pub unit_id: Option<Uuid>,
    pub title: String,
    #[graphql(default)]
    pub body_markdown: String,
    /// Defaults to now.
    pub publish_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
    #[graphql(default)]
    pub pinned: bool,
}

/// Fields left out stay as they are; `expiresAt: null` removes the expiry.
#[derive(InputObject)]
pub struct UpdateAnnouncementInput {
    pub id: Uuid,
    pub title: Option<String>,
    pub body_markdown: Option<String>,
    pub publish_at: Option<OffsetDateTime>,
    pub expires_at: MaybeUndefined<OffsetDateTime>,
    pub pinned: Option<bool>,
}

#[derive(SimpleObject, Default)]
pub struct AnnouncementPayload {
    pub announcement: Option<Announcement>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject, Default)]
pub struct DeleteAnnouncementPayload {
    pub deleted_id: Option<Uuid>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject, Default)]
pub struct DeleteAttachmentPayload {
    pub deleted_id: Option<Uuid>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(
    AnnouncementPayload,
    DeleteAnnouncementPayload,
    DeleteAttachmentPayload
);

fn unknown(field: &str) -> InputError {
    InputError::new(field, ErrorCode::NotFound, "No such announcement or unit.")
}

#[derive(Default)]
pub struct AnnouncementsMutation;

#[Object]
impl AnnouncementsMutation {
    /// Publishes an announcement for a unit (shown to the users of that unit
    /// and every unit it governs) or, for operators, the whole network.
    async fn create_announcement(
        &self,
        ctx: &Context<'_>,
        input: CreateAnnouncementInput,
    ) -> ApiResult<AnnouncementPayload> {
        let access = Access::of(ctx)?;
        let unit: Option<Granted<UnitRow>> = match input.unit_id {
            Some(id) => match access
                .fetch::<UnitRow>(id, Operation::PublishAnnouncement)
                .await?
            {
                Some(u) => Some(u),
                None => return Ok(AnnouncementPayload::rejected(vec![unknown("unitId")])),
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
        let publish_at = input.publish_at.unwrap_or_else(OffsetDateTime::now_utc);
        let f = match Fields::validate(
            &input.title,
            &input.body_markdown,
            publish_at,
            input.expires_at,
            input.pinned,
        ) {
            Ok(f) => f,
            Err(errors) => return Ok(AnnouncementPayload::rejected(errors)),
        };
        let id = edit::create(&access, unit.as_ref(), input.kind, &f).await?;
        Ok(AnnouncementPayload {
            announcement: find_announcement(access.pool(), id)
                .await?
                .map(Announcement),
            errors: vec![],
        })
    }

    async fn update_announcement(
        &self,
        ctx: &Context<'_>,
        input: UpdateAnnouncementInput,
    ) -> ApiResult<AnnouncementPayload> {
        let access = Access::of(ctx)?;
        let Some(current) = access
            .fetch::<AnnouncementRow>(input.id, Operation::PublishAnnouncement)
            .await?
        else {
            return Ok(AnnouncementPayload::rejected(vec![unknown("id")]));
        };
        let expires_at = match input.expires_at {
            MaybeUndefined::Undefined => current.expires_at,
            MaybeUndefined::Null => None,
            MaybeUndefined::Value(v) => Some(v),
        };
        let f = match Fields::validate(
            input.title.as_deref().unwrap_or(&current.title),
            input
                .body_markdown
                .as_deref()
                .unwrap_or(&current.body_markdown),
            input.publish_at.unwrap_or(current.publish_at),
            expires_at,
            input.pinned.unwrap_or(current.pinned),
        ) {
            Ok(f) => f,
            Err(errors) => return Ok(AnnouncementPayload::rejected(errors)),
        };
        edit::update(&access, &current, &f).await?;
        Ok(AnnouncementPayload {
            announcement: find_announcement(access.pool(), current.id)
                .await?
                .map(Announcement),
            errors: vec![],
        })
    }

    /// Removes a file from an announcement.
    async fn delete_attachment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<DeleteAttachmentPayload> {
        let access = Access::of(ctx)?;
        let Some(attachment) = access
            .fetch::<AttachmentOf>(id, Operation::PublishAnnouncement)
            .await?
        else {
            return Ok(DeleteAttachmentPayload::rejected(vec![InputError::new(
                "id",
                ErrorCode::NotFound,
                "No attachment has this id.",
            )]));
        };
        edit::delete_attachment(&access, &attachment).await?;
        Ok(DeleteAttachmentPayload {
            deleted_id: Some(id),
            errors: vec![],
        })
    }

    async fn delete_announcement(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<DeleteAnnouncementPayload> {
        let access = Access::of(ctx)?;
        let Some(current) = access
            .fetch::<AnnouncementRow>(id, Operation::PublishAnnouncement)
            .await?
        else {
            return Ok(DeleteAnnouncementPayload::rejected(vec![unknown("id")]));
        };
        edit::delete(&access, &current).await?;
        Ok(DeleteAnnouncementPayload {
            deleted_id: Some(id),
            errors: vec![],
        })
    }
}
