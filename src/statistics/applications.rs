//! The workflow statistics requests and data-exchange applications share:
//! submitted → approved | rejected (by the commissioner, a reason required
//! to reject) → completed | failed (by the job). Every step is a recorded
//! transition and an email to the applicant, in the step's transaction.
//!
//! Both kinds are one row type, [`Application`], whose `details` hold what
//! only the kind has; [`ApplicationKind`] is what differs (its table, its
//! operations, what the commissioner decides besides yes or no, what the
//! job produces). Reading ([`fetch_readable`]), submitting ([`submitted`]),
//! deciding ([`decide`]) and the job's end ([`run_job`], [`fail`]) are
//! written once, here.

use async_graphql::{Enum, SimpleObject};
use futures_util::future::BoxFuture;
use sqlx::{PgConnection, PgExecutor, PgPool};
use time::OffsetDateTime;
use tracing::instrument;
use uuid::Uuid;

use super::jobs::{self, Claimed, JobContext};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Guarded, Operation, UnitTarget},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError},
    mail::{enqueue, outbox::Recipient, templates::ApplicationNotice, Links},
    units::UnitRow,
};

crate::text_enum! {
    /// The two kinds of application, as `jobs.kind` and
    /// `application_transitions.kind` store them.
    pub enum Kind {
        Statistics => "statistics",
        DataExchange => "data_exchange",
    }
}

impl Kind {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Statistics => "統計數據申請",
            Self::DataExchange => "資訊傳報申請",
        }
    }

    /// The console page of one application.
    pub fn page(self, id: Uuid) -> String {
        match self {
            Self::Statistics => format!("/manage/statistics/{id}"),
            Self::DataExchange => format!("/manage/data-exchanges/{id}"),
        }
    }
}

crate::text_enum! {
    // Stored as text under a CHECK constraint; a value outside it fails to
    // decode instead of passing for another state.
    #[derive(Enum, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ApplicationStatus {
        /// Waiting for the commissioner.
        Submitted => "submitted",
        /// Approved; the job is queued or running (see `progress`).
        Approved => "approved",
        Rejected => "rejected",
        /// The result can be downloaded until `expiresAt`.
        Completed => "completed",
        /// The job failed; `error` says why.
        Failed => "failed",
    }
}

impl ApplicationStatus {
    fn label_zh(self) -> &'static str {
        match self {
            Self::Submitted => "已送出，待委辦單位審核",
            Self::Approved => "已核准，開始產製",
            Self::Rejected => "未核准",
            Self::Completed => "已完成，可以下載",
            Self::Failed => "產製失敗",
        }
    }

    fn next_step_zh(self, ttl_hours: i64) -> String {
        match self {
            Self::Submitted => "委辦單位審核後會再通知您。".into(),
            Self::Approved => "系統正在產製結果，完成後會再通知您。".into(),
            Self::Rejected => "如有需要，請依理由修正後重新申請。".into(),
            Self::Completed => format!(
                "請登入系統下載結果；下載連結 {} 天後失效，每次下載均會記錄。",
                (ttl_hours + 23) / 24
            ),
            Self::Failed => "營運團隊已收到錯誤紀錄；如需協助請聯絡營運團隊。".into(),
        }
    }
}

/// One application of either kind, with the names people see; `details`
/// is what only its kind has.
#[derive(Clone, Debug)]
pub struct Application<D> {
    pub id: Uuid,
    pub number: i32,
    pub requester_id: Uuid,
    pub requester_name: String,
    /// The unit applied for; its jurisdiction bounds the data.
    pub unit_id: Uuid,
    pub unit_name: String,
    /// The unit's materialized path, where access to the application is
    /// decided.
    pub unit_path: String,
    pub purpose: String,
    pub status: ApplicationStatus,
    pub progress: f32,
    pub error: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_reason: Option<String>,
    pub completed_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub details: D,
}

/// What differs between the kinds of application. The queries every
/// application table answers alike are written once, by
/// [`application_queries!`], in each implementation.
pub trait ApplicationKind: Sized + Send + Sync + Unpin + 'static {
    const KIND: Kind;
    /// What the requester holds at the application's unit.
    const APPLY: Operation;
    /// What the commissioner holds, network-wide.
    const DECIDE: Operation;
    /// The audit log's actions for submitting and deciding, and its target
    /// type.
    const SUBMIT_ACTION: &'static str;
    const DECIDE_ACTION: &'static str;
    const TARGET: &'static str;
    /// Words for a missing one: "No such {NOUN}."
    const NOUN: &'static str;
    /// The input error for a missing one.
    const NOT_FOUND: &'static str;
    /// What the commissioner decides besides approving (statistics: k).
    type Decision: Send + Sync;
    /// What the job computes before the transaction that completes it.
    type Produced: Send;

    fn find<'a>(
        db: impl PgExecutor<'a> + 'a,
        id: Uuid,
    ) -> BoxFuture<'a, sqlx::Result<Option<Application<Self>>>>;

    /// The application, locked for a decision or the job's completion.
    fn lock(
        conn: &mut PgConnection,
        id: Uuid,
    ) -> BoxFuture<'_, sqlx::Result<Option<Application<Self>>>>;

    /// A page, newest first: `requester` limits it to one person's,
    /// `status` to one state.
    fn list(
        pool: &PgPool,
        requester: Option<Uuid>,
        status: Option<ApplicationStatus>,
        offset: i64,
        limit: i64,
    ) -> BoxFuture<'_, sqlx::Result<Vec<Application<Self>>>>;

    fn count(
        pool: &PgPool,
        requester: Option<Uuid>,
        status: Option<ApplicationStatus>,
    ) -> BoxFuture<'_, sqlx::Result<i64>>;

    /// Shows the job's progress (0 … 1), outside any transaction so the
    /// applicant sees it while the job runs.
    fn set_progress(pool: &PgPool, id: Uuid, value: f32) -> BoxFuture<'_, sqlx::Result<()>>;

    /// Marks the application failed, with the error people read.
    fn set_failed(conn: &mut PgConnection, id: Uuid) -> BoxFuture<'_, sqlx::Result<()>>;

    /// Writes the decision: its status, the decider and the reason.
    fn set_decision<'a>(
        conn: &'a mut PgConnection,
        id: Uuid,
        to: ApplicationStatus,
        decided_by: Uuid,
        reason: Option<&'a str>,
    ) -> BoxFuture<'a, sqlx::Result<()>>;

    /// Writes what the kind decides besides approving, before the status
    /// (a decided application's own columns are frozen).
    fn set_own_decision<'a>(
        conn: &'a mut PgConnection,
        id: Uuid,
        decision: &'a Self::Decision,
    ) -> BoxFuture<'a, sqlx::Result<()>>;

    /// Checks what the commissioner decided besides approving.
    fn check_decision(decision: &Self::Decision, checks: &mut Checks);

    /// Adds the kind's own decision to the decision's audit entry.
    fn audit_decision(decision: &Self::Decision, entry: Entry) -> Entry;

    /// Whether the files may be fetched now.
    fn downloadable(application: &Application<Self>, now: OffsetDateTime) -> bool;

    /// The job's work before its completing transaction.
    fn produce<'a>(
        context: &'a JobContext,
        application: &'a Application<Self>,
    ) -> BoxFuture<'a, anyhow::Result<Self::Produced>>;

    /// Stores what was produced and marks the application completed, in the
    /// transaction that completes the job.
    fn complete<'a>(
        conn: &'a mut PgConnection,
        application: &'a Application<Self>,
        produced: Self::Produced,
        context: &'a JobContext,
    ) -> BoxFuture<'a, anyhow::Result<()>>;
}

/// The `SELECT` of applications from one table (`$table`, aliased `a`) with
/// the kind's own columns, for [`application_queries!`].
macro_rules! select_applications {
    ($table:literal, $columns:literal, $where:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query!(
            r#"SELECT a.id, a.number, a.requester_id, u.display_name AS requester_name,
                      a.unit_id, o.name AS unit_name, o.path::text AS "unit_path!", a.purpose,
                      a.status AS "status: crate::statistics::applications::ApplicationStatus",
                      a.progress, a.error, d.display_name AS "decided_by_name?", a.decided_at,
                      a.decision_reason, a.completed_at, a.expires_at, a.created_at, "#
                + $columns
                + " FROM "
                + $table
                + r#" a
                 JOIN users u ON u.id = a.requester_id
                 JOIN org_units o ON o.id = a.unit_id
                 LEFT JOIN users d ON d.id = a.decided_by
                "#
                + $where
            $(, $arg)*
        )
    };
}

/// The application `$id` of one table as [`select_applications!`] reads it,
/// with `$where` (plain, or locking), on `$db`: `find` and `lock`.
macro_rules! one_application {
    ($table:literal, $columns:literal, $where:literal, $db:expr, $id:expr, |$r:ident| $details:expr) => {
        Box::pin(async move {
            Ok($crate::statistics::applications::select_applications!(
                $table, $columns, $where, $id
            )
            .fetch_optional($db)
            .await?
            .map(|$r| $crate::statistics::applications::application_from!($r, $details)))
        })
    };
}

/// The queries of [`ApplicationKind`] that every application table answers
/// alike, for one table: `$table`, the kind's own columns (`$columns`, as
/// SQL after the shared ones), how a row `$r` of them makes the kind's
/// details, and the error people read when the job failed.
macro_rules! application_queries {
    (
        table: $table:literal,
        columns: $columns:literal,
        details: |$r:ident| $details:expr,
        failed: $failed:literal $(,)?
    ) => {
        fn find<'a>(
            db: impl sqlx::PgExecutor<'a> + 'a,
            id: uuid::Uuid,
        ) -> futures_util::future::BoxFuture<
            'a,
            sqlx::Result<Option<crate::statistics::applications::Application<Self>>>,
        > {
            $crate::statistics::applications::one_application!(
                $table,
                $columns,
                "WHERE a.id = $1",
                db,
                id,
                |$r| $details
            )
        }

        fn lock(
            conn: &mut sqlx::PgConnection,
            id: uuid::Uuid,
        ) -> futures_util::future::BoxFuture<
            '_,
            sqlx::Result<Option<crate::statistics::applications::Application<Self>>>,
        > {
            $crate::statistics::applications::one_application!(
                $table,
                $columns,
                "WHERE a.id = $1 FOR UPDATE OF a",
                conn,
                id,
                |$r| $details
            )
        }

        fn list(
            pool: &sqlx::PgPool,
            requester: Option<uuid::Uuid>,
            status: Option<crate::statistics::applications::ApplicationStatus>,
            offset: i64,
            limit: i64,
        ) -> futures_util::future::BoxFuture<
            '_,
            sqlx::Result<Vec<crate::statistics::applications::Application<Self>>>,
        > {
            Box::pin(async move {
                Ok($crate::statistics::applications::select_applications!(
                    $table,
                    $columns,
                    "WHERE ($1::uuid IS NULL OR a.requester_id = $1)
                       AND ($2::text IS NULL OR a.status = $2)
                     ORDER BY a.created_at DESC, a.number DESC OFFSET $3 LIMIT $4",
                    requester,
                    status as _,
                    offset,
                    limit
                )
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|$r| $crate::statistics::applications::application_from!($r, $details))
                .collect())
            })
        }

        fn count(
            pool: &sqlx::PgPool,
            requester: Option<uuid::Uuid>,
            status: Option<crate::statistics::applications::ApplicationStatus>,
        ) -> futures_util::future::BoxFuture<'_, sqlx::Result<i64>> {
            Box::pin(async move {
                sqlx::query_scalar!(
                    r#"SELECT count(*) AS "n!" FROM "#
                        + $table
                        + " WHERE ($1::uuid IS NULL OR requester_id = $1)
                            AND ($2::text IS NULL OR status = $2)",
                    requester,
                    status as _,
                )
                .fetch_one(pool)
                .await
            })
        }

        fn set_progress(
            pool: &sqlx::PgPool,
            id: uuid::Uuid,
            value: f32,
        ) -> futures_util::future::BoxFuture<'_, sqlx::Result<()>> {
            Box::pin(async move {
                sqlx::query!(
                    "UPDATE " + $table + " SET progress = $2 WHERE id = $1",
                    id,
                    value
                )
                .execute(pool)
                .await?;
                Ok(())
            })
        }

        fn set_failed(
            conn: &mut sqlx::PgConnection,
            id: uuid::Uuid,
        ) -> futures_util::future::BoxFuture<'_, sqlx::Result<()>> {
            Box::pin(async move {
                sqlx::query!(
                    "UPDATE " + $table + " SET status = $2, error = $3 WHERE id = $1",
                    id,
                    crate::statistics::applications::ApplicationStatus::Failed as _,
                    $failed,
                )
                .execute(conn)
                .await?;
                Ok(())
            })
        }

        fn set_decision<'a>(
            conn: &'a mut sqlx::PgConnection,
            id: uuid::Uuid,
            to: crate::statistics::applications::ApplicationStatus,
            decided_by: uuid::Uuid,
            reason: Option<&'a str>,
        ) -> futures_util::future::BoxFuture<'a, sqlx::Result<()>> {
            Box::pin(async move {
                sqlx::query!(
                    "UPDATE "
                        + $table
                        + " SET status = $2, decided_by = $3, decided_at = now(),
                                decision_reason = $4
                          WHERE id = $1",
                    id,
                    to as _,
                    decided_by,
                    reason,
                )
                .execute(conn)
                .await?;
                Ok(())
            })
        }
    };
}

/// An [`Application`] from a row of [`select_applications!`], with the
/// kind's details.
macro_rules! application_from {
    ($r:ident, $details:expr) => {
        crate::statistics::applications::Application {
            id: $r.id,
            number: $r.number,
            requester_id: $r.requester_id,
            requester_name: $r.requester_name,
            unit_id: $r.unit_id,
            unit_name: $r.unit_name,
            unit_path: $r.unit_path,
            purpose: $r.purpose,
            status: $r.status,
            progress: $r.progress,
            error: $r.error,
            decided_by_name: $r.decided_by_name,
            decided_at: $r.decided_at,
            decision_reason: $r.decision_reason,
            completed_at: $r.completed_at,
            expires_at: $r.expires_at,
            created_at: $r.created_at,
            details: $details,
        }
    };
}

pub(crate) use {application_from, application_queries, one_application, select_applications};

impl<D: ApplicationKind> Guarded for Application<D> {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(D::find(pool, id).await?)
    }

    fn unit(&self) -> UnitTarget {
        UnitTarget {
            id: self.unit_id,
            path: self.unit_path.clone(),
        }
    }

    fn unit_name(&self) -> &str {
        &self.unit_name
    }
}

/// Loads an application the viewer may read: the commissioner may read
/// every one; its requester hers, while she still holds the operation at
/// its unit; nobody else, not even a colleague at the same unit. A refusal
/// is audited. `Ok(None)`: no such application.
pub async fn fetch_readable<D: ApplicationKind>(
    access: &Access<'_>,
    id: Uuid,
) -> ApiResult<Option<Granted<Application<D>>>> {
    access.user()?;
    let Some(application) = D::find(access.pool(), id).await? else {
        return Ok(None);
    };
    let network = UnitTarget::network();
    // The commissioner's operation reaches the whole network, so also the
    // application's unit.
    if access.can(D::DECIDE, &network) {
        return access.grant(application, D::DECIDE).await.map(Some);
    }
    if access.viewer().user_id() != Some(application.requester_id) {
        // Not the commissioner (checked above): refused, and audited as the
        // operation that would have allowed it.
        access.require(D::DECIDE, &network, "the network").await?;
    }
    access.grant(application, D::APPLY).await.map(Some)
}

/// Whose applications a list shows: everyone's for the commissioner
/// (`None`), else the viewer's own, who must be able to apply somewhere.
pub async fn list_requester<D: ApplicationKind>(access: &Access<'_>) -> ApiResult<Option<Uuid>> {
    if access.can(D::DECIDE, &UnitTarget::network()) {
        return Ok(None);
    }
    access.require_scope(D::APPLY).await?;
    Ok(Some(access.user()?.id))
}

/// The unit an application is made for, once the viewer may apply there
/// (a refusal is audited); `Err`: no such unit.
pub async fn unit_applied_for<D: ApplicationKind>(
    access: &Access<'_>,
    unit_id: Uuid,
) -> ApiResult<Result<UnitRow, InputError>> {
    match access.fetch::<UnitRow>(unit_id, D::APPLY).await? {
        Some(unit) => Ok(Ok(unit.into_inner())),
        None => Ok(Err(InputError::new(
            "unitId",
            ErrorCode::NotFound,
            "No such unit.",
        ))),
    }
}

/// A page of applications of one kind, newest first, and how many match:
/// `requester`'s own (`None`: everyone's, as [`list_requester`] decides),
/// in `status` when given.
pub async fn list<D: ApplicationKind>(
    access: &Access<'_>,
    requester: Option<Uuid>,
    status: Option<ApplicationStatus>,
    offset: i64,
    limit: i64,
) -> ApiResult<(Vec<Application<D>>, i64)> {
    let pool = access.pool();
    let rows = D::list(pool, requester, status, offset, limit).await?;
    let total = D::count(pool, requester, status).await?;
    Ok((rows, total))
}

/// One recorded step.
#[derive(SimpleObject, Clone, Debug)]
pub struct ApplicationTransition {
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    /// Empty for the job's own steps.
    pub actor_login: Option<String>,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
}

/// Who made a step: a user, or the job runner.
pub struct Actor<'a> {
    pub id: Option<Uuid>,
    pub login: Option<&'a str>,
}

impl Actor<'_> {
    pub const JOB: Actor<'static> = Actor {
        id: None,
        login: None,
    };
}

/// Records a transition and emails the applicant (when they have an
/// address), in the caller's transaction.
#[allow(clippy::too_many_arguments)]
async fn record<D: ApplicationKind>(
    conn: &mut PgConnection,
    application: &Application<D>,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    actor: &Actor<'_>,
    reason: Option<&str>,
    links: &Links,
    ttl_hours: i64,
) -> anyhow::Result<()> {
    sqlx::query!(
        "INSERT INTO application_transitions
             (kind, application_id, from_status, to_status, actor_id, actor_login, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        D::KIND as _,
        application.id,
        from as _,
        to as _,
        actor.id,
        actor.login,
        reason,
    )
    .execute(&mut *conn)
    .await?;
    let requester = sqlx::query!(
        "SELECT display_name, email FROM users WHERE id = $1",
        application.requester_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let Some(address) = requester.email else {
        return Ok(());
    };
    let email = ApplicationNotice {
        recipient_name: requester.display_name.clone(),
        kind: D::KIND.label_zh().into(),
        number: application.number,
        unit_name: application.unit_name.clone(),
        purpose: application.purpose.clone(),
        status: to.label_zh().into(),
        reason: reason.map(str::to_owned),
        next_step: to.next_step_zh(ttl_hours),
        console_url: links.page(&D::KIND.page(application.id)),
    };
    let recipient = Recipient {
        address,
        name: requester.display_name,
        contact_id: None,
        unit_id: None,
    };
    enqueue(
        conn,
        &recipient,
        Some(&format!("{}:{}", D::KIND.as_str(), application.id)),
        &email,
        &links.message_domain,
    )
    .await?;
    Ok(())
}

/// Records a step the viewer took on an application, in `tx`: the
/// transition, the applicant's email, and the audit entry.
async fn record_step<D: ApplicationKind>(
    tx: &mut PgConnection,
    access: &Access<'_>,
    application: &Application<D>,
    (from, to): (Option<ApplicationStatus>, ApplicationStatus),
    reason: Option<&str>,
    entry: Entry,
) -> ApiResult<()> {
    let user = access.user()?;
    let actor = Actor {
        id: Some(user.id),
        login: Some(&user.login),
    };
    let settings = &access.state().settings;
    record(
        &mut *tx,
        application,
        from,
        to,
        &actor,
        reason,
        &Links::of(settings),
        settings.download_ttl_hours,
    )
    .await?;
    audit::record(&mut *tx, access.request(), entry).await?;
    Ok(())
}

/// Records the first step of the application `id`, just inserted in `tx`:
/// the transition, the applicant's email and the audit entry. Returns the
/// application as stored.
#[instrument(skip_all, fields(kind = D::KIND.as_str(), application = %id))]
pub async fn submitted<D: ApplicationKind>(
    tx: &mut PgConnection,
    access: &Access<'_>,
    id: Uuid,
) -> ApiResult<Application<D>> {
    let application = D::find(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound(D::NOUN))?;
    let entry = Entry::ok(D::SUBMIT_ACTION)
        .target(D::TARGET, id)
        .unit(application.unit_id)
        .detail(format!(
            "第 {} 號：{}",
            application.number, application.purpose
        ));
    record_step(
        tx,
        access,
        &application,
        (None, ApplicationStatus::Submitted),
        None,
        entry,
    )
    .await?;
    Ok(application)
}

/// What the commissioner asked for.
pub struct Decision<'a, D: ApplicationKind> {
    pub approve: bool,
    pub reason: Option<&'a str>,
    /// What the kind decides besides approving.
    pub own: D::Decision,
}

/// Approves (queueing the job) or rejects (with a reason) the application
/// `id`. Only the commissioner decides, never on their own application,
/// and only once. `Ok(Err(..))`: the input errors, nothing changed.
#[instrument(skip_all, fields(kind = D::KIND.as_str(), application = %id, approve = decision.approve))]
pub async fn decide<D: ApplicationKind>(
    access: &Access<'_>,
    id: Uuid,
    decision: Decision<'_, D>,
) -> ApiResult<Result<Application<D>, Vec<InputError>>> {
    access.user()?;
    // Refused before anything is looked up: whether an id exists is no
    // business of someone who may not decide.
    access
        .require(D::DECIDE, &UnitTarget::network(), "the network")
        .await?;
    let mut checks = Checks::new();
    let reason = decision_reason(&mut checks, decision.approve, decision.reason);
    D::check_decision(&decision.own, &mut checks);
    let mut tx = access.pool().begin().await?;
    let Some(application) = D::lock(&mut tx, id).await? else {
        return Ok(Err(vec![InputError::new(
            "id",
            ErrorCode::NotFound,
            D::NOT_FOUND,
        )]));
    };
    let application = access.grant(application, D::DECIDE).await?;
    if let Err(e) = decidable(
        application.status,
        application.requester_id,
        access.user()?.id,
    ) {
        checks.push(e);
    }
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    record_decision(
        &mut tx,
        access,
        &application,
        decision.approve,
        reason.as_deref(),
        &decision.own,
    )
    .await?;
    let application = D::find(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound(D::NOUN))?;
    tx.commit().await?;
    Ok(Ok(application))
}

/// Checks a decision's reason: required to reject.
fn decision_reason(checks: &mut Checks, approve: bool, reason: Option<&str>) -> Option<String> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if !approve && reason.is_none() {
        checks.push(InputError::new(
            "reason",
            ErrorCode::Required,
            "Rejecting needs a reason; the applicant reads it.",
        ));
    }
    if reason.is_some_and(|r| r.chars().count() > 2000) {
        checks.push(
            InputError::new(
                "reason",
                ErrorCode::TooLong,
                "The reason is at most 2000 characters.",
            )
            .param("max", 2000),
        );
    }
    reason.map(str::to_owned)
}

/// Refuses a decision on an application already decided, or one's own:
/// the rule of [`decide`] and of `viewerCan.decide`.
pub fn decidable(
    status: ApplicationStatus,
    requester_id: Uuid,
    viewer: Uuid,
) -> Result<(), InputError> {
    if status != ApplicationStatus::Submitted {
        return Err(InputError::general(
            ErrorCode::Conflict,
            "This application has already been decided.",
        ));
    }
    if requester_id == viewer {
        return Err(InputError::general(
            ErrorCode::OwnApplication,
            "You cannot decide your own application; another commissioner must.",
        ));
    }
    Ok(())
}

/// Writes a decision the checks allowed, in `tx`: the status and the kind's
/// own columns, the job when approved, the transition, the email and the
/// audit entry.
async fn record_decision<D: ApplicationKind>(
    tx: &mut PgConnection,
    access: &Access<'_>,
    application: &Granted<Application<D>>,
    approve: bool,
    reason: Option<&str>,
    own: &D::Decision,
) -> ApiResult<()> {
    let to = if approve {
        ApplicationStatus::Approved
    } else {
        ApplicationStatus::Rejected
    };
    let decider = access.user()?.id;
    D::set_own_decision(&mut *tx, application.id, own).await?;
    D::set_decision(&mut *tx, application.id, to, decider, reason).await?;
    if approve {
        jobs::enqueue(&mut *tx, D::KIND, application.id).await?;
    }
    let entry = Entry::ok(D::DECIDE_ACTION)
        .target(D::TARGET, application.id)
        .unit(application.unit_id)
        .set("status", &to);
    record_step(
        tx,
        access,
        application,
        (Some(ApplicationStatus::Submitted), to),
        reason,
        D::audit_decision(own, entry),
    )
    .await
}

/// Runs the job of an approved application and completes it, in one
/// transaction with the job's end. An application no longer approved (a
/// job claimed again after it completed) is left as it is.
#[instrument(skip_all, fields(kind = D::KIND.as_str(), application = %job.subject_id, job = %job.id, attempt = job.attempts))]
pub async fn run_job<D: ApplicationKind>(
    context: &JobContext,
    job: &Claimed,
) -> anyhow::Result<()> {
    let pool = &context.pool;
    let Some(application) = D::find(pool, job.subject_id).await? else {
        anyhow::bail!("{} {} does not exist", D::NOUN, job.subject_id);
    };
    if application.status != ApplicationStatus::Approved {
        let mut conn = pool.acquire().await?;
        return Ok(jobs::finish(&mut conn, job.id).await?);
    }
    D::set_progress(pool, application.id, 0.1).await?;
    let produced = D::produce(context, &application).await?;

    let mut tx = pool.begin().await?;
    let Some(application) = D::lock(&mut tx, application.id).await? else {
        anyhow::bail!("{} {} vanished", D::NOUN, job.subject_id);
    };
    if application.status == ApplicationStatus::Approved {
        D::complete(&mut tx, &application, produced, context).await?;
        record(
            &mut tx,
            &application,
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

/// Gives the application up after its job failed every attempt.
#[instrument(skip_all, fields(kind = D::KIND.as_str(), application = %id))]
pub async fn fail<D: ApplicationKind>(context: &JobContext, id: Uuid) -> anyhow::Result<()> {
    let mut tx = context.pool.begin().await?;
    let Some(application) = D::lock(&mut tx, id).await? else {
        return Ok(());
    };
    if application.status != ApplicationStatus::Approved {
        return Ok(());
    }
    D::set_failed(&mut tx, id).await?;
    record(
        &mut tx,
        &application,
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

/// The steps of applications, oldest first, batched per request.
/// Application ids are UUIDs, unique across both kinds.
pub struct TransitionsOf(pub sqlx::PgPool);

crate::request_loaders!(TransitionsOf);

impl async_graphql::dataloader::Loader<Uuid> for TransitionsOf {
    type Value = Vec<ApplicationTransition>;
    type Error = std::sync::Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = sqlx::query_as!(
            ApplicationTransitionRow,
            r#"SELECT application_id, from_status AS "from_status: ApplicationStatus",
                      to_status AS "to_status: ApplicationStatus", actor_login, reason, at
                 FROM application_transitions
                WHERE application_id = ANY($1)
                ORDER BY application_id, id"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: std::collections::HashMap<Uuid, Self::Value> =
            keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            out.entry(r.application_id)
                .or_default()
                .push(ApplicationTransition {
                    from_status: r.from_status,
                    to_status: r.to_status,
                    actor_login: r.actor_login,
                    reason: r.reason,
                    at: r.at,
                });
        }
        Ok(out)
    }
}

struct ApplicationTransitionRow {
    application_id: Uuid,
    from_status: Option<ApplicationStatus>,
    to_status: ApplicationStatus,
    actor_login: Option<String>,
    reason: Option<String>,
    at: OffsetDateTime,
}
