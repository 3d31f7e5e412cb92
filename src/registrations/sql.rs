//! Queries on registrations.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Channel, RegistrationStatus};
use crate::units::counties;

/// A teacher as registration sees them: where they serve now.
#[derive(Clone, Debug)]
pub struct Registrant {
    pub teacher_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub user_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
    pub school_name: Option<String>,
    pub school_path: Option<String>,
    pub county_code: Option<String>,
    pub stage: Option<String>,
    pub job_title: Option<String>,
}

pub async fn registrant(
    db: impl PgExecutor<'_>,
    teacher_id: Uuid,
) -> sqlx::Result<Option<Registrant>> {
    registrant_where(db, Some(teacher_id), None, None).await
}

pub async fn registrant_of_user(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
) -> sqlx::Result<Option<Registrant>> {
    registrant_where(db, None, Some(user_id), None).await
}

pub async fn registrant_by_code(
    db: impl PgExecutor<'_>,
    personal_code: &str,
) -> sqlx::Result<Option<Registrant>> {
    registrant_where(db, None, None, Some(personal_code)).await
}

async fn registrant_where(
    db: impl PgExecutor<'_>,
    teacher_id: Option<Uuid>,
    user_id: Option<Uuid>,
    personal_code: Option<&str>,
) -> sqlx::Result<Option<Registrant>> {
    sqlx::query_as!(
        Registrant,
        r#"SELECT t.id AS teacher_id, t.name, t.email, t.user_id,
                  st.school_id AS "school_id?", s.name AS "school_name?",
                  s.path::text AS "school_path?", s.county_code AS "county_code?",
                  st.education_stage AS "stage?", st.job_title AS "job_title?"
             FROM teachers t
             LEFT JOIN school_teachers st ON st.teacher_id = t.id AND st.status = 'active'
             LEFT JOIN org_units s ON s.id = st.school_id
            WHERE t.id = $1 OR t.user_id = $2 OR t.personal_code = $3"#,
        teacher_id,
        user_id,
        personal_code
    )
    .fetch_optional(db)
    .await
}

/// One registration, with what lists and the sign-in sheet show.
#[derive(Clone, Debug)]
pub struct RegistrationRow {
    pub id: Uuid,
    pub course_id: Uuid,
    pub teacher_id: Uuid,
    pub status: RegistrationStatus,
    pub channel: Channel,
    pub registered_at: OffsetDateTime,
    pub admitted_at: Option<OffsetDateTime>,
    pub ended_at: Option<OffsetDateTime>,
    pub end_reason: Option<String>,
    pub teacher_name: String,
    pub teacher_user_id: Option<Uuid>,
    pub personal_code: String,
    pub school_id: Option<Uuid>,
    pub school_name: Option<String>,
    pub county_code: Option<String>,
    pub district: Option<String>,
    /// 1-based, for waitlisted registrations.
    pub waitlist_position: Option<i64>,
}

impl RegistrationRow {
    /// The county of the school registered from, e.g. 臺北市.
    pub fn county_name(&self) -> Option<&'static str> {
        counties::county_name(self.county_code.as_deref()?)
    }
}

/// Registrations of a course, in the order organizers and reviewers read
/// them: admitted first, by county, district, school and name (the
/// sign-in sheet's order); then the waitlist in its order; then ended ones.
/// `statuses` empty means all. Returns the page and the total.
pub async fn list(
    conn: impl sqlx::Acquire<'_, Database = sqlx::Postgres>,
    course_id: Uuid,
    statuses: &[RegistrationStatus],
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<RegistrationRow>, i64)> {
    let statuses: Vec<String> = statuses.iter().map(|s| s.as_str().to_owned()).collect();
    let statuses = statuses.as_slice();
    let mut conn = conn.acquire().await?;
    let rows = sqlx::query_as!(
        RegistrationRow,
        r#"WITH matching AS (
               SELECT r.*,
                      CASE WHEN r.status = 'waitlisted' THEN
                          row_number() OVER (PARTITION BY r.status = 'waitlisted'
                                             ORDER BY r.registered_at, r.id) END AS position
                 FROM registrations r
                WHERE r.course_id = $1)
           SELECT m.id, m.course_id, m.teacher_id, m.status AS "status: RegistrationStatus",
                  m.channel AS "channel: Channel", m.registered_at,
                  m.admitted_at, m.ended_at, m.end_reason, t.name AS teacher_name,
                  t.user_id AS teacher_user_id, t.personal_code, m.school_id,
                  s.name AS "school_name?", s.county_code AS "county_code?",
                  s.district AS "district?", m.position AS waitlist_position
             FROM matching m
             JOIN teachers t ON t.id = m.teacher_id
             LEFT JOIN org_units s ON s.id = m.school_id
            WHERE cardinality($2::text[]) = 0 OR m.status = ANY($2)
            ORDER BY CASE m.status WHEN 'admitted' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END,
                     m.position, array_position($5::text[], s.county_code), s.district, s.name,
                     t.name, m.id
           OFFSET $3 LIMIT $4"#,
        course_id,
        statuses,
        offset,
        limit,
        &counties::codes_in_order()
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM registrations
            WHERE course_id = $1 AND (cardinality($2::text[]) = 0 OR status = ANY($2))"#,
        course_id,
        statuses
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((rows, total))
}

/// The live (admitted or waitlisted) registration of a teacher, if any.
pub async fn live_of(
    db: impl PgExecutor<'_>,
    course_id: Uuid,
    teacher_id: Uuid,
) -> sqlx::Result<Option<RegistrationRow>> {
    Ok(find(db, &[], &[teacher_id], &[course_id], &[], &[])
        .await?
        .pop())
}

pub async fn find_by_id(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> sqlx::Result<Option<RegistrationRow>> {
    Ok(find(db, &[id], &[], &[], &[], &[]).await?.pop())
}

/// The live registrations of (user, course) pairs: the viewer's own, for
/// a page of courses.
pub async fn live_of_users(
    db: impl PgExecutor<'_>,
    pairs: &[(Uuid, Uuid)],
) -> sqlx::Result<Vec<RegistrationRow>> {
    let (users, courses): (Vec<Uuid>, Vec<Uuid>) = pairs.iter().copied().unzip();
    find(db, &[], &[], &[], &users, &courses).await
}

/// Registrations by id, or live ones by (teacher, course) or (user,
/// course) pairs given as parallel arrays.
async fn find(
    db: impl PgExecutor<'_>,
    ids: &[Uuid],
    teachers: &[Uuid],
    teacher_courses: &[Uuid],
    users: &[Uuid],
    user_courses: &[Uuid],
) -> sqlx::Result<Vec<RegistrationRow>> {
    sqlx::query_as!(
        RegistrationRow,
        r#"SELECT r.id, r.course_id, r.teacher_id, r.status AS "status: RegistrationStatus",
                  r.channel AS "channel: Channel", r.registered_at,
                  r.admitted_at, r.ended_at, r.end_reason, t.name AS teacher_name,
                  t.user_id AS teacher_user_id, t.personal_code, r.school_id,
                  s.name AS "school_name?", s.county_code AS "county_code?",
                  s.district AS "district?",
                  CASE WHEN r.status = 'waitlisted' THEN
                      (SELECT count(*) FROM registrations w
                        WHERE w.course_id = r.course_id AND w.status = 'waitlisted'
                          AND (w.registered_at, w.id) <= (r.registered_at, r.id)) END
                      AS waitlist_position
             FROM registrations r
             JOIN teachers t ON t.id = r.teacher_id
             LEFT JOIN org_units s ON s.id = r.school_id
            WHERE r.id = ANY($1)
               OR (r.status IN ('admitted', 'waitlisted')
                   AND ((r.teacher_id, r.course_id) IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))
                        OR (t.user_id, r.course_id) IN (SELECT * FROM unnest($4::uuid[], $5::uuid[]))))"#,
        ids,
        teachers,
        teacher_courses,
        users,
        user_courses
    )
    .fetch_all(db)
    .await
}

/// The reason of the organizer's latest removal of this teacher from the
/// course, if they removed them.
pub async fn removal_reason(
    conn: &mut PgConnection,
    course_id: Uuid,
    teacher_id: Uuid,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        r#"SELECT coalesce(end_reason, '') AS "reason!" FROM registrations
            WHERE course_id = $1 AND teacher_id = $2 AND status = 'removed'
            ORDER BY ended_at DESC LIMIT 1"#,
        course_id,
        teacher_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn waitlist_len(conn: &mut PgConnection, course_id: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM registrations
            WHERE course_id = $1 AND status = 'waitlisted'"#,
        course_id
    )
    .fetch_one(conn)
    .await
}

pub struct Waiting {
    pub id: Uuid,
    pub teacher_id: Uuid,
}

pub async fn first_waitlisted(
    conn: &mut PgConnection,
    course_id: Uuid,
) -> sqlx::Result<Option<Waiting>> {
    sqlx::query_as!(
        Waiting,
        r#"SELECT id, teacher_id FROM registrations
            WHERE course_id = $1 AND status = 'waitlisted'
            ORDER BY registered_at, id LIMIT 1"#,
        course_id
    )
    .fetch_optional(conn)
    .await
}

/// Inserts a registration; an admitted one takes a seat.
pub async fn insert(
    conn: &mut PgConnection,
    course_id: Uuid,
    who: &Registrant,
    channel: Channel,
    admitted: bool,
    actor: Option<Uuid>,
) -> sqlx::Result<Uuid> {
    if admitted {
        take_seat(&mut *conn, course_id, 1).await?;
    }
    sqlx::query_scalar!(
        r#"INSERT INTO registrations (course_id, teacher_id, status, channel, school_id,
                                      admitted_at, created_by)
           VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN clock_timestamp() END, $7)
           RETURNING id"#,
        course_id,
        who.teacher_id,
        if admitted {
            RegistrationStatus::Admitted
        } else {
            RegistrationStatus::Waitlisted
        }
        .as_str(),
        channel.as_str(),
        who.school_id,
        admitted,
        actor
    )
    .fetch_one(conn)
    .await
}

/// Moves `admitted_count` by `delta`; the column's CHECK refuses going over
/// the capacity or below zero.
async fn take_seat(conn: &mut PgConnection, course_id: Uuid, delta: i32) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE courses SET admitted_count = admitted_count + $2 WHERE id = $1",
        course_id,
        delta
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Admits a waitlisted registration, taking a seat.
pub async fn admit(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<()> {
    let course_id = sqlx::query_scalar!(
        r#"UPDATE registrations SET status = 'admitted', admitted_at = clock_timestamp()
            WHERE id = $1 AND status = 'waitlisted' RETURNING course_id"#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    take_seat(conn, course_id, 1).await
}

/// Ends a live registration (read under the course lock); an admitted one
/// frees its seat.
pub async fn end(
    conn: &mut PgConnection,
    registration: &RegistrationRow,
    to: RegistrationStatus,
    reason: Option<&str>,
    actor: Option<Uuid>,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"UPDATE registrations
              SET status = $2, ended_at = clock_timestamp(), end_reason = $3, ended_by = $4
            WHERE id = $1 AND status IN ('admitted', 'waitlisted')"#,
        registration.id,
        to.as_str(),
        reason,
        actor
    )
    .execute(&mut *conn)
    .await?;
    if registration.status == RegistrationStatus::Admitted {
        take_seat(conn, registration.course_id, -1).await?;
    }
    Ok(())
}
