//! Statistics requests in the database, and the job that answers one.

use futures_util::future::BoxFuture;
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    applications::{self, Application, ApplicationKind, ApplicationStatus, Kind},
    jobs::JobContext,
    query::{self, Table},
    spec::{self, Jurisdiction, PurposeCategory, Spec, StatisticsRequestInput},
};
use crate::{
    audit::Entry,
    authz::{Access, Operation},
    error::{ApiResult, Checks, ErrorCode, InputError},
    refusal::Outcome,
};

/// What only a statistics request has.
#[derive(Clone, Debug)]
pub struct Statistics {
    pub purpose_category: PurposeCategory,
    pub spec: serde_json::Value,
    pub k: i32,
    pub result: Option<serde_json::Value>,
}

/// One statistics request.
pub type RequestRow = Application<Statistics>;

impl Statistics {
    pub fn spec(&self) -> anyhow::Result<Spec> {
        Ok(serde_json::from_value(self.spec.clone())?)
    }
}

/// The commissioner's disclosure threshold, 3 unless set higher.
pub struct K(pub i32);

impl ApplicationKind for Statistics {
    const KIND: Kind = Kind::Statistics;
    const APPLY: Operation = Operation::RequestStatistics;
    const DECIDE: Operation = Operation::DecideStatistics;
    const SUBMIT_ACTION: &'static str = "statistics.request";
    const DECIDE_ACTION: &'static str = "statistics.decide";
    const TARGET: &'static str = "statistics_request";
    const NOUN: &'static str = "statistics request";
    const NOT_FOUND: &'static str = "No such statistics request.";
    type Decision = K;
    type Produced = Table;

    applications::application_queries! {
        table: "statistics_requests",
        columns: r#"a.purpose_category AS "purpose_category: PurposeCategory", a.spec, a.k,
                    a.result"#,
        details: |r| Statistics {
            purpose_category: r.purpose_category,
            spec: r.spec,
            k: r.k,
            result: r.result,
        },
        failed: "The statistics could not be computed; the operators have the details.",
    }

    /// k is the request's own decision; once decided it is frozen.
    fn set_own_decision<'a>(
        conn: &'a mut PgConnection,
        id: Uuid,
        K(k): &'a K,
    ) -> BoxFuture<'a, sqlx::Result<()>> {
        Box::pin(async move {
            sqlx::query!("UPDATE statistics_requests SET k = $2 WHERE id = $1", id, k)
                .execute(conn)
                .await?;
            Ok(())
        })
    }

    fn check_decision(K(k): &K, checks: &mut Checks) {
        if *k < 3 {
            checks.push(InputError::new(
                "k",
                ErrorCode::OutOfRange,
                format!("k must be at least 3, the smallest group a published figure may count, not {k}."),
            ));
        } else if *k > 100 {
            checks.push(InputError::new(
                "k",
                ErrorCode::OutOfRange,
                "k is at most 100.",
            ));
        }
    }

    fn audit_decision(K(k): &K, entry: Entry) -> Entry {
        entry.set("k", k)
    }

    /// A result is kept until it expires.
    fn downloadable(request: &RequestRow, now: OffsetDateTime) -> bool {
        request.details.result.is_some() && request.expires_at.is_some_and(|e| e > now)
    }

    /// Computes the approved request's table: the one long query.
    fn produce<'a>(
        context: &'a JobContext,
        request: &'a RequestRow,
    ) -> BoxFuture<'a, anyhow::Result<Table>> {
        Box::pin(async move {
            let pool = &context.pool;
            let spec = request.details.spec()?;
            let unit = crate::units::find_by_id(pool, request.unit_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("unit {} does not exist", request.unit_id))?;
            let jurisdiction = Jurisdiction::of(&unit).map_err(anyhow::Error::msg)?;
            let k = request.details.k.max(3) as u64;
            let table = query::compute(pool, &spec, &jurisdiction, k).await?;
            Self::set_progress(pool, request.id, 0.9).await?;
            Ok(table)
        })
    }

    fn complete<'a>(
        conn: &'a mut PgConnection,
        request: &'a RequestRow,
        table: Table,
        context: &'a JobContext,
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            sqlx::query!(
                "UPDATE statistics_requests
                SET status = $4, progress = 1, result = $2, completed_at = now(),
                    expires_at = now() + make_interval(hours => $3)
              WHERE id = $1",
                request.id,
                serde_json::to_value(&table)?,
                context.ttl_hours as i32,
                ApplicationStatus::Completed as _,
            )
            .execute(conn)
            .await?;
            Ok(())
        })
    }
}

pub struct NewRequest<'a> {
    pub requester_id: Uuid,
    pub unit_id: Uuid,
    pub purpose: &'a str,
    pub purpose_category: PurposeCategory,
    pub spec: &'a Spec,
}

pub async fn insert(conn: &mut PgConnection, new: &NewRequest<'_>) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO statistics_requests (requester_id, unit_id, purpose, purpose_category, spec)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        new.requester_id,
        new.unit_id,
        new.purpose,
        new.purpose_category as _,
        serde_json::to_value(new.spec)?,
    )
    .fetch_one(conn)
    .await?)
}

/// Submits a statistics request (`requestStatistics`) for the unit the
/// viewer may request for, once its specification is checked (tags and
/// organizers that exist, within the unit's jurisdiction): the request, its
/// first step and the applicant's email, in one transaction.
#[tracing::instrument(skip_all, fields(unit = %input.unit_id))]
pub async fn request(
    access: &Access<'_>,
    input: &StatisticsRequestInput,
) -> ApiResult<Outcome<RequestRow>> {
    let user = access.user()?.clone();
    let unit = match applications::unit_applied_for::<Statistics>(access, input.unit_id).await? {
        Ok(unit) => unit,
        Err(e) => return Ok(Err(vec![e])),
    };
    let jurisdiction = match Jurisdiction::of(&unit) {
        Ok(j) => j,
        Err(message) => {
            return Ok(Err(vec![InputError::new(
                "unitId",
                ErrorCode::InvalidPlacement,
                message,
            )]))
        }
    };
    let pool = access.pool();
    let known_tags: Vec<String> =
        sqlx::query_scalar!("SELECT code FROM course_codes WHERE list = 'tag'")
            .fetch_all(pool)
            .await?;
    let organizers: Vec<Uuid> = crate::units::find_by_ids(pool, &input.organizer_ids)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let spec = match spec::check(input, &jurisdiction, &known_tags, &organizers) {
        Ok(spec) => spec,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = pool.begin().await?;
    let id = insert(
        &mut tx,
        &NewRequest {
            requester_id: user.id,
            unit_id: unit.id,
            purpose: input.purpose.trim(),
            purpose_category: input.purpose_category,
            spec: &spec,
        },
    )
    .await?;
    let row = applications::submitted::<Statistics>(&mut tx, access, id).await?;
    tx.commit().await?;
    Ok(Ok(row))
}
