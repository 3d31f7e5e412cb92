//! Background jobs: statistics tables and data-exchange exports.
//!
//! Approving an application inserts a `jobs` row in the approval's
//! transaction. Every server instance runs a [`Runner`] that claims due
//! jobs with `FOR UPDATE SKIP LOCKED`, so two instances never take the same
//! job. A claim is a lease, renewed while the job runs; an instance that
//! dies mid-job stops renewing it, and when the lease lapses the job is
//! claimed again, by any instance, from the start. A job's effects commit
//! in one transaction with its completion, so a job that died left nothing
//! behind, and a job is never completed twice.

use std::time::Duration;

use sqlx::{postgres::PgListener, PgPool};
use uuid::Uuid;

use super::{
    applications::{self, Kind},
    exchange::Exchange,
    requests::Statistics,
};
use crate::{config::Settings, mail::Links};

/// Attempts before a job that keeps failing is given up.
pub const MAX_ATTEMPTS: i32 = 3;

/// What a job needs besides the database.
#[derive(Clone)]
pub struct JobContext {
    pub pool: PgPool,
    pub links: Links,
    pub ttl_hours: i64,
}

crate::text_enum! {
    /// Where a job is, as `jobs.status` stores it.
    pub enum JobStatus {
        Queued => "queued",
        /// Claimed under a lease (`lease_until`).
        Running => "running",
        Done => "done",
        /// Given up after [`MAX_ATTEMPTS`].
        Failed => "failed",
    }
}

#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: Uuid,
    pub kind: Kind,
    pub subject_id: Uuid,
    pub attempts: i32,
}

pub struct Runner {
    context: JobContext,
    lease: Duration,
    poll: Duration,
}

/// Queues a job in the caller's transaction (the approval), and wakes the
/// runners when it commits.
pub async fn enqueue(
    conn: &mut sqlx::PgConnection,
    kind: Kind,
    subject_id: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO jobs (kind, subject_id) VALUES ($1, $2)",
        kind as _,
        subject_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("SELECT pg_notify('inservice_jobs', '')")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Runner {
    pub fn new(pool: PgPool, settings: &Settings) -> Self {
        Self {
            context: JobContext {
                pool,
                links: Links::of(settings),
                ttl_hours: settings.download_ttl_hours,
            },
            lease: Duration::from_secs(settings.job_lease_seconds),
            poll: Duration::from_secs(2),
        }
    }

    /// Claims and runs jobs until `shutdown`. A notification wakes it at
    /// once; otherwise it polls, which also finds jobs whose lease lapsed.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut listener = match PgListener::connect_with(&self.context.pool).await {
            Ok(mut l) => match l.listen("inservice_jobs").await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!(error = %e, "job notifications unavailable; polling only");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "job notifications unavailable; polling only");
                None
            }
        };
        loop {
            loop {
                match self.tick().await {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(e) => {
                        tracing::error!(error = ?e, "job runner failed");
                        break;
                    }
                }
            }
            let wait = async {
                match listener.as_mut() {
                    Some(l) => {
                        let _ = tokio::time::timeout(self.poll, l.recv()).await;
                    }
                    None => tokio::time::sleep(self.poll).await,
                }
            };
            tokio::select! {
                _ = &mut shutdown => break,
                _ = wait => {}
            }
        }
    }

    /// Claims one due job and runs it. `Ok(false)` when none was due.
    pub async fn tick(&self) -> anyhow::Result<bool> {
        let Some(job) = claim(&self.context.pool, self.lease).await? else {
            return Ok(false);
        };
        let renewal = tokio::spawn(renew(self.context.pool.clone(), job.id, self.lease));
        let outcome = match job.kind {
            Kind::Statistics => applications::run_job::<Statistics>(&self.context, &job).await,
            Kind::DataExchange => applications::run_job::<Exchange>(&self.context, &job).await,
        };
        renewal.abort();
        if let Err(e) = outcome {
            tracing::error!(job = %job.id, kind = job.kind.as_str(), attempt = job.attempts, error = ?e, "job failed");
            let give_up = job.attempts >= MAX_ATTEMPTS;
            let status = if give_up {
                JobStatus::Failed
            } else {
                JobStatus::Queued
            };
            sqlx::query!(
                "UPDATE jobs SET status = $2, lease_until = NULL, last_error = $3,
                                 finished_at = CASE WHEN $4 THEN clock_timestamp() END
                  WHERE id = $1",
                job.id,
                status as _,
                format!("{e:#}"),
                give_up,
            )
            .execute(&self.context.pool)
            .await?;
            if give_up {
                match job.kind {
                    Kind::Statistics => {
                        applications::fail::<Statistics>(&self.context, job.subject_id).await?
                    }
                    Kind::DataExchange => {
                        applications::fail::<Exchange>(&self.context, job.subject_id).await?
                    }
                }
            }
        }
        Ok(true)
    }
}

/// Takes the oldest job that is queued, or running under a lapsed lease.
pub async fn claim(pool: &PgPool, lease: Duration) -> sqlx::Result<Option<Claimed>> {
    let lease_seconds = lease.as_secs_f64();
    let row = sqlx::query!(
        r#"UPDATE jobs
              SET status = $2, attempts = attempts + 1,
                  lease_until = now() + make_interval(secs => $1),
                  started_at = clock_timestamp()
            WHERE id = (SELECT id FROM jobs
                         WHERE status = $3 OR (status = $2 AND lease_until < now())
                         ORDER BY created_at
                         LIMIT 1
                         FOR UPDATE SKIP LOCKED)
            RETURNING id, kind AS "kind: Kind", subject_id, attempts"#,
        lease_seconds,
        JobStatus::Running as _,
        JobStatus::Queued as _,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Claimed {
        id: r.id,
        kind: r.kind,
        subject_id: r.subject_id,
        attempts: r.attempts,
    }))
}

/// Renews the lease of a running job every third of its length.
async fn renew(pool: PgPool, id: Uuid, lease: Duration) {
    loop {
        tokio::time::sleep(lease / 3).await;
        let result = sqlx::query!(
            "UPDATE jobs SET lease_until = now() + make_interval(secs => $2)
              WHERE id = $1 AND status = $3",
            id,
            lease.as_secs_f64(),
            JobStatus::Running as _,
        )
        .execute(&pool)
        .await;
        if let Err(e) = result {
            tracing::warn!(job = %id, error = %e, "renewing a job's lease failed");
        }
    }
}

/// Marks a job done, in the transaction that committed its effects.
pub async fn finish(conn: &mut sqlx::PgConnection, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        // clock_timestamp(): the transaction may have begun long before.
        "UPDATE jobs SET status = $2, lease_until = NULL, finished_at = clock_timestamp()
          WHERE id = $1",
        id,
        JobStatus::Done as _,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
