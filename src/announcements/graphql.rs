//! GraphQL of announcements: the public feed, the editors' list, and
//! create/update/delete within the publisher's scope.

use async_graphql::{Context, InputObject, MaybeUndefined, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    attachments::Attachment,
    edit::{self, Fields},
    render_markdown,
    sql::{feed_key, AnnouncementKind, AnnouncementRow, FeedKey},
};
use crate::{
    authz::{Access, Operation},
    error::{ApiResult, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    refusal::Outcome,
    units::{self, OrgUnit},
};

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
        let (rows, total) = super::feed(&access, kind, &page).await?;
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
        let page = PageRequest::<i64>::new(first, after)?;
        let (rows, total) = super::managed(&access, kind, &page).await?;
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

crate::payload! {
    pub struct AnnouncementPayload {
        pub announcement: Option<Announcement>,
    }
}

crate::payload! {
    pub struct DeleteAnnouncementPayload {
        pub deleted_id: Option<Uuid>,
    }
}

crate::payload! {
    pub struct DeleteAttachmentPayload {
        pub deleted_id: Option<Uuid>,
    }
}

#[derive(Default)]
pub struct AnnouncementsMutation;

/// The payload of a change that answers with the announcement.
fn announcement_payload(outcome: Outcome<Option<AnnouncementRow>>) -> AnnouncementPayload {
    outcome.map_or_else(AnnouncementPayload::rejected, |row| AnnouncementPayload {
        announcement: row.map(Announcement),
        errors: vec![],
    })
}

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
        let fields = Fields::validate(
            &input.title,
            &input.body_markdown,
            input.publish_at.unwrap_or_else(OffsetDateTime::now_utc),
            input.expires_at,
            input.pinned,
        );
        let outcome = edit::create(&access, input.unit_id, input.kind, fields).await?;
        Ok(announcement_payload(outcome))
    }

    async fn update_announcement(
        &self,
        ctx: &Context<'_>,
        input: UpdateAnnouncementInput,
    ) -> ApiResult<AnnouncementPayload> {
        let access = Access::of(ctx)?;
        let outcome = edit::update(&access, input.id, |current| {
            let expires_at = match input.expires_at {
                MaybeUndefined::Undefined => current.expires_at,
                MaybeUndefined::Null => None,
                MaybeUndefined::Value(v) => Some(v),
            };
            Fields::validate(
                input.title.as_deref().unwrap_or(&current.title),
                input
                    .body_markdown
                    .as_deref()
                    .unwrap_or(&current.body_markdown),
                input.publish_at.unwrap_or(current.publish_at),
                expires_at,
                input.pinned.unwrap_or(current.pinned),
            )
        })
        .await?;
        Ok(announcement_payload(outcome))
    }

    /// Removes a file from an announcement.
    async fn delete_attachment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<DeleteAttachmentPayload> {
        let access = Access::of(ctx)?;
        let outcome = edit::delete_attachment(&access, id).await?;
        Ok(
            outcome.map_or_else(DeleteAttachmentPayload::rejected, |()| {
                DeleteAttachmentPayload {
                    deleted_id: Some(id),
                    errors: vec![],
                }
            }),
        )
    }

    async fn delete_announcement(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<DeleteAnnouncementPayload> {
        let access = Access::of(ctx)?;
        let outcome = edit::delete(&access, id).await?;
        Ok(
            outcome.map_or_else(DeleteAnnouncementPayload::rejected, |()| {
                DeleteAnnouncementPayload {
                    deleted_id: Some(id),
                    errors: vec![],
                }
            }),
        )
    }
}
