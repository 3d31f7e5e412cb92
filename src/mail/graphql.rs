//! GraphQL: the outbox for operators, retries, and delivery status.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{dataloader::Loader, Context, Enum, InputObject, Object, SimpleObject};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    authz::{Access, Operation, UnitTarget},
    error::{ApiError, ApiResult, ErrorCode, InputError, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    payloads,
    units::{self, OrgUnit},
};

crate::text_enum! {
    // Stored in `outbox.status`; decoded by sqlx, an unknown status is an error.
    #[derive(Enum)]
    pub enum OutboxStatus {
        /// Waiting for its first or next attempt.
        Pending => "pending",
        /// Claimed by a worker right now.
        Sending => "sending",
        /// Accepted by the SMTP server.
        Sent => "sent",
        /// Given up: refused permanently, or too many attempts.
        Dead => "dead",
    }
}

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: Uuid,
    pub seq: i64,
    pub message_id: String,
    pub template: String,
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: OffsetDateTime,
    pub last_error: Option<String>,
    pub sent_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub unit_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
}

/// One message in the outbox.
pub struct OutboxMessage(pub OutboxRow);

/// What the viewer may do with a message.
#[derive(SimpleObject)]
pub struct OutboxMessagePermissions {
    /// Send it again (`retryEmail`): pending or dead messages, for those
    /// who may retry email.
    pub retry: bool,
}

#[derive(SimpleObject, Clone, Debug)]
pub struct DeliveryAttempt {
    pub at: OffsetDateTime,
    /// `sent`, `temporary` (will be retried) or `permanent`.
    pub outcome: String,
    pub smtp_code: Option<i32>,
    pub detail: Option<String>,
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

/// Every attempt of each message, oldest first, in one query per list.
pub struct AttemptsOf(pub PgPool);

crate::request_loaders!(AttemptsOf, LatestMessageTo);

impl Loader<Uuid> for AttemptsOf {
    type Value = Vec<DeliveryAttempt>;
    type Error = Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<DeliveryAttempt>>, Self::Error> {
        let rows = sqlx::query!(
            r#"SELECT outbox_id, attempted_at, outcome, smtp_code, detail
                 FROM outbox_attempts WHERE outbox_id = ANY($1) ORDER BY id"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut by: HashMap<Uuid, Vec<DeliveryAttempt>> =
            keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            by.entry(r.outbox_id).or_default().push(DeliveryAttempt {
                at: r.attempted_at,
                outcome: r.outcome,
                smtp_code: r.smtp_code,
                detail: r.detail,
            });
        }
        Ok(by)
    }
}

async fn rows_by_ids(db: impl PgExecutor<'_>, ids: &[Uuid]) -> sqlx::Result<Vec<OutboxRow>> {
    sqlx::query_as!(
        OutboxRow,
        r#"SELECT id, seq, message_id, template, to_address, to_name, subject,
                  status AS "status: OutboxStatus", attempts, next_attempt_at, last_error,
                  sent_at, created_at, unit_id, contact_id
             FROM outbox WHERE id = ANY($1)"#,
        ids
    )
    .fetch_all(db)
    .await
}

/// The latest message to each contact, for delivery status on contacts.
pub struct LatestMessageTo(pub PgPool);

impl Loader<Uuid> for LatestMessageTo {
    type Value = OutboxRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, OutboxRow>, Self::Error> {
        let rows = sqlx::query_as!(
            OutboxRow,
            r#"SELECT DISTINCT ON (contact_id)
                      id, seq, message_id, template, to_address, to_name, subject,
                      status AS "status: OutboxStatus", attempts, next_attempt_at, last_error, sent_at, created_at, unit_id,
                      contact_id
                 FROM outbox WHERE contact_id = ANY($1)
                ORDER BY contact_id, seq DESC"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r.contact_id?, r)))
            .collect())
    }
}

#[derive(InputObject, Default)]
pub struct OutboxFilter {
    pub status: Option<OutboxStatus>,
    /// Recipient address, case-insensitive, exact.
    pub to: Option<String>,
    pub template: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct RetryEmailPayload {
    pub message: Option<OutboxMessage>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(RetryEmailPayload);

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
        let status = f.status.map(OutboxStatus::as_str);
        let to =
            f.to.map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty());
        let template = f
            .template
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        let pool = access.pool();
        let rows = sqlx::query_as!(
            OutboxRow,
            r#"SELECT id, seq, message_id, template, to_address, to_name, subject,
                      status AS "status: OutboxStatus", attempts, next_attempt_at, last_error,
                      sent_at, created_at, unit_id, contact_id
                 FROM outbox
                WHERE ($1::text IS NULL OR status = $1)
                  AND ($2::text IS NULL OR lower(to_address) = $2)
                  AND ($3::text IS NULL OR template = $3)
                  AND ($4::bigint IS NULL OR seq < $4)
                ORDER BY seq DESC
                LIMIT $5"#,
            status,
            to,
            template,
            page.after,
            page.fetch_limit(),
        )
        .fetch_all(pool)
        .await?;
        let total = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM outbox
                WHERE ($1::text IS NULL OR status = $1)
                  AND ($2::text IS NULL OR lower(to_address) = $2)
                  AND ($3::text IS NULL OR template = $3)"#,
            status,
            to,
            template,
        )
        .fetch_one(pool)
        .await?;
        let rows = rows
            .into_iter()
            .map(|r| (r.seq, OutboxMessage(r)))
            .collect();
        Ok(page.connection(rows, total))
    }
}

/// Queues a pending or dead message for a fresh round of attempts now,
/// once the caller required `RetryEmail` (network-wide).
#[tracing::instrument(skip_all, fields(outbox_id = %id))]
async fn retry(access: &Access<'_>, id: Uuid) -> ApiResult<Result<(), InputError>> {
    let mut tx = access.pool().begin().await?;
    let current = sqlx::query!(
        r#"SELECT status AS "status: OutboxStatus" FROM outbox WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(current) = current else {
        return Ok(Err(InputError::new(
            "id",
            ErrorCode::NotFound,
            "No message has this id.",
        )));
    };
    if let Err(e) = current.status.check_retry() {
        return Ok(Err(e));
    }
    sqlx::query!(
        r#"UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now(),
                                 lease_until = NULL
                WHERE id = $1"#,
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("SELECT pg_notify('inservice_outbox', '')")
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        access.request(),
        Entry::ok("email.retry").target("outbox", id).change(
            "status",
            &current.status.as_str(),
            &OutboxStatus::Pending.as_str(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

#[derive(Default)]
pub struct MailMutation;

#[Object]
impl MailMutation {
    /// Sends a pending or dead message again now, with a fresh round of
    /// attempts. A sent message is not sent twice.
    async fn retry_email(&self, ctx: &Context<'_>, id: Uuid) -> ApiResult<RetryEmailPayload> {
        let access = Access::of(ctx)?;
        access.user()?;
        access
            .require(
                Operation::RetryEmail,
                &UnitTarget::network(),
                "the whole network",
            )
            .await?;
        if let Err(e) = retry(&access, id).await? {
            return Ok(RetryEmailPayload::rejected(vec![e]));
        }
        let row = rows_by_ids(access.pool(), &[id])
            .await?
            .pop()
            .ok_or(ApiError::NotFound("message"))?;
        Ok(RetryEmailPayload {
            message: Some(OutboxMessage(row)),
            errors: vec![],
        })
    }
}
