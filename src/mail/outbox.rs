//! Writing messages to the outbox, inside the caller's transaction.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::templates::Email;

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
