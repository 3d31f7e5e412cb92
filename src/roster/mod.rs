//! The annual teacher-roster campaign (每學年教師資料維護).
//!
//! Reminders: every instance checks every ten minutes (claiming each open
//! campaign with `FOR UPDATE SKIP LOCKED`, so one instance does it) and
//! writes to each unconfirmed school whose last campaign email is at least
//! `reminder_interval_days` (7 by default) old, until the deadline.
//!
//! A school gets at most one reminder per day (Taipei), whoever sends it:
//! [`claim_reminder`] records the day under `roster_reminders`' primary
//! key, so a second one is refused (by hand) or skipped (scheduled, or a
//! reminder to many schools), however requests race.

mod graphql;
mod rules;

pub use graphql::{RosterMutation, RosterQuery};

use sqlx::{PgConnection, PgPool};
use time::Date;
use uuid::Uuid;

use crate::mail::{
    enqueue,
    outbox::recipients_of,
    templates::{RosterOpened, RosterReminder},
    Links,
};

pub use crate::taipei::today as today_in_taipei;

/// The outbox topic of a campaign's messages.
pub fn topic(school_year: i32) -> String {
    format!("roster:{school_year}")
}

fn roster_page(links: &Links, school_year: i32) -> String {
    links.page(&format!("/roster/{school_year}"))
}

/// A school and its name, to write to.
pub struct School {
    pub id: Uuid,
    pub name: String,
}

/// Writes the campaign's opening message to every email contact of
/// `schools`; how many messages.
pub async fn announce(
    conn: &mut PgConnection,
    schools: &[School],
    school_year: i32,
    deadline: Date,
    links: &Links,
) -> anyhow::Result<usize> {
    let ids: Vec<Uuid> = schools.iter().map(|s| s.id).collect();
    let names: std::collections::HashMap<Uuid, &str> =
        schools.iter().map(|s| (s.id, s.name.as_str())).collect();
    let recipients = recipients_of(&mut *conn, &ids).await?;
    for r in &recipients {
        let email = RosterOpened {
            recipient_name: r.name.clone(),
            unit_name: r
                .unit_id
                .and_then(|u| names.get(&u))
                .unwrap_or(&"")
                .to_string(),
            school_year,
            deadline: deadline.to_string(),
            console_url: roster_page(links, school_year),
        };
        enqueue(
            conn,
            r,
            Some(&topic(school_year)),
            &email,
            &links.message_domain,
        )
        .await?;
    }
    Ok(recipients.len())
}

/// Writes a reminder to every email contact of one school; how many.
pub async fn remind(
    conn: &mut PgConnection,
    school: &School,
    school_year: i32,
    deadline: Date,
    links: &Links,
) -> anyhow::Result<usize> {
    let recipients = recipients_of(&mut *conn, &[school.id]).await?;
    let days_left = (deadline - today_in_taipei()).whole_days().max(0);
    for r in &recipients {
        let email = RosterReminder {
            recipient_name: r.name.clone(),
            unit_name: school.name.clone(),
            school_year,
            deadline: deadline.to_string(),
            days_left,
            console_url: roster_page(links, school_year),
        };
        enqueue(
            conn,
            r,
            Some(&topic(school_year)),
            &email,
            &links.message_domain,
        )
        .await?;
    }
    Ok(recipients.len())
}

/// Most schools one `sendRosterReminders` may name.
pub const MAX_REMINDER_SCHOOLS: usize = 500;

/// Records that the school is reminded today (Taipei), in the caller's
/// transaction; false when it already was (nothing recorded).
pub async fn claim_reminder(
    conn: &mut PgConnection,
    unit_id: Uuid,
    school_year: i32,
    by: Option<Uuid>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"INSERT INTO roster_reminders (unit_id, sent_on, school_year, sent_by)
           VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, sent_on) DO NOTHING"#,
        unit_id,
        today_in_taipei(),
        school_year,
        by
    )
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Sends the reminders that are due now; how many messages. Safe to run on
/// every instance at once.
pub async fn send_due_reminders(pool: &PgPool, links: &Links) -> anyhow::Result<usize> {
    let mut tx = pool.begin().await?;
    let campaigns = sqlx::query!(
        r#"SELECT school_year, deadline, reminder_interval_days FROM roster_campaigns
            WHERE deadline >= $1
            FOR UPDATE SKIP LOCKED"#,
        today_in_taipei()
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut sent = 0;
    for c in campaigns {
        let due = sqlx::query_as!(
            School,
            r#"SELECT u.id, u.name FROM org_units u
                WHERE u.kind = 'school'
                  AND NOT EXISTS (SELECT 1 FROM roster_confirmations rc
                                   WHERE rc.unit_id = u.id AND rc.school_year = $1)
                  AND coalesce((SELECT max(o.created_at) FROM outbox o
                                 WHERE o.topic = $2 AND o.unit_id = u.id), '-infinity')
                      <= now() - make_interval(days => $3)
                ORDER BY u.code"#,
            c.school_year,
            topic(c.school_year),
            c.reminder_interval_days,
        )
        .fetch_all(&mut *tx)
        .await?;
        for school in &due {
            // Skipped when someone reminded the school by hand today.
            if claim_reminder(&mut tx, school.id, c.school_year, None).await? {
                sent += remind(&mut tx, school, c.school_year, c.deadline, links).await?;
            }
        }
    }
    tx.commit().await?;
    if sent > 0 {
        tracing::info!(messages = sent, "roster reminders queued");
    }
    Ok(sent)
}
