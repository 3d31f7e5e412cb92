//! The hours ledger (時數核發): grants, corrections and revocations as new
//! rows of `hour_entries`, never edits; teachers' summaries by school year
//! or calendar year, per course and per tag; transcripts.
//!
//! Grants one by one (`grantHours`) and by file (`uploadHours`) go through
//! the same two steps: [`evaluate`] decides every row's outcome (or its
//! errors) with two queries whatever the number of rows, and [`apply`]
//! writes them with two bulk inserts, with the course row locked so no two
//! writers grant the same teacher twice.
//!
//! The operations the mutations call ([`grant_hours`], [`revoke_hours`])
//! and the ledger they read ([`ledger`]) are here: each takes the
//! request's `Access`, opens its transaction, checks the rules of
//! `rules.rs` and commits; `graphql.rs` only parses input and builds
//! payloads.

mod graphql;
mod rules;
pub mod transcript;
pub mod upload;

pub use graphql::{HoursMutation, HoursQuery};

use std::collections::HashMap;

use async_graphql::SimpleObject;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use tracing::instrument;
use uuid::Uuid;

use self::upload::{CellError, Column};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Operation},
    courses::sql::CourseRow,
    error::{ApiResult, ErrorCode, InputError},
    half_hours::HalfHours,
    refusal,
    request::RequestContext,
    teachers::personal_code::PersonalCode,
};

crate::text_enum! {
    // A ledger entry: a grant, or the revocation of one (no doc comment,
    // so the schema's description stays as it was).
    #[derive(async_graphql::Enum)]
    pub enum HourEntryKind {
        Grant => "grant",
        Revocation => "revocation",
    }
}

/// What a row does to the ledger.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "HoursOutcome")]
pub enum Outcome {
    /// A first grant for this teacher and course.
    New,
    /// Different hours from the grant in force: it is revoked and the new
    /// hours granted, with the reason.
    Corrected,
    /// The same hours are already granted; nothing is written.
    Unchanged,
    /// See the row's errors; nothing is written for the file.
    Error,
}

/// One row to grant: from `grantHours` or a file (as `upload::read` reads
/// it; the checks that need the database come later).
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The file line (header = 1), or the entry's index for `grantHours`.
    pub line: usize,
    /// As typed, for the report.
    pub code_text: String,
    pub code: Option<PersonalCode>,
    pub half_hours: Option<i32>,
    pub reason: Option<String>,
    pub errors: Vec<CellError>,
}

/// A candidate with what the database says about it.
#[derive(Clone, Debug)]
pub struct Evaluated {
    pub row: Candidate,
    pub teacher_id: Option<Uuid>,
    pub teacher_name: Option<String>,
    school_id: Option<Uuid>,
    /// The grant in force: its id and hours.
    pub previous: Option<(Uuid, i32)>,
    pub outcome: Outcome,
    /// The code is a teacher's who is not admitted to the course (audited:
    /// trying codes is how one would probe who holds them).
    pub not_admitted: bool,
}

fn error(column: Column, code: ErrorCode, message: String) -> CellError {
    CellError {
        column: Some(column),
        code,
        message,
        params: Vec::new(),
    }
}

/// Decides every row's outcome against the course's admitted registrations
/// and the grants in force: unknown codes, teachers not admitted, more
/// hours than the course's, and corrections without a reason are errors.
pub async fn evaluate(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    rows: Vec<Candidate>,
) -> sqlx::Result<Vec<Evaluated>> {
    let codes: Vec<String> = rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.as_str().to_owned()))
        .collect();
    let teachers: HashMap<String, (Uuid, String, Option<Uuid>, bool)> = sqlx::query!(
        r#"SELECT t.personal_code, t.id, t.name, r.school_id AS "school_id?",
                  (r.id IS NOT NULL) AS "admitted!"
             FROM teachers t
             LEFT JOIN registrations r
               ON r.teacher_id = t.id AND r.course_id = $1 AND r.status = 'admitted'
            WHERE t.personal_code = ANY($2)"#,
        course.id,
        &codes
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.personal_code, (r.id, r.name, r.school_id, r.admitted)))
    .collect();
    let in_force = grants_in_force(&mut *conn, course.id).await?;
    Ok(rows
        .into_iter()
        .map(|mut row| {
            let found = row.code.as_ref().and_then(|c| teachers.get(c.as_str()));
            if let (Some(code), None) = (&row.code, found) {
                row.errors.push(error(
                    Column::PersonalCode,
                    ErrorCode::NotFound,
                    format!("No teacher has the personal code {}.", code.as_str()),
                ));
            }
            // The name stays out of this answer: a code of someone not
            // admitted is not the organizer's to resolve to a person
            // (`lookupRegistrant` is the one masked, audited way).
            let not_admitted = matches!(found, Some((_, _, _, false)));
            if let (Some(code), true) = (&row.code, not_admitted) {
                row.errors.push(error(
                    Column::PersonalCode,
                    ErrorCode::Conflict,
                    format!(
                        "The personal code {} is not admitted to this course; register the teacher first.",
                        code.as_str()
                    ),
                ).param("personalCode", code.as_str()));
            }
            if let Some(h) = row.half_hours.filter(|h| *h > course.half_hours) {
                row.errors.push(error(
                    Column::Hours,
                    ErrorCode::OutOfRange,
                    format!(
                        "{} hours is more than the course's {}.",
                        HalfHours::from(h),
                        HalfHours::from(course.half_hours)
                    ),
                )
                .param("hours", HalfHours::from(h))
                .param("max", HalfHours::from(course.half_hours)));
            }
            let previous = found.and_then(|(id, ..)| in_force.get(id).copied());
            let outcome = match (previous, row.half_hours) {
                _ if !row.errors.is_empty() => Outcome::Error,
                (Some((_, before)), Some(h)) if before == h => Outcome::Unchanged,
                (Some((_, before)), Some(_)) if row.reason.is_none() => {
                    row.errors.push(error(
                        Column::Reason,
                        ErrorCode::Required,
                        format!(
                            "{} hours are already granted; give a reason to correct them.",
                            HalfHours::from(before)
                        ),
                    ).param("hours", HalfHours::from(before)));
                    Outcome::Error
                }
                (Some(_), _) => Outcome::Corrected,
                (None, _) => Outcome::New,
            };
            Evaluated {
                teacher_id: found.map(|f| f.0),
                teacher_name: found.filter(|f| f.3).map(|f| f.1.clone()),
                not_admitted,
                school_id: found.and_then(|f| f.2),
                previous,
                outcome,
                row,
            }
        })
        .collect())
}

/// The grants of a course not revoked: teacher → (grant id, half hours).
async fn grants_in_force(
    conn: &mut PgConnection,
    course_id: Uuid,
) -> sqlx::Result<HashMap<Uuid, (Uuid, i32)>> {
    Ok(sqlx::query!(
        r#"SELECT g.id, g.teacher_id, g.half_hours FROM hour_entries g
            WHERE g.course_id = $1 AND g.kind = 'grant'
              AND NOT EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = g.id)"#,
        course_id
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.teacher_id, (r.id, r.half_hours)))
    .collect())
}

/// Writes the rows' grants and corrections (rows with errors or unchanged
/// write nothing); the caller has locked the course and checked that no
/// row has an error. Returns (new, corrected).
#[instrument(skip_all, fields(course = %course.id, source = %source, rows = rows.len()))]
pub async fn apply(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    rows: &[Evaluated],
    source: &str,
    request: &RequestContext,
) -> anyhow::Result<(usize, usize)> {
    let actor = request.viewer.user.as_ref();
    let (actor_id, actor_login) = (actor.map(|u| u.id), actor.map(|u| u.login.clone()));
    let corrected: Vec<&Evaluated> = rows
        .iter()
        .filter(|r| r.outcome == Outcome::Corrected)
        .collect();
    let granted: Vec<&Evaluated> = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::New | Outcome::Corrected))
        .collect();
    let revoked_ids: Vec<Uuid> = corrected
        .iter()
        .filter_map(|r| r.previous.map(|p| p.0))
        .collect();
    sqlx::query!(
        r#"INSERT INTO hour_entries (course_id, teacher_id, kind, half_hours, revokes_id, reason,
                                    school_id, source, issued_by, issued_by_login)
           SELECT g.course_id, g.teacher_id, 'revocation', -g.half_hours, g.id, x.reason,
                  g.school_id, $3, $4, $5
             FROM unnest($1::uuid[], $2::text[]) AS x(id, reason)
             JOIN hour_entries g ON g.id = x.id"#,
        &revoked_ids,
        &corrected
            .iter()
            .map(|r| r.row.reason.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        source,
        actor_id,
        actor_login,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"INSERT INTO hour_entries (course_id, teacher_id, kind, half_hours, reason, school_id,
                                    source, issued_by, issued_by_login)
           SELECT $1, x.teacher_id, 'grant', x.half_hours, nullif(x.reason, ''), x.school_id,
                  $6, $7, $8
             FROM unnest($2::uuid[], $3::int[], $4::text[], $5::uuid[])
                  AS x(teacher_id, half_hours, reason, school_id)"#,
        course.id,
        &granted
            .iter()
            .filter_map(|r| r.teacher_id)
            .collect::<Vec<_>>(),
        &granted
            .iter()
            .map(|r| r.row.half_hours.unwrap_or_default())
            .collect::<Vec<_>>(),
        &granted
            .iter()
            .map(|r| r.row.reason.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        &granted.iter().map(|r| r.school_id).collect::<Vec<_>>() as &[Option<Uuid>],
        source,
        actor_id,
        actor_login,
    )
    .execute(&mut *conn)
    .await?;
    let (new, fixed) = (granted.len() - corrected.len(), corrected.len());
    let entry = Entry::ok("hours.grant")
        .target("course", course.id)
        .unit(course.organizer_id)
        .set("source", &source)
        .set("new", &new)
        .set("corrected", &fixed);
    audit::record(&mut *conn, request, entry).await?;
    Ok((new, fixed))
}

/// A grant to revoke, as found.
pub struct GrantRow {
    pub id: Uuid,
    pub course_id: Uuid,
    pub half_hours: i32,
    pub revoked: bool,
}

pub async fn find_grant(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<GrantRow>> {
    sqlx::query_as!(
        GrantRow,
        r#"SELECT g.id, g.course_id, g.half_hours,
                  EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = g.id) AS "revoked!"
             FROM hour_entries g WHERE g.id = $1 AND g.kind = 'grant'"#,
        id
    )
    .fetch_optional(conn)
    .await
}

/// Revokes a grant with a reason: a new entry with the negative hours.
#[instrument(skip_all, fields(course = %course.id, grant = %grant.id))]
pub async fn revoke(
    conn: &mut PgConnection,
    course: &CourseRow,
    grant: &GrantRow,
    reason: &str,
    request: &RequestContext,
) -> anyhow::Result<Uuid> {
    let actor = request.viewer.user.as_ref();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO hour_entries (course_id, teacher_id, kind, half_hours, revokes_id, reason,
                                    school_id, source, issued_by, issued_by_login)
           SELECT course_id, teacher_id, 'revocation', -half_hours, id, $2, school_id, 'single',
                  $3, $4
             FROM hour_entries WHERE id = $1
        RETURNING id"#,
        grant.id,
        reason,
        actor.map(|u| u.id),
        actor.map(|u| u.login.clone()),
    )
    .fetch_one(&mut *conn)
    .await?;
    let entry = Entry::ok("hours.revoke")
        .target("hour_entry", grant.id)
        .unit(course.organizer_id)
        .set("halfHours", &grant.half_hours)
        .detail(reason);
    audit::record(&mut *conn, request, entry).await?;
    Ok(id)
}

/// One ledger entry.
#[derive(SimpleObject)]
pub struct HourEntry {
    pub id: Uuid,
    pub kind: HourEntryKind,
    /// Negative for a revocation.
    pub hours: f64,
    pub teacher_name: String,
    pub personal_code: String,
    pub reason: Option<String>,
    pub issued_by_login: Option<String>,
    pub issued_at: OffsetDateTime,
    /// For a grant: whether a later entry revoked it.
    pub revoked: bool,
    /// For a revocation: the grant it cancels.
    pub revokes_id: Option<Uuid>,
}

/// A course's ledger (or one entry of it), oldest first, and the total.
async fn entries(
    pool: &PgPool,
    course_id: Uuid,
    only: Option<Uuid>,
    offset: i64,
    limit: i64,
) -> ApiResult<(Vec<HourEntry>, i64)> {
    let rows = sqlx::query!(
        r#"SELECT e.id, e.kind AS "kind: HourEntryKind", e.half_hours, t.name AS teacher_name, t.personal_code, e.reason,
                  e.issued_by_login, e.issued_at, e.revokes_id,
                  EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = e.id) AS "revoked!",
                  count(*) OVER () AS "total!"
             FROM hour_entries e JOIN teachers t ON t.id = e.teacher_id
            WHERE e.course_id = $1 AND ($2::uuid IS NULL OR e.id = $2)
            ORDER BY e.issued_at, e.id
           OFFSET $3 LIMIT $4"#,
        course_id,
        only,
        offset,
        limit
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    Ok((
        rows.into_iter()
            .map(|r| HourEntry {
                id: r.id,
                kind: r.kind,
                hours: HalfHours::from(r.half_hours).hours(),
                teacher_name: r.teacher_name,
                personal_code: r.personal_code,
                reason: r.reason,
                issued_by_login: r.issued_by_login,
                issued_at: r.issued_at,
                revoked: r.revoked,
                revokes_id: r.revokes_id,
            })
            .collect(),
        total,
    ))
}

/// A page of a course's ledger, oldest first, from `offset`, and the
/// total: the course as fetched for its organizer (`GrantHours`).
pub async fn ledger(
    access: &Access<'_>,
    course: &Granted<CourseRow>,
    offset: i64,
    limit: i64,
) -> ApiResult<(Vec<HourEntry>, i64)> {
    entries(access.pool(), course.id, None, offset, limit).await
}

fn no_course() -> InputError {
    InputError::new("courseId", ErrorCode::NotFound, "No such course.")
}

/// What a grant did: every row's outcome, and whether they were written.
pub struct Granting {
    pub rows: Vec<Evaluated>,
    /// Written: not a dry run and no row had an error.
    pub committed: bool,
}

/// Grants hours on the course `course_id` (`grantHours`, `uploadHours`):
/// evaluates the rows with the course locked and, unless `dry_run` or any
/// row has an error, writes them: all or nothing. Codes of teachers not
/// admitted are audited even though nothing is written.
#[instrument(skip_all, fields(course = %course_id, source = %source, dry_run))]
pub async fn grant_hours(
    access: &Access<'_>,
    course_id: Uuid,
    rows: Vec<Candidate>,
    dry_run: bool,
    source: &str,
) -> ApiResult<refusal::Outcome<Granting>> {
    // One read, under the lock: the rule sees the course as a concurrent
    // cancellation left it.
    let mut tx = access.pool().begin().await?;
    let Some(course) =
        crate::courses::lock(access, &mut tx, course_id, Operation::GrantHours).await?
    else {
        return Ok(Err(vec![no_course()]));
    };
    if let Err(refusal) = course.check_grant_hours(OffsetDateTime::now_utc()) {
        return Ok(Err(refusal.into()));
    }
    let evaluated = evaluate(&mut tx, &course, rows).await?;
    let has_errors = evaluated.iter().any(|r| r.outcome == Outcome::Error);
    let committed = !dry_run && !has_errors;
    if committed {
        apply(&mut tx, &course, &evaluated, source, access.request()).await?;
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    let not_admitted = evaluated.iter().filter(|r| r.not_admitted).count();
    if not_admitted > 0 {
        // After the rollback: the refusal itself is what the log keeps.
        let entry = Entry::failed("hours.not_admitted")
            .target("course", course.id)
            .detail(format!(
                "{not_admitted} personal codes of teachers not admitted ({source})"
            ));
        audit::record(access.pool(), access.request(), entry).await?;
    }
    Ok(Ok(Granting {
        rows: evaluated,
        committed,
    }))
}

/// Revokes the grant `grant_id` with a reason (`revokeHours`): a new
/// ledger entry with the negative hours, written with the course locked;
/// the grant itself is kept. Returns the revocation entry.
#[instrument(skip_all, fields(grant = %grant_id))]
pub async fn revoke_hours(
    access: &Access<'_>,
    grant_id: Uuid,
    reason: &str,
) -> ApiResult<refusal::Outcome<Option<HourEntry>>> {
    let not_found = || {
        Err(vec![InputError::new(
            "grantId",
            ErrorCode::NotFound,
            "No such grant.",
        )])
    };
    let mut tx = access.pool().begin().await?;
    let Some(found) = find_grant(&mut tx, grant_id).await? else {
        return Ok(not_found());
    };
    // The course is read once, locked, and authorized in the same step.
    let Some(course) =
        crate::courses::lock(access, &mut tx, found.course_id, Operation::GrantHours).await?
    else {
        return Ok(not_found());
    };
    // The reason is judged once the grant is known to be the viewer's to
    // revoke: a foreign grant is not found, whatever the reason.
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Ok(Err(vec![InputError::new(
            "reason",
            if reason.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::TooLong
            },
            "A reason of at most 500 characters is required.",
        )
        .param("max", 500)]));
    }
    // Re-read under the lock: someone may have revoked it meanwhile.
    let Some(grant) = find_grant(&mut tx, grant_id).await? else {
        return Ok(not_found());
    };
    if let Err(refusal) = grant.check_revoke() {
        return Ok(Err(refusal.into()));
    }
    let id = revoke(&mut tx, &course, &grant, reason, access.request()).await?;
    tx.commit().await?;
    Ok(Ok(entries(access.pool(), course.id, Some(id), 0, 1)
        .await?
        .0
        .pop()))
}
