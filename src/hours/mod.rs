//! The hours ledger (時數核發): grants, corrections and revocations as new
//! rows of `hour_entries`, never edits; teachers' summaries by school year
//! or calendar year, per course and per tag; transcripts.
//!
//! Grants one by one (`grantHours`) and by file (`uploadHours`) go through
//! the same two steps: [`evaluate`] decides every row's outcome (or its
//! errors) with two queries whatever the number of rows, and [`apply`]
//! writes them with two bulk inserts, with the course row locked so no two
//! writers grant the same teacher twice.

mod graphql;
mod rules;
pub mod transcript;
pub mod upload;

pub use graphql::{HoursMutation, HoursQuery};

use std::collections::HashMap;

use sqlx::PgConnection;
use tracing::instrument;
use uuid::Uuid;

use self::upload::{CellError, Column};
use crate::{
    audit::{self, Entry},
    authz::Granted,
    courses::sql::CourseRow,
    error::ErrorCode,
    half_hours::HalfHours,
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

/// One row to grant: from `grantHours` or a file.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The file line, or the entry's index for `grantHours`.
    pub line: usize,
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
