//! Data exchange (資訊傳報): identified training records of the teachers
//! serving in a county bureau's or K-12 division's jurisdiction, under an
//! application the commissioner approved.
//!
//! The job freezes the export into `data_exchange_rows` (one INSERT …
//! SELECT, in the transaction that completes the application), so every
//! download of it is the same file. A download streams those rows with
//! `COPY … TO STDOUT` straight from PostgreSQL to the client: memory stays
//! flat whatever the size. Expired exports are deleted.

use sqlx::{PgConnection, PgExecutor, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::authz::Scope;

use super::{
    applications::{self, Actor, ApplicationStatus, Kind, Subject},
    jobs::{self, Claimed, JobContext, Table},
};

/// Kinds of unit that govern schools and so may apply for their teachers'
/// records; `exchange apply` held elsewhere (a ministry division) has no
/// jurisdiction to apply for.
pub const APPLYING_KINDS: [&str; 2] = ["county_bureau", "k12_division"];

/// Whether any unit of these kinds is in `scope` (the viewer's `exchange
/// apply` scope), i.e. whether the viewer has a unit to apply for.
pub async fn any_applying_unit(db: impl PgExecutor<'_>, scope: &Scope) -> sqlx::Result<bool> {
    if scope.is_empty() {
        return Ok(false);
    }
    sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM org_units
                WHERE kind = ANY($1)
                  AND unit_in_scope(path, id, $2, $3, $4)) AS "any!""#,
        &APPLYING_KINDS.map(String::from),
        scope.all,
        &scope.subtrees,
        &scope.units,
    )
    .fetch_one(db)
    .await
}

#[derive(Clone, Debug)]
pub struct ExchangeRow {
    pub id: Uuid,
    pub number: i32,
    pub requester_id: Uuid,
    pub requester_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub purpose: String,
    pub period_from: Date,
    pub period_to: Date,
    pub valid_until: Date,
    pub status: String,
    pub progress: f32,
    pub row_count: Option<i64>,
    pub error: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_reason: Option<String>,
    pub completed_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl ExchangeRow {
    pub fn status(&self) -> ApplicationStatus {
        ApplicationStatus::parse(&self.status)
    }

    pub fn subject(&self) -> Subject<'_> {
        Subject {
            kind: Kind::DataExchange,
            id: self.id,
            number: self.number,
            requester_id: self.requester_id,
            unit_name: &self.unit_name,
            purpose: &self.purpose,
        }
    }

    pub fn downloadable(&self, now: OffsetDateTime) -> bool {
        self.status() == ApplicationStatus::Completed && self.expires_at.is_some_and(|e| e > now)
    }
}

macro_rules! select_exchanges {
    ($where:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            ExchangeRow,
            r#"SELECT x.id, x.number, x.requester_id, u.display_name AS requester_name,
                      x.unit_id, o.name AS unit_name, x.purpose, x.period_from, x.period_to,
                      x.valid_until, x.status, x.progress, x.row_count, x.error,
                      d.display_name AS "decided_by_name?", x.decided_at, x.decision_reason,
                      x.completed_at, x.expires_at, x.created_at
                 FROM data_exchanges x
                 JOIN users u ON u.id = x.requester_id
                 JOIN org_units o ON o.id = x.unit_id
                 LEFT JOIN users d ON d.id = x.decided_by
                "# + $where
            $(, $arg)*
        )
    };
}

pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<ExchangeRow>> {
    select_exchanges!("WHERE x.id = $1", id)
        .fetch_optional(db)
        .await
}

pub async fn lock(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<ExchangeRow>> {
    select_exchanges!("WHERE x.id = $1 FOR UPDATE OF x", id)
        .fetch_optional(conn)
        .await
}

pub async fn list(
    db: impl PgExecutor<'_>,
    requester: Option<Uuid>,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<ExchangeRow>> {
    select_exchanges!(
        "WHERE ($1::uuid IS NULL OR x.requester_id = $1) AND ($2::text IS NULL OR x.status = $2)
         ORDER BY x.created_at DESC, x.number DESC OFFSET $3 LIMIT $4",
        requester,
        status,
        offset,
        limit
    )
    .fetch_all(db)
    .await
}

pub async fn count(
    db: impl PgExecutor<'_>,
    requester: Option<Uuid>,
    status: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM data_exchanges
            WHERE ($1::uuid IS NULL OR requester_id = $1) AND ($2::text IS NULL OR status = $2)"#,
        requester,
        status
    )
    .fetch_one(db)
    .await
}

pub struct NewExchange<'a> {
    pub requester_id: Uuid,
    pub unit_id: Uuid,
    pub purpose: &'a str,
    pub period_from: Date,
    pub period_to: Date,
    pub valid_until: Date,
}

pub async fn insert(conn: &mut PgConnection, new: &NewExchange<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "INSERT INTO data_exchanges (requester_id, unit_id, purpose, period_from, period_to,
                                     valid_until)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        new.requester_id,
        new.unit_id,
        new.purpose,
        new.period_from,
        new.period_to,
        new.valid_until,
    )
    .fetch_one(conn)
    .await
}

pub async fn decide(
    conn: &mut PgConnection,
    id: Uuid,
    approve: bool,
    decided_by: Uuid,
    reason: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE data_exchanges
            SET status = CASE WHEN $2 THEN 'approved' ELSE 'rejected' END,
                decided_by = $3, decided_at = now(), decision_reason = $4
          WHERE id = $1",
        id,
        approve,
        decided_by,
        reason,
    )
    .execute(&mut *conn)
    .await?;
    if approve {
        jobs::enqueue(conn, Kind::DataExchange.as_str(), id).await?;
    }
    Ok(())
}

/// Writes the export: the live grants, for courses ending in the period,
/// of the teachers now serving at a school the unit governs. Ordered by
/// school, teacher and date, as a bureau reads it. Names and titles are
/// made inert for spreadsheets as `files::inert` does (the CSV is COPY's).
pub async fn freeze(
    conn: &mut PgConnection,
    id: Uuid,
    unit_id: Uuid,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> sqlx::Result<u64> {
    sqlx::query!("DELETE FROM data_exchange_rows WHERE exchange_id = $1", id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query!(
        "INSERT INTO data_exchange_rows
             (exchange_id, seq, personal_code, name, school, course_code, course_title,
              course_date, hours)
         SELECT $1, row_number() OVER (ORDER BY s.code, t.name, t.id, c.ends_at, c.code),
                t.personal_code, inert_csv_text(t.name), inert_csv_text(s.name), c.code,
                inert_csv_text(c.title),
                (c.ends_at AT TIME ZONE 'Asia/Taipei')::date, e.half_hours / 2.0
           FROM org_units j
           JOIN org_units s ON s.path <@ j.path AND s.kind = 'school'
           JOIN school_teachers st ON st.school_id = s.id AND st.status = 'active'
           JOIN teachers t ON t.id = st.teacher_id
           JOIN hour_entries e ON e.teacher_id = t.id AND e.kind = 'grant'
           JOIN courses c ON c.id = e.course_id
          WHERE j.id = $2 AND c.ends_at >= $3 AND c.ends_at < $4
            AND NOT EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = e.id)",
        id,
        unit_id,
        from,
        to,
    )
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn run_job(context: &JobContext, job: &Claimed) -> anyhow::Result<()> {
    let pool = &context.pool;
    let Some(exchange) = find(pool, job.subject_id).await? else {
        anyhow::bail!("data exchange {} does not exist", job.subject_id);
    };
    if exchange.status() != ApplicationStatus::Approved {
        let mut conn = pool.acquire().await?;
        return Ok(jobs::finish(&mut conn, job.id).await?);
    }
    jobs::progress(pool, Table::DataExchanges, exchange.id, 0.1).await?;
    let (from, to) =
        crate::period::Period::Dates(exchange.period_from, exchange.period_to).bounds();
    let mut tx = pool.begin().await?;
    let Some(exchange) = lock(&mut tx, exchange.id).await? else {
        anyhow::bail!("data exchange vanished");
    };
    if exchange.status() == ApplicationStatus::Approved {
        let rows = freeze(&mut tx, exchange.id, exchange.unit_id, from, to).await?;
        // Downloadable for the configured time, never past the validity
        // applied for (its last day included, Taipei).
        let valid_end = crate::period::Period::Dates(exchange.valid_until, exchange.valid_until)
            .bounds()
            .1;
        sqlx::query!(
            "UPDATE data_exchanges
                SET status = 'completed', progress = 1, row_count = $2, completed_at = now(),
                    expires_at = least(now() + make_interval(hours => $3), $4)
              WHERE id = $1",
            exchange.id,
            rows as i64,
            context.ttl_hours as i32,
            valid_end,
        )
        .execute(&mut *tx)
        .await?;
        applications::record(
            &mut tx,
            &exchange.subject(),
            Some(ApplicationStatus::Approved),
            ApplicationStatus::Completed,
            &Actor::JOB,
            None,
            &context.links,
            context.ttl_hours,
        )
        .await?;
    }
    jobs::finish(&mut tx, job.id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn fail(context: &JobContext, id: Uuid) -> anyhow::Result<()> {
    let mut tx = context.pool.begin().await?;
    let Some(exchange) = lock(&mut tx, id).await? else {
        return Ok(());
    };
    if exchange.status() != ApplicationStatus::Approved {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE data_exchanges SET status = 'failed',
                error = 'The export could not be produced; the operators have the details.'
          WHERE id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    applications::record(
        &mut tx,
        &exchange.subject(),
        Some(ApplicationStatus::Approved),
        ApplicationStatus::Failed,
        &Actor::JOB,
        None,
        &context.links,
        context.ttl_hours,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the frozen rows of expired exports: identified data is kept no
/// longer than it may be downloaded. Run by `housekeeping` once a minute.
pub async fn delete_expired(pool: &PgPool) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "DELETE FROM data_exchange_rows
          WHERE exchange_id IN (SELECT id FROM data_exchanges
                                 WHERE expires_at < now() AND row_count > 0)"
    )
    .execute(pool)
    .await?
    .rows_affected())
}

/// The `COPY` statement that streams an export as CSV with a header row.
/// `id` is a UUID, formatted by us: nothing from the client reaches the SQL.
pub fn copy_statement(id: Uuid) -> String {
    format!(
        "COPY (SELECT personal_code AS \"個人專用識別碼\", name AS \"姓名\", school AS \"服務學校\",
                      course_code AS \"研習代碼\", course_title AS \"研習名稱\",
                      course_date AS \"研習日期\", hours AS \"時數\"
                 FROM data_exchange_rows WHERE exchange_id = '{id}' ORDER BY seq)
         TO STDOUT WITH (FORMAT csv, HEADER true)"
    )
}
