//! Queries on courses and what hangs off them.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    fields::{CourseFields, CourseMode, KnownCodes, Session},
    CourseStatus,
};
use crate::{
    authz::{Scope, UnitTarget},
    half_hours::HalfHours,
};

/// One course, with its organizer's path and its reviewer (computed from the
/// routing data at read time).
#[derive(Clone, Debug)]
pub struct CourseRow {
    pub id: Uuid,
    pub code: Option<i32>,
    pub organizer_id: Uuid,
    pub organizer_path: String,
    /// The organizer's name, for messages.
    pub organizer_name: String,
    pub title: String,
    pub description: String,
    pub nature: String,
    pub category: String,
    pub tags: Vec<String>,
    pub audience_stages: Vec<String>,
    pub audience_counties: Vec<String>,
    pub audience_roles: Vec<String>,
    pub mode: CourseMode,
    pub venue: Option<String>,
    pub url: Option<String>,
    pub half_hours: i32,
    pub capacity: i32,
    pub admitted_count: i32,
    pub registration_opens_at: OffsetDateTime,
    pub registration_closes_at: OffsetDateTime,
    pub onsite_registration: bool,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub status: CourseStatus,
    pub submitted_at: Option<OffsetDateTime>,
    pub duplicate_reason: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub approved_at: Option<OffsetDateTime>,
    /// Shown to everyone (`course_is_public`): approved, held, or cancelled
    /// after approval.
    pub is_public: bool,
    /// The competent authority whose review the course needs.
    pub authority_id: Uuid,
    /// Who reviews it now (while submitted) or who decided it.
    pub reviewer_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl CourseRow {
    pub fn organizer(&self) -> UnitTarget {
        UnitTarget {
            id: self.organizer_id,
            path: self.organizer_path.clone(),
        }
    }

    /// Where it is held: the venue, or the URL of an online course.
    pub fn place(&self) -> &str {
        self.venue.as_deref().or(self.url.as_deref()).unwrap_or("")
    }
}

/// `SELECT`s `CourseRow`s; `$tail` adds the `WHERE` clause (and a lock).
macro_rules! select_courses {
    ($tail:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            CourseRow,
            r#"SELECT c.id, c.code, c.organizer_id, o.path::text AS "organizer_path!",
                      o.name AS organizer_name, c.title,
                      c.description, c.nature, c.category, c.tags, c.audience_stages,
                      c.audience_counties, c.audience_roles, c.mode AS "mode: CourseMode", c.venue,
                      c.url, c.half_hours,
                      c.capacity, c.admitted_count, c.registration_opens_at,
                      c.registration_closes_at, c.onsite_registration, c.starts_at, c.ends_at,
                      c.status AS "status: CourseStatus", c.submitted_at, c.duplicate_reason, c.decided_at, c.approved_at,
                      course_is_public(c.status, c.approved_at) AS "is_public!",
                      review_authority_of(c.organizer_id) AS "authority_id!",
                      course_reviewer(c.organizer_id, c.status, c.decided_by_unit_id) AS reviewer_id,
                      c.created_at, c.updated_at
                 FROM courses c JOIN org_units o ON o.id = c.organizer_id
            "# + $tail
            $(, $arg)*
        )
    };
}

pub async fn find_by_ids(db: impl PgExecutor<'_>, ids: &[Uuid]) -> sqlx::Result<Vec<CourseRow>> {
    select_courses!("WHERE c.id = ANY($1)", ids)
        .fetch_all(db)
        .await
}

pub async fn find_by_id(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<CourseRow>> {
    Ok(find_by_ids(db, &[id]).await?.pop())
}

pub async fn id_by_code(db: impl PgExecutor<'_>, code: i32) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("SELECT id FROM courses WHERE code = $1", code)
        .fetch_optional(db)
        .await
}

/// Locks a course for a state change and reads it. `FOR UPDATE` returns the
/// row as the transaction that held the lock left it, so the read is current.
pub async fn lock(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<CourseRow>> {
    select_courses!("WHERE c.id = $1 FOR UPDATE OF c", id)
        .fetch_optional(conn)
        .await
}

pub async fn sessions_of(
    db: impl PgExecutor<'_>,
    course_ids: &[Uuid],
) -> sqlx::Result<Vec<(Uuid, Session)>> {
    Ok(sqlx::query!(
        r#"SELECT course_id, starts_at, ends_at FROM course_sessions
            WHERE course_id = ANY($1) ORDER BY course_id, position"#,
        course_ids
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| {
        (
            r.course_id,
            Session {
                starts_at: r.starts_at,
                ends_at: r.ends_at,
            },
        )
    })
    .collect())
}

/// The codes and counties input may name.
pub async fn known_codes(conn: &mut PgConnection) -> sqlx::Result<KnownCodes> {
    let codes = sqlx::query!("SELECT list, code FROM course_codes")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.list, r.code))
        .collect();
    let counties = sqlx::query_scalar!(
        r#"SELECT county_code AS "county_code!" FROM org_units
            WHERE kind = 'county_bureau' AND county_code IS NOT NULL"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    Ok(KnownCodes { codes, counties })
}

/// Writes a course's fields and replaces its sessions.
pub async fn write_fields(conn: &mut PgConnection, id: Uuid, f: &CourseFields) -> sqlx::Result<()> {
    sqlx::query!(
        r#"UPDATE courses SET title = $2, description = $3, nature = $4, category = $5,
                  tags = $6, audience_stages = $7, audience_counties = $8, audience_roles = $9,
                  mode = $10, venue = $11, url = $12, half_hours = $13, capacity = $14,
                  registration_opens_at = $15, registration_closes_at = $16,
                  onsite_registration = $17, starts_at = $18, ends_at = $19
            WHERE id = $1"#,
        id,
        f.title,
        f.description,
        f.nature,
        f.category,
        &f.tags,
        &f.audience_stages,
        &f.audience_counties,
        &f.audience_roles,
        f.mode.as_str(),
        f.venue,
        f.url,
        f.hours.as_i32(),
        f.capacity,
        f.registration_opens_at,
        f.registration_closes_at,
        f.onsite_registration,
        f.starts_at(),
        f.ends_at(),
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM course_sessions WHERE course_id = $1", id)
        .execute(&mut *conn)
        .await?;
    let starts: Vec<OffsetDateTime> = f.sessions.iter().map(|s| s.starts_at).collect();
    let ends: Vec<OffsetDateTime> = f.sessions.iter().map(|s| s.ends_at).collect();
    sqlx::query!(
        r#"INSERT INTO course_sessions (course_id, position, starts_at, ends_at)
           SELECT $1, (n - 1)::int, s, e
             FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS t(s, e, n)"#,
        id,
        &starts,
        &ends,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Creates a draft course; returns its id.
pub async fn insert(
    conn: &mut PgConnection,
    organizer_id: Uuid,
    f: &CourseFields,
    created_by: Option<Uuid>,
) -> sqlx::Result<Uuid> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO courses (organizer_id, title, nature, category, mode, half_hours,
                                capacity, registration_opens_at, registration_closes_at,
                                starts_at, ends_at, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"#,
        organizer_id,
        f.title,
        f.nature,
        f.category,
        f.mode.as_str(),
        f.hours.as_i32(),
        f.capacity,
        f.registration_opens_at,
        f.registration_closes_at,
        f.starts_at(),
        f.ends_at(),
        created_by,
    )
    .fetch_one(&mut *conn)
    .await?;
    write_fields(conn, id, f).await?;
    Ok(id)
}

/// A course's fields as stored, for snapshots and re-validation.
pub fn fields_of(row: &CourseRow, sessions: Vec<Session>) -> CourseFields {
    CourseFields {
        title: row.title.clone(),
        description: row.description.clone(),
        nature: row.nature.clone(),
        category: row.category.clone(),
        tags: row.tags.clone(),
        audience_stages: row.audience_stages.clone(),
        audience_counties: row.audience_counties.clone(),
        audience_roles: row.audience_roles.clone(),
        mode: row.mode,
        venue: row.venue.clone(),
        url: row.url.clone(),
        sessions,
        hours: HalfHours::from(row.half_hours),
        capacity: row.capacity,
        registration_opens_at: row.registration_opens_at,
        registration_closes_at: row.registration_closes_at,
        onsite_registration: row.onsite_registration,
    }
}

/// Records a state change (docs/design.md §4 Workflows).
#[allow(clippy::too_many_arguments)]
pub async fn record_transition(
    conn: &mut PgConnection,
    course_id: Uuid,
    from: Option<CourseStatus>,
    to: CourseStatus,
    actor: Option<(Uuid, &str)>,
    reviewer_unit_id: Option<Uuid>,
    reason: Option<&str>,
    snapshot: Option<serde_json::Value>,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"INSERT INTO course_transitions (course_id, from_status, to_status, actor_id,
                                           actor_login, reviewer_unit_id, reason, snapshot)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        course_id,
        from.map(CourseStatus::as_str),
        to.as_str(),
        actor.map(|a| a.0),
        actor.map(|a| a.1),
        reviewer_unit_id,
        reason,
        snapshot,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The lists' filter, as SQL parameters.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub statuses: Option<Vec<CourseStatus>>,
    pub organizer_id: Option<Uuid>,
    pub reviewer_id: Option<Uuid>,
    pub county_code: Option<String>,
    pub stage: Option<String>,
    pub tag: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    /// A LIKE pattern, already escaped.
    pub search: Option<String>,
    pub search_code: Option<i32>,
    pub registration_open: Option<bool>,
    /// Only what waits for review (the review queue).
    pub pending_only: bool,
}

/// Where the viewer sees non-public courses: by organizer (`course read`)
/// and by reviewing unit (`course review`).
pub struct Visibility {
    pub read: Scope,
    pub review: Scope,
}

/// Where to start and which way to go.
pub struct Window {
    pub ascending: bool,
    /// Sort key (time, id) of the last row of the previous page.
    pub after: Option<(OffsetDateTime, Uuid)>,
    pub limit: i64,
    /// Sort by submission time (the queue) instead of start time.
    pub by_submission: bool,
}

/// The ids of one page of a course list, and how many match in all. One
/// statement: the matching set is computed once for both.
pub async fn list(
    db: impl PgExecutor<'_>,
    v: &Visibility,
    f: &ListFilter,
    w: &Window,
) -> sqlx::Result<(i64, Vec<Uuid>)> {
    let statuses: Option<Vec<String>> = f
        .statuses
        .as_ref()
        .map(|s| s.iter().map(|s| s.as_str().to_owned()).collect());
    let row = sqlx::query!(
        r#"WITH matching AS (
               SELECT c.id, CASE WHEN $23 THEN c.submitted_at ELSE c.starts_at END AS sort_at
                 FROM courses c
                 JOIN org_units o ON o.id = c.organizer_id
                 LEFT JOIN LATERAL (
                     SELECT r.id, r.path FROM org_units r
                      WHERE (c.status = 'submitted' OR c.decided_by_unit_id IS NOT NULL)
                        AND r.id = course_reviewer(c.organizer_id, c.status, c.decided_by_unit_id)
                 ) rv ON true
                WHERE (course_is_public(c.status, c.approved_at) OR unit_in_scope(o.path, o.id, $1, $2, $3)
                       OR (rv.id IS NOT NULL AND unit_in_scope(rv.path, rv.id, $4, $5, $6)))
                  AND ($7::text[] IS NULL OR c.status = ANY($7))
                  AND ($8::uuid IS NULL OR c.organizer_id = $8)
                  AND ($9::uuid IS NULL OR rv.id = $9)
                  AND ($10::text IS NULL OR o.county_code = $10)
                  AND ($11::text IS NULL OR $11 = ANY(c.audience_stages)
                       OR c.audience_stages = '{}')
                  AND ($12::text IS NULL OR $12 = ANY(c.tags))
                  AND ($13::timestamptz IS NULL OR c.ends_at >= $13)
                  AND ($14::timestamptz IS NULL OR c.starts_at <= $14)
                  AND ($15::text IS NULL OR c.title ILIKE $15 OR c.description ILIKE $15
                       OR c.code = $16)
                  AND ($17::bool IS NULL OR $17 = (c.status = 'approved'
                       AND now() >= c.registration_opens_at AND now() < c.registration_closes_at))
                  AND (NOT $18 OR (c.status = 'submitted' AND rv.id IS NOT NULL
                       AND unit_in_scope(rv.path, rv.id, $4, $5, $6)))
           ),
           page AS (
               SELECT id, sort_at FROM matching
                WHERE $19::timestamptz IS NULL
                   OR ($20 AND (sort_at, id) > ($19, $21::uuid))
                   OR (NOT $20 AND (sort_at, id) < ($19, $21::uuid))
                ORDER BY CASE WHEN $20 THEN sort_at END ASC,
                         CASE WHEN $20 THEN id END ASC,
                         CASE WHEN NOT $20 THEN sort_at END DESC,
                         CASE WHEN NOT $20 THEN id END DESC
                LIMIT $22
           )
           SELECT (SELECT count(*) FROM matching) AS "total!",
                  array(SELECT id FROM page
                         ORDER BY CASE WHEN $20 THEN sort_at END ASC,
                                  CASE WHEN $20 THEN id END ASC,
                                  CASE WHEN NOT $20 THEN sort_at END DESC,
                                  CASE WHEN NOT $20 THEN id END DESC) AS "ids!"
           "#,
        v.read.all,
        &v.read.subtrees,
        &v.read.units,
        v.review.all,
        &v.review.subtrees,
        &v.review.units,
        statuses.as_deref(),
        f.organizer_id,
        f.reviewer_id,
        f.county_code,
        f.stage,
        f.tag,
        f.from,
        f.to,
        f.search,
        f.search_code,
        f.registration_open,
        f.pending_only,
        w.after.map(|a| a.0),
        w.ascending,
        w.after.map(|a| a.1),
        w.limit,
        w.by_submission,
    )
    .fetch_one(db)
    .await?;
    Ok((row.total, row.ids))
}
