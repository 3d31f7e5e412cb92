//! Data exchange (資訊傳報): identified training records of the teachers
//! serving in a county bureau's or K-12 division's jurisdiction, under an
//! application the commissioner approved.
//!
//! The job freezes the export into `data_exchange_rows` (one INSERT …
//! SELECT, in the transaction that completes the application), so every
//! download of it is the same file. A download streams those rows with
//! `COPY … TO STDOUT` straight from PostgreSQL to the client: memory stays
//! flat whatever the size. Expired exports are deleted.

use async_graphql::InputObject;
use futures_util::future::BoxFuture;
use sqlx::{PgConnection, PgExecutor, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{
    applications::{self, Application, ApplicationKind, ApplicationStatus, Kind},
    jobs::JobContext,
};
use crate::{
    audit::Entry,
    authz::{Access, Operation, Scope},
    error::{ApiResult, Checks, ErrorCode, InputError},
    period::Period,
    refusal::Outcome,
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

/// What only a data-exchange application has.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// Courses ending in [period_from, period_to] (Taipei dates).
    pub period_from: Date,
    pub period_to: Date,
    /// Until when the applicant may use the records, as applied for.
    pub valid_until: Date,
    /// Records in the export, once completed.
    pub row_count: Option<i64>,
}

/// One data-exchange application.
pub type ExchangeRow = Application<Exchange>;

impl ApplicationKind for Exchange {
    const KIND: Kind = Kind::DataExchange;
    const APPLY: Operation = Operation::ApplyDataExchange;
    const DECIDE: Operation = Operation::DecideDataExchange;
    const SUBMIT_ACTION: &'static str = "exchange.apply";
    const DECIDE_ACTION: &'static str = "exchange.decide";
    const TARGET: &'static str = "data_exchange";
    const NOUN: &'static str = "data exchange";
    const NOT_FOUND: &'static str = "No such data-exchange application.";
    /// The commissioner approves or rejects, nothing more.
    type Decision = ();
    /// The export is written in the completing transaction itself.
    type Produced = ();

    applications::application_queries! {
        table: "data_exchanges",
        columns: "a.period_from, a.period_to, a.valid_until, a.row_count",
        details: |r| Exchange {
            period_from: r.period_from,
            period_to: r.period_to,
            valid_until: r.valid_until,
            row_count: r.row_count,
        },
        failed: "The export could not be produced; the operators have the details.",
    }

    fn set_own_decision<'a>(
        _: &'a mut PgConnection,
        _: Uuid,
        (): &'a (),
    ) -> BoxFuture<'a, sqlx::Result<()>> {
        Box::pin(async { Ok(()) })
    }

    fn check_decision((): &(), _: &mut Checks) {}

    fn audit_decision((): &(), entry: Entry) -> Entry {
        entry
    }

    /// A completed export is kept until it expires.
    fn downloadable(exchange: &ExchangeRow, now: OffsetDateTime) -> bool {
        exchange.status == ApplicationStatus::Completed
            && exchange.expires_at.is_some_and(|e| e > now)
    }

    fn produce<'a>(_: &'a JobContext, _: &'a ExchangeRow) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async { Ok(()) })
    }

    /// Freezes the export and completes the application.
    fn complete<'a>(
        conn: &'a mut PgConnection,
        exchange: &'a ExchangeRow,
        (): (),
        context: &'a JobContext,
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let details = &exchange.details;
            let (from, to) = Period::Dates(details.period_from, details.period_to).bounds();
            let rows = freeze(&mut *conn, exchange.id, exchange.unit_id, from, to).await?;
            // Downloadable for the configured time, never past the validity
            // applied for (its last day included, Taipei).
            let valid_end = Period::Dates(details.valid_until, details.valid_until)
                .bounds()
                .1;
            sqlx::query!(
                "UPDATE data_exchanges
                SET status = $5, progress = 1, row_count = $2, completed_at = now(),
                    expires_at = least(now() + make_interval(hours => $3), $4)
              WHERE id = $1",
                exchange.id,
                rows as i64,
                context.ttl_hours as i32,
                valid_end,
                ApplicationStatus::Completed as _,
            )
            .execute(conn)
            .await?;
            Ok(())
        })
    }
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

#[derive(InputObject)]
pub struct DataExchangeInput {
    /// A county bureau or a K-12 division.
    pub unit_id: Uuid,
    pub purpose: String,
    /// Courses ending from this day …
    pub period_from: Date,
    /// … to this day, included.
    pub period_to: Date,
    /// Until when the records are needed; downloads end then at the latest.
    pub valid_until: Date,
}

/// Applies for the records of the teachers serving in a county bureau's or
/// K-12 division's jurisdiction (`applyDataExchange`), once the viewer may
/// apply there and the application is checked: the application, its first
/// step and the applicant's email, in one transaction.
#[tracing::instrument(skip_all, fields(unit = %input.unit_id))]
pub async fn apply(
    access: &Access<'_>,
    input: &DataExchangeInput,
) -> ApiResult<Outcome<ExchangeRow>> {
    let user = access.user()?.clone();
    let unit = match applications::unit_applied_for::<Exchange>(access, input.unit_id).await? {
        Ok(unit) => unit,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut checks = Checks::new();
    if !APPLYING_KINDS.contains(&unit.kind.as_str()) {
        checks.push(InputError::new(
                "unitId",
                ErrorCode::InvalidPlacement,
                format!(
                    "{} governs no schools: data exchange is for county bureaus and K-12 divisions.",
                    unit.name
                ),
            ).param("unit", &unit.name));
    }
    let purpose = checks.required_text("purpose", "The purpose", &input.purpose, 2000);
    if let Err(e) = Period::dates(input.period_from, input.period_to) {
        checks.push(e.refusal("periodTo"));
    }
    let today = crate::taipei::today();
    if input.valid_until < today {
        checks.push(
            InputError::new(
                "validUntil",
                ErrorCode::OutOfRange,
                format!("The validity ends in the past ({}).", input.valid_until),
            )
            .param("problem", "past"),
        );
    } else if (input.valid_until - today).whole_days() > 366 {
        checks.push(
            InputError::new(
                "validUntil",
                ErrorCode::OutOfRange,
                "Records are released for at most a year.",
            )
            .param("problem", "tooLong"),
        );
    }
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    let mut tx = access.pool().begin().await?;
    let id = insert(
        &mut tx,
        &NewExchange {
            requester_id: user.id,
            unit_id: unit.id,
            purpose: &purpose,
            period_from: input.period_from,
            period_to: input.period_to,
            valid_until: input.valid_until,
        },
    )
    .await?;
    let row = applications::submitted::<Exchange>(&mut tx, access, id).await?;
    tx.commit().await?;
    Ok(Ok(row))
}

/// Writes the export: the live grants, for courses ending in the period,
/// of the teachers now serving at a school the unit governs. Ordered by
/// school, teacher and date, as a bureau reads it. Names and titles are
/// made inert for spreadsheets as `files::inert` does (the CSV is COPY's).
#[tracing::instrument(skip_all, fields(exchange = %id, unit = %unit_id))]
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
