//! Seeding of demo registrations and, for held courses, hours granted,
//! through the same data layer and ledger as the API (no email: seeded
//! registrations are history, not news).

use anyhow::Context;
use serde::Deserialize;
use sqlx::PgConnection;

use crate::{
    authz::Granted,
    courses::sql as course_sql,
    hours::{self, Candidate},
    registrations::{sql as registration_sql, Channel},
    request::RequestContext,
    teachers::personal_code::PersonalCode,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationSeed {
    /// The demo course's title.
    course: String,
    /// The demo teacher's name.
    teacher: String,
    /// Hours to grant (for a course that has started).
    hours: Option<f64>,
}

/// Registers the demo teachers (skipping those already registered) and
/// grants the hours given; (registrations, grants) created.
pub async fn seed_registrations(
    conn: &mut PgConnection,
    seeds: &[RegistrationSeed],
    request: &RequestContext,
) -> anyhow::Result<(usize, usize)> {
    let (mut registered, mut granted) = (0, 0);
    for s in seeds {
        let course_id = sqlx::query_scalar!("SELECT id FROM courses WHERE title = $1", s.course)
            .fetch_one(&mut *conn)
            .await
            .with_context(|| format!("demo registration: no course {}", s.course))?;
        let (teacher_id, code) = sqlx::query!(
            "SELECT id, personal_code FROM teachers WHERE name = $1",
            s.teacher
        )
        .fetch_one(&mut *conn)
        .await
        .map(|r| (r.id, r.personal_code))
        .with_context(|| format!("demo registration: no teacher {}", s.teacher))?;
        let course = course_sql::lock(conn, course_id)
            .await?
            .context("demo course vanished")?;
        if registration_sql::live_of(&mut *conn, course_id, teacher_id)
            .await?
            .is_none()
        {
            let who = registration_sql::registrant(&mut *conn, teacher_id)
                .await?
                .context("demo teacher vanished")?;
            let admitted = course.admitted_count < course.capacity;
            registration_sql::insert(conn, course_id, &who, Channel::Organizer, admitted, None)
                .await?;
            registered += 1;
        }
        let Some(h) = s.hours else { continue };
        let course = course_sql::find_by_id(&mut *conn, course_id)
            .await?
            .context("demo course vanished")?;
        let course = Granted::by_system(course);
        let candidate = Candidate {
            line: 1,
            code: PersonalCode::parse(&code).ok(),
            code_text: code,
            half_hours: crate::half_hours::HalfHours::from_hours(h).map(|h| h.as_i32()),
            reason: None,
            errors: vec![],
        };
        let evaluated = hours::evaluate(conn, &course, vec![candidate]).await?;
        if let Some(e) = evaluated
            .iter()
            .find(|e| e.outcome == hours::Outcome::Error)
        {
            anyhow::bail!(
                "demo hours for {} at {}: {:?}",
                s.teacher,
                s.course,
                e.row.errors
            );
        }
        granted += hours::apply(conn, &course, &evaluated, "single", request)
            .await?
            .0;
    }
    Ok((registered, granted))
}
