//! Courses (研習): records, review routed by data to the competent authority
//! or its delegate, duplicate warnings, notifications and public search.
//!
//! States: `draft → submitted → approved | returned | rejected`; a returned
//! course is edited and submitted again; `cancelled` from any state before
//! completion; `completed` once an approved course has ended. Every change
//! is a row of `course_transitions` (who, when, from, to, why) and an audit
//! entry, written in the same transaction as the change.
//!
//! Two layers of functions here. The operations (`create_course`,
//! `review_course`, `list` …) take the request's `Access`: they open the
//! transaction, lock and authorize the course (or fetch the unit), run the
//! rules (`rules.rs`) and commit; the resolvers (`graphql.rs`) only parse
//! input, call one of them and build the payload. The writes they call
//! (`create`, `submit`, `decide` …) take the `Granted` row and the
//! transaction, so the demo seed writes its history through them too.

pub mod delegations;
pub mod duplicates;
pub mod fields;
mod graphql;
pub mod loaders;
mod rules;
pub mod sql;

pub use delegations::{DelegationsMutation, DelegationsQuery};
pub use graphql::{Course, CoursesMutation, CoursesQuery};

use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use tracing::instrument;
use uuid::Uuid;

use self::{
    duplicates::{Candidate, Match},
    fields::{CourseFields, Draft, Session},
    sql::{CourseRow, ListFilter, Visibility, Window},
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Guarded, Operation},
    error::{ApiResult, Checks, ErrorCode, InputError},
    mail::{
        enqueue,
        outbox::recipients_of,
        templates::{CourseDecision, DigestItem, ReviewDigest},
        Links,
    },
    refusal::Outcome,
    request::RequestContext,
    units::UnitRow,
};

crate::text_enum! {
    // Where a course is in its workflow (see the module docs); no doc
    // comment, so the schema's description stays as it was.
    #[derive(async_graphql::Enum)]
    pub enum CourseStatus {
        Draft => "draft",
        Submitted => "submitted",
        Approved => "approved",
        Returned => "returned",
        Rejected => "rejected",
        Cancelled => "cancelled",
        Completed => "completed",
    }
}

/// A course is decided at its organizer: editing it and everything done to
/// its inside (registrations, sign-in sheets, hours).
impl Guarded for CourseRow {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(sql::find_by_id(pool, id).await?)
    }

    fn unit(&self) -> crate::authz::UnitTarget {
        self.organizer()
    }

    fn unit_name(&self) -> &str {
        &self.organizer_name
    }
}

/// Locks the course in `conn` and requires `op` at its organizer: the
/// locked counterpart of `access.fetch::<CourseRow>`, for changes whose
/// rules must see the row as the previous holder of the lock left it.
/// `None`: no such course.
pub async fn lock(
    access: &Access<'_>,
    conn: &mut PgConnection,
    id: Uuid,
    op: Operation,
) -> ApiResult<Option<Granted<CourseRow>>> {
    access.user()?;
    match sql::lock(conn, id).await? {
        Some(row) => access.grant(row, op).await.map(Some),
        None => Ok(None),
    }
}

/// A reviewer's decision.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ReviewDecision {
    Approve,
    Return,
    Reject,
}

impl ReviewDecision {
    /// The state it leads to.
    pub fn status(self) -> CourseStatus {
        match self {
            Self::Approve => CourseStatus::Approved,
            Self::Return => CourseStatus::Returned,
            Self::Reject => CourseStatus::Rejected,
        }
    }

    fn label_zh(self) -> &'static str {
        match self {
            Self::Approve => "核准",
            Self::Return => "退回修正",
            Self::Reject => "不予核准",
        }
    }

    fn next_step_zh(self) -> &'static str {
        match self {
            Self::Approve => "研習已公告於研習查詢，教師可於報名期間內報名。",
            Self::Return => "請依理由修正研習資料後重新送審。",
            Self::Reject => "本研習不予核准，無法再送審；如有疑問請洽審核單位。",
        }
    }
}

/// The viewer as a transition records them.
fn actor(request: &RequestContext) -> Option<(Uuid, &str)> {
    request
        .viewer
        .user
        .as_ref()
        .map(|u| (u.id, u.login.as_str()))
}

/// Creates a draft course for `organizer`.
pub async fn create(
    conn: &mut PgConnection,
    organizer: &Granted<UnitRow>,
    f: &CourseFields,
    request: &RequestContext,
) -> anyhow::Result<Uuid> {
    let id = sql::insert(conn, organizer.id, f, request.viewer.user_id()).await?;
    sql::record_transition(
        conn,
        id,
        None,
        CourseStatus::Draft,
        actor(request),
        None,
        None,
        None,
    )
    .await?;
    let entry = Entry::ok("course.create")
        .target("course", id)
        .unit(organizer.id)
        .set("title", &f.title);
    audit::record(&mut *conn, request, entry).await?;
    Ok(id)
}

/// Replaces an editable course's fields.
pub async fn update(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    before: &CourseFields,
    f: &CourseFields,
    request: &RequestContext,
) -> anyhow::Result<()> {
    sql::write_fields(conn, course.id, f).await?;
    let mut entry = Entry::ok("course.update")
        .target("course", course.id)
        .unit(course.organizer_id);
    for c in fields::diff(&before.snapshot(), &f.snapshot()) {
        entry = entry.change(&c.field, &c.before, &c.after);
    }
    audit::record(&mut *conn, request, entry).await?;
    Ok(())
}

/// Submits a draft or returned course for review: issues its course code on
/// first submission, routes it, and keeps a snapshot and the likely
/// duplicates. When there are likely duplicates and no reason to go ahead,
/// nothing is written and the duplicates are returned.
#[instrument(skip_all, fields(course = %course.id))]
pub async fn submit(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    fields: &CourseFields,
    duplicate_reason: Option<&str>,
    request: &RequestContext,
) -> anyhow::Result<Result<Uuid, Vec<Match>>> {
    let matches = duplicates::find(
        conn,
        &Candidate {
            id: course.id,
            organizer_id: course.organizer_id,
            title: &course.title,
            tags: &course.tags,
            starts_at: course.starts_at,
            ends_at: course.ends_at,
        },
    )
    .await?;
    if !matches.is_empty() && duplicate_reason.is_none() {
        return Ok(Err(matches));
    }
    let reason = if matches.is_empty() {
        None
    } else {
        duplicate_reason
    };
    let reviewer = sqlx::query_scalar!(
        r#"UPDATE courses
              SET status = 'submitted', submitted_at = now(), duplicate_reason = $2,
                  code = coalesce(code, nextval('course_code_seq')::int)
            WHERE id = $1
        RETURNING reviewer_for(review_authority_of(organizer_id), now()) AS "reviewer!""#,
        course.id,
        reason,
    )
    .fetch_one(&mut *conn)
    .await?;
    duplicates::store(conn, course.id, &matches).await?;
    let mut entry = record_move(
        conn,
        course,
        CourseStatus::Submitted,
        Some(reviewer),
        reason,
        Some(fields.snapshot()),
        request,
    )
    .await?
    .set("reviewerUnitId", &reviewer);
    if let Some(reason) = reason {
        entry = entry.set("duplicateReason", &reason);
    }
    audit::record(&mut *conn, request, entry).await?;
    Ok(Ok(reviewer))
}

/// Records a review decision by `reviewer` and, given `links`, writes to
/// the organizer's email contacts; how many messages. (The demo seed passes
/// no links: its decisions are history, not news.)
#[instrument(skip_all, fields(course = %course.id, ?decision))]
pub async fn decide(
    conn: &mut PgConnection,
    course: &CourseRow,
    decision: ReviewDecision,
    reason: Option<&str>,
    reviewer: &Granted<UnitRow>,
    request: &RequestContext,
    links: Option<&Links>,
) -> anyhow::Result<usize> {
    let to = decision.status();
    sqlx::query!(
        r#"UPDATE courses
              SET status = $2, decided_by_unit_id = $3, decided_at = now(),
                  approved_at = CASE WHEN $2 = 'approved' THEN now() ELSE approved_at END
            WHERE id = $1"#,
        course.id,
        to.as_str(),
        reviewer.id,
    )
    .execute(&mut *conn)
    .await?;
    let entry = record_move(conn, course, to, Some(reviewer.id), reason, None, request)
        .await?
        .set("reviewerUnitId", &reviewer.id);
    audit::record(&mut *conn, request, with_reason(entry, reason)).await?;
    let Some(links) = links else {
        return Ok(0);
    };

    let organizer = course.organizer_name.clone();
    let recipients = recipients_of(&mut *conn, &[course.organizer_id]).await?;
    let code = course.code.map(|c| c.to_string()).unwrap_or_default();
    for r in &recipients {
        let email = CourseDecision {
            recipient_name: r.name.clone(),
            unit_name: organizer.clone(),
            course_code: code.clone(),
            course_title: course.title.clone(),
            decision: decision.label_zh().to_owned(),
            reason: reason.map(str::to_owned),
            reviewer_name: reviewer.name.clone(),
            next_step: decision.next_step_zh().to_owned(),
            console_url: links.page(&format!("/courses/{}", course.id)),
        };
        enqueue(
            conn,
            r,
            Some(&format!("course:{}", course.id)),
            &email,
            &links.message_domain,
        )
        .await?;
    }
    Ok(recipients.len())
}

/// Cancels a course, with the reason.
pub async fn cancel(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    reason: &str,
    request: &RequestContext,
) -> anyhow::Result<()> {
    set_status(conn, course, CourseStatus::Cancelled, Some(reason), request).await
}

/// Marks an approved course that has ended as held.
pub async fn complete(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    request: &RequestContext,
) -> anyhow::Result<()> {
    set_status(conn, course, CourseStatus::Completed, None, request).await
}

async fn set_status(
    conn: &mut PgConnection,
    course: &CourseRow,
    to: CourseStatus,
    reason: Option<&str>,
    request: &RequestContext,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE courses SET status = $2 WHERE id = $1",
        course.id,
        to.as_str()
    )
    .execute(&mut *conn)
    .await?;
    let entry = record_move(conn, course, to, None, reason, None, request).await?;
    audit::record(&mut *conn, request, with_reason(entry, reason)).await?;
    Ok(())
}

/// Records `course`'s move to `to` in its history (`course_transitions`)
/// and starts the audit entry of the move (`course.submit`,
/// `course.review` …, with the status change) for the caller to complete.
async fn record_move(
    conn: &mut PgConnection,
    course: &CourseRow,
    to: CourseStatus,
    reviewer: Option<Uuid>,
    reason: Option<&str>,
    snapshot: Option<serde_json::Value>,
    request: &RequestContext,
) -> sqlx::Result<Entry> {
    sql::record_transition(
        conn,
        course.id,
        Some(course.status),
        to,
        actor(request),
        reviewer,
        reason,
        snapshot,
    )
    .await?;
    let action = match to {
        CourseStatus::Submitted => "submit",
        CourseStatus::Cancelled => "cancel",
        CourseStatus::Completed => "complete",
        _ => "review",
    };
    Ok(Entry::ok(format!("course.{action}"))
        .target("course", course.id)
        .unit(course.organizer_id)
        .change("status", &course.status.as_str(), &to.as_str()))
}

/// The reason of a decision, a cancellation …, as the audit entry's detail.
fn with_reason(entry: Entry, reason: Option<&str>) -> Entry {
    match reason {
        Some(reason) => entry.detail(reason),
        None => entry,
    }
}

fn no_course() -> Vec<InputError> {
    vec![InputError::new(
        "id",
        ErrorCode::NotFound,
        "No such course.",
    )]
}

/// Validates what an organizer typed against the code lists.
async fn validate(conn: &mut PgConnection, draft: &Draft) -> ApiResult<Outcome<CourseFields>> {
    let known = sql::known_codes(conn).await?;
    Ok(fields::validate(draft, &known))
}

/// A course's sessions as stored, in order.
async fn stored_sessions(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Vec<Session>> {
    Ok(sql::sessions_of(conn, &[id])
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect())
}

/// Reads the course as `tx` wrote it, for the payload, and commits.
async fn finish(mut tx: Transaction<'_, Postgres>, id: Uuid) -> ApiResult<CourseRow> {
    let Some(course) = sql::find_by_id(&mut *tx, id).await? else {
        return Err(anyhow::anyhow!("course {id}, written in this transaction, is missing").into());
    };
    tx.commit().await?;
    Ok(course)
}

/// Creates a draft course for `organizer_id` (a unit the viewer edits
/// courses for) from what the organizer typed.
#[instrument(skip_all, fields(organizer = %organizer_id))]
pub async fn create_course(
    access: &Access<'_>,
    organizer_id: Uuid,
    draft: &Draft,
) -> ApiResult<Outcome<CourseRow>> {
    let Some(organizer) = access
        .fetch::<UnitRow>(organizer_id, Operation::EditCourses)
        .await?
    else {
        return Ok(Err(vec![InputError::new(
            "organizerId",
            ErrorCode::NotFound,
            "No such unit.",
        )]));
    };
    let mut tx = access.pool().begin().await?;
    let f = match validate(&mut tx, draft).await? {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = create(&mut tx, &organizer, &f, access.request()).await?;
    Ok(Ok(finish(tx, id).await?))
}

/// Replaces the fields of a draft or returned course.
#[instrument(skip_all, fields(course = %id))]
pub async fn update_course(
    access: &Access<'_>,
    id: Uuid,
    draft: &Draft,
) -> ApiResult<Outcome<CourseRow>> {
    let mut tx = access.pool().begin().await?;
    let Some(course) = lock(access, &mut tx, id, Operation::EditCourses).await? else {
        return Ok(Err(no_course()));
    };
    if let Err(refusal) = course.check_edit() {
        return Ok(Err(refusal.into()));
    }
    let f = match validate(&mut tx, draft).await? {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
    let before = sql::fields_of(&course, stored_sessions(&mut tx, id).await?);
    update(&mut tx, &course, &before, &f, access.request()).await?;
    Ok(Ok(finish(tx, id).await?))
}

/// What a submission did.
pub enum Submission {
    /// Submitted for review.
    Submitted(Box<CourseRow>),
    /// Held back, nothing written: these courses look like it and no
    /// reason to go ahead was given.
    HeldBack(Vec<Match>),
}

/// Submits a draft or returned course for review (see [`submit`]).
#[instrument(skip_all, fields(course = %id))]
pub async fn submit_course(
    access: &Access<'_>,
    id: Uuid,
    duplicate_reason: Option<&str>,
) -> ApiResult<Outcome<Submission>> {
    let mut tx = access.pool().begin().await?;
    let Some(course) = lock(access, &mut tx, id, Operation::EditCourses).await? else {
        return Ok(Err(no_course()));
    };
    if let Err(refusal) = course.check_submit() {
        return Ok(Err(refusal.into()));
    }
    let f = sql::fields_of(&course, stored_sessions(&mut tx, id).await?);
    if let Err(matches) = submit(&mut tx, &course, &f, duplicate_reason, access.request()).await? {
        return Ok(Ok(Submission::HeldBack(matches)));
    }
    let course = finish(tx, id).await?;
    Ok(Ok(Submission::Submitted(Box::new(course))))
}

/// Approves, returns or rejects a course as the unit it is routed to; how
/// many messages went to the organizer. `checks` holds the input's
/// problems, reported with the rules' refusals once the viewer is allowed.
#[instrument(skip_all, fields(course = %id, ?decision))]
pub async fn review_course(
    access: &Access<'_>,
    id: Uuid,
    decision: ReviewDecision,
    reason: Option<&str>,
    mut checks: Checks,
) -> ApiResult<Outcome<(CourseRow, usize)>> {
    access.user()?;
    let mut tx = access.pool().begin().await?;
    let Some(course) = sql::lock(&mut tx, id).await? else {
        return Ok(Err(no_course()));
    };
    // Authorize at the unit the course is routed to (or, once decided, the
    // unit that decided it) as the lock left it: that is what "routed to
    // you" means, and a delegation that moved it meanwhile is seen.
    let reviewer_id = course.reviewer_id.unwrap_or(course.authority_id);
    let Some(reviewer) = access
        .fetch::<UnitRow>(reviewer_id, Operation::ReviewCourses)
        .await?
    else {
        return Ok(Err(no_course()));
    };
    for rule in [decision.check_reason(reason), course.check_review()] {
        if let Err(refusal) = rule {
            checks.push(refusal.into());
        }
    }
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    let queued = decide(
        &mut tx,
        &course,
        decision,
        reason,
        &reviewer,
        access.request(),
        Some(&Links::of(&access.state().settings)),
    )
    .await?;
    Ok(Ok((finish(tx, id).await?, queued)))
}

/// Cancels a course that has not been held. `checks` holds the input's
/// problems, reported with the rule's refusal once the viewer is allowed.
#[instrument(skip_all, fields(course = %id))]
pub async fn cancel_course(
    access: &Access<'_>,
    id: Uuid,
    reason: &str,
    mut checks: Checks,
) -> ApiResult<Outcome<CourseRow>> {
    let mut tx = access.pool().begin().await?;
    let Some(course) = lock(access, &mut tx, id, Operation::EditCourses).await? else {
        return Ok(Err(no_course()));
    };
    if let Err(refusal) = course.check_cancel() {
        checks.push(refusal.into());
    }
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    cancel(&mut tx, &course, reason, access.request()).await?;
    Ok(Ok(finish(tx, id).await?))
}

/// Marks an approved course whose last session has ended as held.
#[instrument(skip_all, fields(course = %id))]
pub async fn complete_course(access: &Access<'_>, id: Uuid) -> ApiResult<Outcome<CourseRow>> {
    let mut tx = access.pool().begin().await?;
    let Some(course) = lock(access, &mut tx, id, Operation::EditCourses).await? else {
        return Ok(Err(no_course()));
    };
    if let Err(refusal) = course.check_complete(OffsetDateTime::now_utc()) {
        return Ok(Err(refusal.into()));
    }
    complete(&mut tx, &course, access.request()).await?;
    Ok(Ok(finish(tx, id).await?))
}

/// One course by id, whoever may see it (the caller decides).
pub async fn find(access: &Access<'_>, id: Uuid) -> ApiResult<Option<CourseRow>> {
    Ok(sql::find_by_id(access.pool(), id).await?)
}

/// One course by its 7-digit code.
pub async fn find_by_code(access: &Access<'_>, code: i32) -> ApiResult<Option<CourseRow>> {
    let pool = access.pool();
    match sql::id_by_code(pool, code).await? {
        Some(id) => Ok(sql::find_by_id(pool, id).await?),
        None => Ok(None),
    }
}

/// One page of the courses the viewer sees (public ones, its organizers'
/// and those it reviews), in `window`'s order; and how many match in all.
pub async fn list(
    access: &Access<'_>,
    filter: &ListFilter,
    window: &Window,
) -> ApiResult<(i64, Vec<CourseRow>)> {
    let visibility = Visibility {
        read: access.scope(Operation::ReadCourses),
        review: access.scope(Operation::ReviewCourses),
    };
    let pool = access.pool();
    let (total, ids) = sql::list(pool, &visibility, filter, window).await?;
    let mut rows = sql::find_by_ids(pool, &ids).await?;
    let order: std::collections::HashMap<Uuid, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| order.get(&r.id).copied());
    Ok((total, rows))
}

/// What the viewer must review: courses routed to the units it reviews for
/// (refused when it reviews for none).
pub async fn review_queue(
    access: &Access<'_>,
    window: &Window,
) -> ApiResult<(i64, Vec<CourseRow>)> {
    access.user()?;
    access.require_scope(Operation::ReviewCourses).await?;
    let filter = ListFilter {
        statuses: Some(vec![CourseStatus::Submitted]),
        pending_only: true,
        ..ListFilter::default()
    };
    list(access, &filter, window).await
}

/// The hour (Asia/Taipei) from which each day's review digests go out.
pub const DIGEST_HOUR: u8 = 8;

/// Writes each reviewing unit's daily digest of new items in its queue, at
/// most once per unit and Taipei day (whichever instance inserts the day's
/// row sends it); how many messages. `now` is a parameter so tests can
/// choose the hour.
pub async fn send_review_digests(
    pool: &PgPool,
    links: &Links,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    let local = now.to_offset(crate::taipei::TAIPEI);
    if local.hour() < DIGEST_HOUR {
        return Ok(0);
    }
    let today = local.date();
    let mut tx = pool.begin().await?;
    // Everything pending, with its current reviewer and whether it arrived
    // after that reviewer's last digest.
    let pending = sqlx::query!(
        r#"WITH routed AS (
               SELECT c.id, c.code, c.title, c.submitted_at, o.name AS organizer,
                      reviewer_for(review_authority_of(c.organizer_id), $1) AS reviewer
                 FROM courses c JOIN org_units o ON o.id = c.organizer_id
                WHERE c.status = 'submitted')
           SELECT r.reviewer AS "reviewer!", u.name AS unit_name, r.code, r.title, r.organizer,
                  r.submitted_at AS "submitted_at!",
                  r.submitted_at > coalesce((SELECT max(d.sent_at) FROM review_digests d
                                              WHERE d.unit_id = r.reviewer), '-infinity')
                      AS "is_new!"
             FROM routed r JOIN org_units u ON u.id = r.reviewer
            WHERE NOT EXISTS (SELECT 1 FROM review_digests d
                               WHERE d.unit_id = r.reviewer AND d.digest_date = $2)
            ORDER BY r.reviewer, r.submitted_at, r.code"#,
        now,
        today,
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut by_unit: std::collections::BTreeMap<Uuid, (String, i64, Vec<DigestItem>)> =
        Default::default();
    for p in pending {
        let entry = by_unit
            .entry(p.reviewer)
            .or_insert_with(|| (p.unit_name.clone(), 0, Vec::new()));
        entry.1 += 1;
        if p.is_new {
            entry.2.push(DigestItem {
                code: p.code.map(|c| c.to_string()).unwrap_or_default(),
                title: p.title,
                organizer: p.organizer,
                submitted: p
                    .submitted_at
                    .to_offset(crate::taipei::TAIPEI)
                    .date()
                    .to_string(),
            });
        }
    }
    let mut sent = 0;
    for (unit_id, (unit_name, pending_total, items)) in by_unit {
        if items.is_empty() {
            continue;
        }
        let claimed = sqlx::query_scalar!(
            r#"INSERT INTO review_digests (unit_id, digest_date, sent_at, items)
               VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING unit_id"#,
            unit_id,
            today,
            now,
            items.len() as i32,
        )
        .fetch_optional(&mut *tx)
        .await?;
        if claimed.is_none() {
            continue;
        }
        for r in recipients_of(&mut *tx, &[unit_id]).await? {
            let email = ReviewDigest {
                recipient_name: r.name.clone(),
                unit_name: unit_name.clone(),
                items: items.clone(),
                pending_total,
                console_url: links.page("/reviews"),
            };
            enqueue(
                &mut tx,
                &r,
                Some("review-digest"),
                &email,
                &links.message_domain,
            )
            .await?;
            sent += 1;
        }
    }
    tx.commit().await?;
    if sent > 0 {
        tracing::info!(messages = sent, "review digests queued");
    }
    Ok(sent)
}
