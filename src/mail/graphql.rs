//! GraphQL: the outbox for operators, retries, and delivery status. The
//! queries and the retry are the outbox's (`super::outbox`).

use async_graphql::{Context, InputObject, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::outbox::{self, DeliveryAttempt, OutboxRow, OutboxStatus};
use crate::{
    authz::{Access, Operation, UnitTarget},
    error::{ApiResult, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    units::{self, OrgUnit},
};

/// One message in the outbox.
pub struct OutboxMessage(pub OutboxRow);

/// What the viewer may do with a message.
#[derive(SimpleObject)]
pub struct OutboxMessagePermissions {
    /// Send it again (`retryEmail`): pending or dead messages, for those
    /// who may retry email.
    pub retry: bool,
}

#[Object]
impl OutboxMessage {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// The Message-ID header, the same on every attempt.
    async fn message_id(&self) -> &str {
        &self.0.message_id
    }
    async fn template(&self) -> &str {
        &self.0.template
    }
    async fn to(&self) -> &str {
        &self.0.to_address
    }
    async fn to_name(&self) -> Option<&str> {
        self.0.to_name.as_deref()
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn status(&self) -> OutboxStatus {
        self.0.status
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    async fn next_attempt_at(&self) -> Option<OffsetDateTime> {
        (self.0.status == OutboxStatus::Pending).then_some(self.0.next_attempt_at)
    }
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    async fn sent_at(&self) -> Option<OffsetDateTime> {
        self.0.sent_at
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.0.unit_id).await
    }
    /// Every attempt, oldest first.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn delivery_attempts(&self, ctx: &Context<'_>) -> ApiResult<Vec<DeliveryAttempt>> {
        Ok(loader::<crate::mail::AttemptsOf>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default())
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<OutboxMessagePermissions> {
        let access = Access::of(ctx)?;
        Ok(OutboxMessagePermissions {
            retry: self.0.status.check_retry().is_ok()
                && access.can(Operation::RetryEmail, &UnitTarget::network()),
        })
    }
}

#[derive(InputObject, Default)]
pub struct OutboxFilter {
    pub status: Option<OutboxStatus>,
    /// Recipient address, case-insensitive, exact.
    pub to: Option<String>,
    pub template: Option<String>,
}

crate::payload! {
    pub struct RetryEmailPayload {
        pub message: Option<OutboxMessage>,
    }
}

#[derive(Default)]
pub struct MailQuery;

#[Object]
impl MailQuery {
    /// Messages, newest first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn outbox(
        &self,
        ctx: &Context<'_>,
        filter: Option<OutboxFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<OutboxMessage>> {
        let access = Access::of(ctx)?;
        access.user()?;
        access
            .require(
                Operation::ReadOutbox,
                &UnitTarget::network(),
                "the whole network",
            )
            .await?;
        let f = filter.unwrap_or_default();
        let page = PageRequest::<i64>::new(first, after)?;
        let filter = outbox::Filter {
            status: f.status,
            to: f
                .to
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty()),
            template: f
                .template
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
        };
        let (rows, total) =
            outbox::messages(&access, &filter, page.after, page.fetch_limit()).await?;
        let rows = rows
            .into_iter()
            .map(|r| (r.seq, OutboxMessage(r)))
            .collect();
        Ok(page.connection(rows, total))
    }
}

#[derive(Default)]
pub struct MailMutation;

#[Object]
impl MailMutation {
    /// Sends a pending or dead message again now, with a fresh round of
    /// attempts. A sent message is not sent twice.
    async fn retry_email(&self, ctx: &Context<'_>, id: Uuid) -> ApiResult<RetryEmailPayload> {
        let access = Access::of(ctx)?;
        Ok(match outbox::retry(&access, id).await? {
            Ok(row) => RetryEmailPayload {
                message: Some(OutboxMessage(row)),
                errors: vec![],
            },
            Err(errors) => RetryEmailPayload::rejected(errors),
        })
    }
}
