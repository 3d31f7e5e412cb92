//! The mail domain's DataLoaders: a message's delivery attempts, and the
//! latest message to a contact.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use super::outbox::{DeliveryAttempt, OutboxRow, OutboxStatus};

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
