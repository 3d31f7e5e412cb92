//! Statistics requests in the database, and the job that answers one.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    applications::{self, Actor, ApplicationStatus, Kind, Subject},
    jobs::{self, Claimed, JobContext, Table},
    query,
    spec::{Jurisdiction, Spec},
};

/// One request, with the names people see.
#[derive(Clone, Debug)]
pub struct RequestRow {
    pub id: Uuid,
    pub number: i32,
    pub requester_id: Uuid,
    pub requester_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub purpose: String,
    pub purpose_category: String,
    pub spec: serde_json::Value,
    pub k: i32,
    pub status: String,
    pub progress: f32,
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_reason: Option<String>,
    pub completed_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl RequestRow {
    pub fn spec(&self) -> anyhow::Result<Spec> {
        Ok(serde_json::from_value(self.spec.clone())?)
    }

    pub fn status(&self) -> ApplicationStatus {
        ApplicationStatus::parse(&self.status)
    }

    pub fn subject(&self) -> Subject<'_> {
        Subject {
            kind: Kind::Statistics,
            id: self.id,
            number: self.number,
            requester_id: self.requester_id,
            unit_name: &self.unit_name,
            purpose: &self.purpose,
        }
    }

    /// Whether the result may still be downloaded.
    pub fn downloadable(&self, now: OffsetDateTime) -> bool {
        self.result.is_some() && self.expires_at.is_some_and(|e| e > now)
    }
}

macro_rules! select_requests {
    ($where:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            RequestRow,
            r#"SELECT r.id, r.number, r.requester_id, u.display_name AS requester_name,
                      r.unit_id, o.name AS unit_name, r.purpose, r.purpose_category, r.spec, r.k,
                      r.status, r.progress, r.result, r.error,
                      d.display_name AS "decided_by_name?", r.decided_at, r.decision_reason,
                      r.completed_at, r.expires_at, r.created_at
                 FROM statistics_requests r
                 JOIN users u ON u.id = r.requester_id
                 JOIN org_units o ON o.id = r.unit_id
                 LEFT JOIN users d ON d.id = r.decided_by
                "# + $where
            $(, $arg)*
        )
    };
}

pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<RequestRow>> {
    select_requests!("WHERE r.id = $1", id)
        .fetch_optional(db)
        .await
}

/// The request, locked for a decision or the job's completion.
pub async fn lock(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<RequestRow>> {
    select_requests!("WHERE r.id = $1 FOR UPDATE OF r", id)
        .fetch_optional(conn)
        .await
}

/// A page of requests, newest first: `requester` limits them to one
/// person's; `status` to one state.
pub async fn list(
    db: impl PgExecutor<'_>,
    requester: Option<Uuid>,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<RequestRow>> {
    select_requests!(
        "WHERE ($1::uuid IS NULL OR r.requester_id = $1) AND ($2::text IS NULL OR r.status = $2)
         ORDER BY r.created_at DESC, r.number DESC OFFSET $3 LIMIT $4",
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
        r#"SELECT count(*) AS "n!" FROM statistics_requests
            WHERE ($1::uuid IS NULL OR requester_id = $1) AND ($2::text IS NULL OR status = $2)"#,
        requester,
        status
    )
    .fetch_one(db)
    .await
}

pub struct NewRequest<'a> {
    pub requester_id: Uuid,
    pub unit_id: Uuid,
    pub purpose: &'a str,
    pub purpose_category: &'a str,
    pub spec: &'a Spec,
}

pub async fn insert(conn: &mut PgConnection, new: &NewRequest<'_>) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO statistics_requests (requester_id, unit_id, purpose, purpose_category, spec)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        new.requester_id,
        new.unit_id,
        new.purpose,
        new.purpose_category,
        serde_json::to_value(new.spec)?,
    )
    .fetch_one(conn)
    .await?)
}

/// Records the commissioner's decision; approving queues the job.
pub async fn decide(
    conn: &mut PgConnection,
    id: Uuid,
    approve: bool,
    k: i32,
    decided_by: Uuid,
    reason: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE statistics_requests
            SET status = CASE WHEN $2 THEN 'approved' ELSE 'rejected' END, k = $3,
                decided_by = $4, decided_at = now(), decision_reason = $5
          WHERE id = $1",
        id,
        approve,
        k,
        decided_by,
        reason,
    )
    .execute(&mut *conn)
    .await?;
    if approve {
        jobs::enqueue(conn, Kind::Statistics.as_str(), id).await?;
    }
    Ok(())
}

/// Computes the approved request's table and completes it, in one
/// transaction with the job's end. A request no longer approved (a job
/// claimed again after it completed) is left as it is.
pub async fn run_job(context: &JobContext, job: &Claimed) -> anyhow::Result<()> {
    let pool = &context.pool;
    let Some(request) = find(pool, job.subject_id).await? else {
        anyhow::bail!("statistics request {} does not exist", job.subject_id);
    };
    if request.status() != ApplicationStatus::Approved {
        let mut conn = pool.acquire().await?;
        return Ok(jobs::finish(&mut conn, job.id).await?);
    }
    let spec = request.spec()?;
    let unit = crate::units::find_by_id(pool, request.unit_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("unit {} does not exist", request.unit_id))?;
    let jurisdiction = Jurisdiction::of(&unit).map_err(anyhow::Error::msg)?;
    jobs::progress(pool, Table::Statistics, request.id, 0.1).await?;
    let table = query::compute(pool, &spec, &jurisdiction, request.k.max(3) as u64).await?;
    jobs::progress(pool, Table::Statistics, request.id, 0.9).await?;

    let mut tx = pool.begin().await?;
    let Some(request) = lock(&mut tx, request.id).await? else {
        anyhow::bail!("statistics request vanished");
    };
    if request.status() == ApplicationStatus::Approved {
        sqlx::query!(
            "UPDATE statistics_requests
                SET status = 'completed', progress = 1, result = $2, completed_at = now(),
                    expires_at = now() + make_interval(hours => $3)
              WHERE id = $1",
            request.id,
            serde_json::to_value(&table)?,
            context.ttl_hours as i32,
        )
        .execute(&mut *tx)
        .await?;
        applications::record(
            &mut tx,
            &request.subject(),
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

/// Gives the request up after its job failed every attempt.
pub async fn fail(context: &JobContext, id: Uuid) -> anyhow::Result<()> {
    let mut tx = context.pool.begin().await?;
    let Some(request) = lock(&mut tx, id).await? else {
        return Ok(());
    };
    if request.status() != ApplicationStatus::Approved {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE statistics_requests SET status = 'failed',
                error = 'The statistics could not be computed; the operators have the details.'
          WHERE id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    applications::record(
        &mut tx,
        &request.subject(),
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
