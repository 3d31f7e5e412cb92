//! Courses (研習): records, review routed by data to the competent authority
//! or its delegate, duplicate warnings, notifications and public search.
//!
//! States: `draft → submitted → approved | returned | rejected`; a returned
//! course is edited and submitted again; `cancelled` from any state before
//! completion; `completed` once an approved course has ended. Every change
//! is a row of `course_transitions` (who, when, from, to, why) and an audit
//! entry, written in the same transaction as the change.
//!
//! The functions here do the work after the caller has authorized it; the
//! GraphQL layer (and the demo seed) call them.

pub mod delegations;
pub mod duplicates;
pub mod fields;
mod graphql;
pub mod loaders;
mod rules;
pub mod sql;

pub use delegations::{DelegationsMutation, DelegationsQuery};
pub use graphql::{Course, CoursesMutation, CoursesQuery};

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use tracing::instrument;
use uuid::Uuid;

use self::{
    duplicates::{Candidate, Match},
    fields::CourseFields,
    sql::CourseRow,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Guarded, Operation},
    error::ApiResult,
    mail::{
        enqueue,
        outbox::recipients_of,
        templates::{CourseDecision, DigestItem, ReviewDigest},
        Links,
    },
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
    sql::record_transition(
        conn,
        course.id,
        Some(course.status),
        CourseStatus::Submitted,
        actor(request),
        Some(reviewer),
        reason,
        Some(fields.snapshot()),
    )
    .await?;
    let mut entry = Entry::ok("course.submit")
        .target("course", course.id)
        .unit(course.organizer_id)
        .change(
            "status",
            &course.status.as_str(),
            &CourseStatus::Submitted.as_str(),
        )
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
    sql::record_transition(
        conn,
        course.id,
        Some(course.status),
        to,
        actor(request),
        Some(reviewer.id),
        reason,
        None,
    )
    .await?;
    let mut entry = Entry::ok("course.review")
        .target("course", course.id)
        .unit(course.organizer_id)
        .change("status", &course.status.as_str(), &to.as_str())
        .set("reviewerUnitId", &reviewer.id);
    if let Some(reason) = reason {
        entry = entry.detail(reason);
    }
    audit::record(&mut *conn, request, entry).await?;
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
    sql::record_transition(
        conn,
        course.id,
        Some(course.status),
        to,
        actor(request),
        None,
        reason,
        None,
    )
    .await?;
    let mut entry = Entry::ok(format!(
        "course.{}",
        if to == CourseStatus::Cancelled {
            "cancel"
        } else {
            "complete"
        }
    ))
    .target("course", course.id)
    .unit(course.organizer_id)
    .change("status", &course.status.as_str(), &to.as_str());
    if let Some(reason) = reason {
        entry = entry.detail(reason);
    }
    audit::record(&mut *conn, request, entry).await?;
    Ok(())
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
