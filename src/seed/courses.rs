//! Seeding of course reference data (code lists) and of the demo's review
//! delegation and courses. Demo courses go through the same workflow
//! functions as the API, so they carry codes, transitions and audit rows.

use anyhow::{bail, Context};
use serde::Deserialize;
use sqlx::PgConnection;
use time::{Duration, OffsetDateTime, Time};

use crate::{
    authz::Granted,
    courses::{
        self, delegations,
        fields::{self, CourseMode, Draft, Session},
        sql as course_sql, ReviewDecision,
    },
    request::RequestContext,
    taipei::TAIPEI,
    units,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSeed {
    list: String,
    code: String,
    name: String,
    name_en: String,
}

/// A delegation of course review, created unless the authority has ever had
/// one (so a delegation an operator ended stays ended).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegationSeed {
    authority: String,
    delegate: String,
    note: Option<String>,
}

/// A demo course, dated relative to the day of seeding.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseSeed {
    organizer: String,
    title: String,
    #[serde(default)]
    description: String,
    nature: String,
    category: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    stages: Vec<String>,
    mode: String,
    venue: Option<String>,
    url: Option<String>,
    /// Days from the seeding day to the first session.
    starts_in_days: i64,
    /// Sessions on consecutive days, each `session_hours` long from 09:00.
    #[serde(default = "one")]
    sessions: i64,
    session_hours: i64,
    hours: f64,
    capacity: i32,
    /// draft, submitted, approved, returned or completed (held: approved,
    /// then marked as held; give a negative `starts_in_days`).
    state: String,
    reason: Option<String>,
}

fn one() -> i64 {
    1
}

/// Upserts the code lists; how many codes.
pub async fn upsert_codes(conn: &mut PgConnection, codes: &[CodeSeed]) -> anyhow::Result<usize> {
    for (i, c) in codes.iter().enumerate() {
        sqlx::query!(
            r#"INSERT INTO course_codes (list, code, name, name_en, sort_order)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (list, code) DO UPDATE
                  SET name = EXCLUDED.name, name_en = EXCLUDED.name_en,
                      sort_order = EXCLUDED.sort_order"#,
            c.list,
            c.code,
            c.name,
            c.name_en,
            i as i32,
        )
        .execute(&mut *conn)
        .await
        .with_context(|| format!("seeding course code {}/{}", c.list, c.code))?;
    }
    Ok(codes.len())
}

async fn unit(conn: &mut PgConnection, code: &str) -> anyhow::Result<units::UnitRow> {
    units::find_by_code(&mut *conn, code)
        .await?
        .with_context(|| format!("seed refers to unknown unit {code}"))
}

pub async fn seed_delegations(
    conn: &mut PgConnection,
    seeds: &[DelegationSeed],
    request: &RequestContext,
) -> anyhow::Result<usize> {
    let mut created = 0;
    for d in seeds {
        let authority = unit(conn, &d.authority).await?;
        let delegate = unit(conn, &d.delegate).await?;
        let ever = sqlx::query_scalar!(
            "SELECT count(*) AS \"n!\" FROM review_delegations WHERE authority_id = $1",
            authority.id
        )
        .fetch_one(&mut *conn)
        .await?;
        if ever > 0 {
            continue;
        }
        if let Err(errors) = delegations::create(
            conn,
            request,
            authority.id,
            delegate.id,
            None,
            None,
            d.note.as_deref(),
        )
        .await?
        {
            bail!("seed delegation of {}: {errors:?}", d.authority);
        }
        created += 1;
    }
    Ok(created)
}

/// Creates the demo courses whose organizer has no course of that title.
pub async fn seed_courses(
    conn: &mut PgConnection,
    seeds: &[CourseSeed],
    request: &RequestContext,
) -> anyhow::Result<usize> {
    let known = course_sql::known_codes(conn).await?;
    let today = OffsetDateTime::now_utc().to_offset(TAIPEI).date();
    let mut created = 0;
    for c in seeds {
        let organizer = unit(conn, &c.organizer).await?;
        let exists = sqlx::query_scalar!(
            "SELECT count(*) AS \"n!\" FROM courses WHERE organizer_id = $1 AND title = $2",
            organizer.id,
            c.title
        )
        .fetch_one(&mut *conn)
        .await?;
        if exists > 0 {
            continue;
        }
        let first_day = today + Duration::days(c.starts_in_days);
        let sessions: Vec<Session> = (0..c.sessions)
            .map(|i| {
                let start = (first_day + Duration::days(i))
                    .with_time(Time::from_hms(9, 0, 0).unwrap_or(Time::MIDNIGHT))
                    .assume_offset(TAIPEI);
                Session {
                    starts_at: start,
                    ends_at: start + Duration::hours(c.session_hours),
                }
            })
            .collect();
        // Three days ago, or for a course in the past ten days before it.
        let opens = (today.with_time(Time::MIDNIGHT).assume_offset(TAIPEI) - Duration::days(3))
            .min(sessions[0].starts_at - Duration::days(10));
        let draft = Draft {
            title: c.title.clone(),
            description: c.description.clone(),
            nature: c.nature.clone(),
            category: c.category.clone(),
            tags: c.tags.clone(),
            audience_stages: c.stages.clone(),
            audience_counties: vec![],
            audience_roles: vec!["teacher".into()],
            mode: match c.mode.as_str() {
                "online" => CourseMode::Online,
                "hybrid" => CourseMode::Hybrid,
                _ => CourseMode::InPerson,
            },
            venue: c.venue.clone(),
            url: c.url.clone(),
            sessions: sessions.clone(),
            hours: c.hours,
            capacity: c.capacity,
            registration_opens_at: opens,
            registration_closes_at: sessions[0].starts_at - Duration::days(1),
            onsite_registration: true,
        };
        let f = fields::validate(&draft, &known)
            .map_err(|e| anyhow::anyhow!("demo course {}: {e:?}", c.title))?;
        let organizer = Granted::by_system(organizer);
        let id = courses::create(conn, &organizer, &f, request).await?;
        if c.state == "draft" {
            created += 1;
            continue;
        }
        let row = course_sql::find_by_id(&mut *conn, id)
            .await?
            .context("demo course vanished")?;
        let row = Granted::by_system(row);
        if let Err(m) = courses::submit(conn, &row, &f, Some("示範資料"), request).await? {
            bail!("demo course {} looks like a duplicate: {m:?}", c.title);
        }
        let decision = match c.state.as_str() {
            "submitted" => None,
            "approved" | "completed" => Some(ReviewDecision::Approve),
            "returned" => Some(ReviewDecision::Return),
            other => bail!("demo course {}: unknown state {other}", c.title),
        };
        if let Some(decision) = decision {
            let row = course_sql::find_by_id(&mut *conn, id)
                .await?
                .context("demo course vanished")?;
            let reviewer =
                units::find_by_id(&mut *conn, row.reviewer_id.unwrap_or(row.authority_id))
                    .await?
                    .context("demo course has no reviewer")?;
            let reviewer = Granted::by_system(reviewer);
            courses::decide(
                conn,
                &row,
                decision,
                c.reason.as_deref(),
                &reviewer,
                request,
                None,
            )
            .await?;
        }
        if c.state == "completed" {
            let row = course_sql::find_by_id(&mut *conn, id)
                .await?
                .context("demo course vanished")?;
            courses::complete(conn, &Granted::by_system(row), request).await?;
        }
        created += 1;
    }
    Ok(created)
}
