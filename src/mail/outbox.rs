//! The outbox: writing messages inside the caller's transaction, listing
//! them for operators, and sending one again.

use async_graphql::{Enum, SimpleObject};
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::templates::Email;
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation, UnitTarget},
    error::{ApiError, ApiResult, ErrorCode, InputError},
    refusal::Outcome,
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

#[derive(SimpleObject, Clone, Debug)]
pub struct DeliveryAttempt {
    pub at: OffsetDateTime,
    /// `sent`, `temporary` (will be retried) or `permanent`.
    pub outcome: String,
    pub smtp_code: Option<i32>,
    pub detail: Option<String>,
}

/// Someone to write to: a contact marked for email.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub address: String,
    pub name: String,
    pub contact_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
}

/// Renders `email` and queues it for `to`, in the caller's transaction: if
/// that rolls back, nothing is sent. Returns the outbox id.
pub async fn enqueue<E: Email>(
    conn: &mut PgConnection,
    to: &Recipient,
    topic: Option<&str>,
    email: &E,
    message_domain: &str,
) -> anyhow::Result<Uuid> {
    let rendered = email.render()?;
    let id = Uuid::new_v4();
    let message_id = format!("<{}@{}>", id.simple(), message_domain);
    sqlx::query!(
        r#"INSERT INTO outbox (id, message_id, template, to_address, to_name, subject, body_text,
                               body_html, contact_id, unit_id, topic)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"#,
        id,
        message_id,
        E::NAME,
        to.address,
        to.name,
        rendered.subject,
        rendered.text,
        rendered.html,
        to.contact_id,
        to.unit_id,
        topic,
    )
    .execute(&mut *conn)
    .await?;
    // Wakes idle workers at commit; a rolled-back transaction sends no notice.
    sqlx::query!("SELECT pg_notify('inservice_outbox', '')")
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// The contacts of these units that receive email: marked for it, with an
/// address that has not bounced permanently.
pub async fn recipients_of(
    db: impl PgExecutor<'_>,
    unit_ids: &[Uuid],
) -> sqlx::Result<Vec<Recipient>> {
    let rows = sqlx::query!(
        r#"SELECT id, unit_id, name, email AS "email!"
             FROM contacts
            WHERE unit_id = ANY($1) AND receives_email AND email IS NOT NULL
              AND email_suppressed_at IS NULL
            ORDER BY unit_id, sort_order"#,
        unit_ids
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Recipient {
            address: r.email,
            name: r.name,
            contact_id: Some(r.id),
            unit_id: Some(r.unit_id),
        })
        .collect())
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

/// Which messages a listing shows; `None` is any.
pub struct Filter {
    pub status: Option<OutboxStatus>,
    /// The recipient's address, lower-case, exact.
    pub to: Option<String>,
    pub template: Option<String>,
}

/// Messages for operators, newest first: up to `limit` after the sequence
/// number `after`, and how many match. The caller required `ReadOutbox`.
pub async fn messages(
    access: &Access<'_>,
    filter: &Filter,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<(Vec<OutboxRow>, i64)> {
    let pool = access.pool();
    let status = filter.status.map(OutboxStatus::as_str);
    let (to, template) = (&filter.to, &filter.template);
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
        to.as_deref(),
        template.as_deref(),
        after,
        limit,
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM outbox
                WHERE ($1::text IS NULL OR status = $1)
                  AND ($2::text IS NULL OR lower(to_address) = $2)
                  AND ($3::text IS NULL OR template = $3)"#,
        status,
        to.as_deref(),
        template.as_deref(),
    )
    .fetch_one(pool)
    .await?;
    Ok((rows, total))
}

/// Queues a pending or dead message for a fresh round of attempts now
/// (`retryEmail`, network-wide); a sent message is not sent twice. Returns
/// the message as it now is.
#[tracing::instrument(skip_all, fields(outbox_id = %id))]
pub async fn retry(access: &Access<'_>, id: Uuid) -> ApiResult<Outcome<OutboxRow>> {
    access.user()?;
    access
        .require(
            Operation::RetryEmail,
            &UnitTarget::network(),
            "the whole network",
        )
        .await?;
    let mut tx = access.pool().begin().await?;
    let current = sqlx::query!(
        r#"SELECT status AS "status: OutboxStatus" FROM outbox WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(current) = current else {
        return Ok(Err(vec![InputError::new(
            "id",
            ErrorCode::NotFound,
            "No message has this id.",
        )]));
    };
    if let Err(e) = current.status.check_retry() {
        return Ok(Err(vec![e]));
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
    let row = rows_by_ids(access.pool(), &[id])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("message"))?;
    Ok(Ok(row))
}
