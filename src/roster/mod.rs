//! The annual teacher-roster campaign (每學年教師資料維護).
//!
//! Reminders: every instance checks every ten minutes (claiming each open
//! campaign with `FOR UPDATE SKIP LOCKED`, so one instance does it) and
//! writes to each unconfirmed school whose last campaign email is at least
//! `reminder_interval_days` (7 by default) old, until the deadline.
//!
//! A school gets at most one reminder per day (Taipei), whoever sends it:
//! [`claim_reminder`] records the day under `roster_reminders`' primary
//! key, so a second one is refused (by hand) or skipped (scheduled, or a
//! reminder to many schools), however requests race.
//!
//! Resolvers are in `graphql.rs`; each calls one function here, which
//! checks access, reads or writes in one transaction, and audits.

mod graphql;
mod rules;

pub use graphql::{RosterMutation, RosterQuery};

use sqlx::{PgConnection, PgExecutor, PgPool};
use time::{Date, Month};
use uuid::Uuid;

use self::graphql::{RosterCampaign, RosterProgress, RosterRemindersPayload, RosterSchool};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Operation, UnitTarget},
    error::{ApiError, ApiResult, ErrorCode, InputError},
    graphql::pagination::{Page, PageRequest},
    mail::{
        enqueue,
        outbox::recipients_of,
        templates::{Email, RosterOpened, RosterReminder},
        Links, Recipient,
    },
    refusal::Outcome,
    units::{self, OrgUnit, UnitRow},
};

pub use crate::taipei::today as today_in_taipei;

/// The outbox topic of a campaign's messages.
pub fn topic(school_year: i32) -> String {
    format!("roster:{school_year}")
}

fn roster_page(links: &Links, school_year: i32) -> String {
    links.page(&format!("/roster/{school_year}"))
}

/// A school and its name, to write to.
pub struct School {
    pub id: Uuid,
    pub name: String,
}

/// Writes the campaign's opening message to every email contact of
/// `schools`; how many messages.
pub async fn announce(
    conn: &mut PgConnection,
    schools: &[School],
    school_year: i32,
    deadline: Date,
    links: &Links,
) -> anyhow::Result<usize> {
    let ids: Vec<Uuid> = schools.iter().map(|s| s.id).collect();
    let names: std::collections::HashMap<Uuid, &str> =
        schools.iter().map(|s| (s.id, s.name.as_str())).collect();
    let recipients = recipients_of(&mut *conn, &ids).await?;
    write_to(conn, &recipients, school_year, links, |r| RosterOpened {
        recipient_name: r.name.clone(),
        unit_name: r
            .unit_id
            .and_then(|u| names.get(&u))
            .unwrap_or(&"")
            .to_string(),
        school_year,
        deadline: deadline.to_string(),
        console_url: roster_page(links, school_year),
    })
    .await
}

/// Writes a reminder to every email contact of one school; how many.
pub async fn remind(
    conn: &mut PgConnection,
    school: &School,
    school_year: i32,
    deadline: Date,
    links: &Links,
) -> anyhow::Result<usize> {
    let recipients = recipients_of(&mut *conn, &[school.id]).await?;
    let days_left = (deadline - today_in_taipei()).whole_days().max(0);
    write_to(conn, &recipients, school_year, links, |r| RosterReminder {
        recipient_name: r.name.clone(),
        unit_name: school.name.clone(),
        school_year,
        deadline: deadline.to_string(),
        days_left,
        console_url: roster_page(links, school_year),
    })
    .await
}

/// Queues `email(recipient)` for each recipient under the campaign's
/// topic (which the reminders' schedule reads); how many.
async fn write_to<E: Email>(
    conn: &mut PgConnection,
    recipients: &[Recipient],
    school_year: i32,
    links: &Links,
    email: impl Fn(&Recipient) -> E,
) -> anyhow::Result<usize> {
    let topic = topic(school_year);
    for r in recipients {
        enqueue(conn, r, Some(&topic), &email(r), &links.message_domain).await?;
    }
    Ok(recipients.len())
}

/// Most schools one `sendRosterReminders` may name.
pub const MAX_REMINDER_SCHOOLS: usize = 500;

/// Records that the school is reminded today (Taipei), in the caller's
/// transaction; false when it already was (nothing recorded).
pub async fn claim_reminder(
    conn: &mut PgConnection,
    unit_id: Uuid,
    school_year: i32,
    by: Option<Uuid>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"INSERT INTO roster_reminders (unit_id, sent_on, school_year, sent_by)
           VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, sent_on) DO NOTHING"#,
        unit_id,
        today_in_taipei(),
        school_year,
        by
    )
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Sends the reminders that are due now; how many messages. Safe to run on
/// every instance at once.
pub async fn send_due_reminders(pool: &PgPool, links: &Links) -> anyhow::Result<usize> {
    let mut tx = pool.begin().await?;
    let campaigns = sqlx::query!(
        r#"SELECT school_year, deadline, reminder_interval_days FROM roster_campaigns
            WHERE deadline >= $1
            FOR UPDATE SKIP LOCKED"#,
        today_in_taipei()
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut sent = 0;
    for c in campaigns {
        let due = sqlx::query_as!(
            School,
            r#"SELECT u.id, u.name FROM org_units u
                WHERE u.kind = 'school'
                  AND NOT EXISTS (SELECT 1 FROM roster_confirmations rc
                                   WHERE rc.unit_id = u.id AND rc.school_year = $1)
                  AND coalesce((SELECT max(o.created_at) FROM outbox o
                                 WHERE o.topic = $2 AND o.unit_id = u.id), '-infinity')
                      <= now() - make_interval(days => $3)
                ORDER BY u.code"#,
            c.school_year,
            topic(c.school_year),
            c.reminder_interval_days,
        )
        .fetch_all(&mut *tx)
        .await?;
        for school in &due {
            // Skipped when someone reminded the school by hand today.
            if claim_reminder(&mut tx, school.id, c.school_year, None).await? {
                sent += remind(&mut tx, school, c.school_year, c.deadline, links).await?;
            }
        }
    }
    tx.commit().await?;
    if sent > 0 {
        tracing::info!(messages = sent, "roster reminders queued");
    }
    Ok(sent)
}

/// The campaign of a school year, if it was opened.
async fn campaign(
    db: impl PgExecutor<'_>,
    school_year: i32,
) -> sqlx::Result<Option<RosterCampaign>> {
    sqlx::query_as!(
        RosterCampaign,
        "SELECT school_year, deadline, opened_at FROM roster_campaigns WHERE school_year = $1",
        school_year
    )
    .fetch_optional(db)
    .await
}

/// A school year's campaign, for a viewer who reads some unit's progress;
/// `None` when none was opened.
pub async fn find_campaign(
    access: &Access<'_>,
    school_year: i32,
) -> ApiResult<Option<RosterCampaign>> {
    access.user()?;
    access.require_scope(Operation::ReadRoster).await?;
    Ok(campaign(access.pool(), school_year).await?)
}

/// The schools of a campaign the viewer reads, unconfirmed first.
pub async fn schools(
    access: &Access<'_>,
    school_year: i32,
    first: Option<i32>,
    after: Option<String>,
) -> ApiResult<Page<RosterSchool>> {
    let scope = access.require_scope(Operation::ReadRoster).await?;
    let page = PageRequest::<(bool, String)>::new(first, after)?;
    let pool = access.pool();
    let rows = sqlx::query!(
        r#"SELECT u.id, u.code, rc.confirmed_at AS "confirmed_at?",
                  (SELECT max(o.created_at) FROM outbox o
                    WHERE o.topic = $5 AND o.unit_id = u.id) AS last_email_at
             FROM org_units u
             LEFT JOIN roster_confirmations rc ON rc.unit_id = u.id AND rc.school_year = $4
            WHERE u.kind = 'school'
              AND unit_in_scope(u.path, u.id, $1, $2, $3)
              AND ($6::bool IS NULL OR (rc.unit_id IS NOT NULL, u.code) > ($6, $7::text))
            ORDER BY rc.unit_id IS NOT NULL, u.code
            LIMIT $8"#,
        scope.all,
        &scope.subtrees,
        &scope.units,
        school_year,
        topic(school_year),
        page.after.as_ref().map(|a| a.0),
        page.after.as_ref().map(|a| a.1.as_str()),
        page.fetch_limit(),
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut units: std::collections::HashMap<Uuid, UnitRow> = units::find_by_ids(pool, &ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let progress = progress(access, school_year).await?;
    let rows = rows
        .into_iter()
        .filter_map(|r| {
            let unit = units.remove(&r.id)?;
            Some((
                (r.confirmed_at.is_some(), r.code),
                RosterSchool {
                    unit: OrgUnit(unit),
                    confirmed_at: r.confirmed_at,
                    last_email_at: r.last_email_at,
                },
            ))
        })
        .collect();
    Ok(page.connection(rows, progress.total))
}

/// How many of the schools the viewer reads confirmed their roster.
pub async fn progress(access: &Access<'_>, school_year: i32) -> ApiResult<RosterProgress> {
    let scope = access.require_scope(Operation::ReadRoster).await?;
    let row = sqlx::query!(
        r#"SELECT count(*) AS "total!", count(rc.unit_id) AS "confirmed!"
             FROM org_units u
             LEFT JOIN roster_confirmations rc ON rc.unit_id = u.id AND rc.school_year = $4
            WHERE u.kind = 'school'
              AND unit_in_scope(u.path, u.id, $1, $2, $3)"#,
        scope.all,
        &scope.subtrees,
        &scope.units,
        school_year,
    )
    .fetch_one(access.pool())
    .await?;
    Ok(RosterProgress {
        total: row.total,
        confirmed: row.confirmed,
        ratio: if row.total == 0 {
            0.0
        } else {
            row.confirmed as f64 / row.total as f64
        },
    })
}

fn reminded_today(name: &str) -> InputError {
    InputError::new(
        "unitId",
        ErrorCode::TooManyAttempts,
        format!(
            "{name} has already been reminded today; a school gets at most one reminder a day."
        ),
    )
}

/// The audit entry of a reminder written to one school.
fn reminded(school_year: i32, unit_id: Uuid, queued: usize) -> Entry {
    Entry::ok("roster.remind")
        .target("roster_campaign", school_year)
        .unit(unit_id)
        .detail(format!("{queued} messages"))
}

fn no_campaign(school_year: i32) -> InputError {
    InputError::new(
        "schoolYear",
        ErrorCode::NotFound,
        format!("No roster campaign is open for school year {school_year}."),
    )
}

/// A school in a campaign, granted `op` there.
async fn school(
    access: &Access<'_>,
    unit_id: Uuid,
    op: Operation,
) -> ApiResult<Result<Granted<UnitRow>, InputError>> {
    let Some(unit) = access.fetch::<UnitRow>(unit_id, op).await? else {
        return Ok(Err(InputError::new(
            "unitId",
            ErrorCode::NotFound,
            "No unit has this id.",
        )));
    };
    if !unit.is_school() {
        return Ok(Err(InputError::new(
            "unitId",
            ErrorCode::InvalidFormat,
            format!(
                "{} is not a school; only schools take part in the roster campaign.",
                unit.name
            ),
        )));
    }
    Ok(Ok(unit))
}

async fn school_state(
    db: impl PgExecutor<'_>,
    unit: UnitRow,
    school_year: i32,
) -> sqlx::Result<RosterSchool> {
    let row = sqlx::query!(
        r#"SELECT (SELECT confirmed_at FROM roster_confirmations
                    WHERE unit_id = $1 AND school_year = $2) AS confirmed_at,
                  (SELECT max(created_at) FROM outbox WHERE topic = $3 AND unit_id = $1) AS last_email_at"#,
        unit.id,
        school_year,
        topic(school_year),
    )
    .fetch_one(db)
    .await?;
    Ok(RosterSchool {
        unit: OrgUnit(unit),
        confirmed_at: row.confirmed_at,
        last_email_at: row.last_email_at,
    })
}

/// Opens the campaign of a school year (network-wide) and writes to every
/// school's email contacts; the campaign and how many messages.
pub async fn open_campaign(
    access: &Access<'_>,
    school_year: i32,
    deadline: Date,
) -> ApiResult<Outcome<(RosterCampaign, usize)>> {
    access.user()?;
    access
        .require(
            Operation::OpenRosterCampaign,
            &UnitTarget::network(),
            "the whole network",
        )
        .await?;
    if !(100..=200).contains(&school_year) {
        return Ok(Err(vec![InputError::new(
            "schoolYear",
            ErrorCode::OutOfRange,
            format!("{school_year} is not an ROC school year (e.g. 115 for 2026–2027)."),
        )]));
    }
    let first_day = Date::from_calendar_date(1911 + school_year, Month::August, 1)
        .map_err(|e| ApiError::from(anyhow::anyhow!(e)))?;
    let last_day = Date::from_calendar_date(1912 + school_year, Month::July, 31)
        .map_err(|e| ApiError::from(anyhow::anyhow!(e)))?;
    let today = today_in_taipei();
    if deadline < today || deadline < first_day || deadline > last_day {
        return Ok(Err(vec![InputError::new(
            "deadline",
            ErrorCode::OutOfRange,
            format!(
                "The deadline must be today ({today}) or later, within school year {school_year} \
                 ({first_day} to {last_day})."
            ),
        )]));
    }
    let mut tx = access.pool().begin().await?;
    let opened = sqlx::query!(
        r#"INSERT INTO roster_campaigns (school_year, deadline, opened_by) VALUES ($1, $2, $3)
               ON CONFLICT (school_year) DO NOTHING RETURNING opened_at"#,
        school_year,
        deadline,
        access.viewer().user_id(),
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(opened) = opened else {
        return Ok(Err(vec![InputError::new(
            "schoolYear",
            ErrorCode::AlreadyExists,
            format!("The campaign of school year {school_year} is already open."),
        )]));
    };
    let schools = sqlx::query_as!(
        School,
        "SELECT id, name FROM org_units WHERE kind = 'school' ORDER BY code"
    )
    .fetch_all(&mut *tx)
    .await?;
    let queued = announce(
        &mut tx,
        &schools,
        school_year,
        deadline,
        &Links::of(&access.state().settings),
    )
    .await?;
    audit::record(
        &mut *tx,
        access.request(),
        Entry::ok("roster.open")
            .target("roster_campaign", school_year)
            .set("deadline", &deadline.to_string())
            .detail(format!("{} schools, {queued} messages", schools.len())),
    )
    .await?;
    tx.commit().await?;
    let campaign = RosterCampaign {
        school_year,
        deadline,
        opened_at: opened.opened_at,
    };
    Ok(Ok((campaign, queued)))
}

/// Records that a school confirmed its roster for the school year (once;
/// confirming again changes nothing and is not audited again); the
/// school's state in the campaign.
pub async fn confirm_roster(
    access: &Access<'_>,
    unit_id: Uuid,
    school_year: i32,
) -> ApiResult<Outcome<RosterSchool>> {
    let unit = match school(access, unit_id, Operation::ConfirmRoster).await? {
        Ok(u) => u,
        Err(e) => return Ok(Err(vec![e])),
    };
    if campaign(access.pool(), school_year).await?.is_none() {
        return Ok(Err(vec![no_campaign(school_year)]));
    }
    let mut tx = access.pool().begin().await?;
    let inserted = sqlx::query!(
        r#"INSERT INTO roster_confirmations (unit_id, school_year, confirmed_by) VALUES ($1, $2, $3)
               ON CONFLICT (unit_id, school_year) DO NOTHING"#,
        unit.id,
        school_year,
        access.viewer().user_id(),
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        audit::record(
            &mut *tx,
            access.request(),
            Entry::ok("roster.confirm")
                .target("roster_campaign", school_year)
                .unit(unit.id),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(school_state(
        access.pool(),
        unit.into_inner(),
        school_year,
    )
    .await?))
}

/// Writes a reminder to one unconfirmed school's email contacts now; the
/// school's state in the campaign and how many messages.
pub async fn remind_school(
    access: &Access<'_>,
    unit_id: Uuid,
    school_year: i32,
) -> ApiResult<Outcome<(RosterSchool, usize)>> {
    let unit = match school(access, unit_id, Operation::RemindRoster).await? {
        Ok(u) => u,
        Err(e) => return Ok(Err(vec![e])),
    };
    let Some(c) = campaign(access.pool(), school_year).await? else {
        return Ok(Err(vec![no_campaign(school_year)]));
    };
    let state = school_state(access.pool(), (*unit).clone(), school_year).await?;
    if let Err(e) = state.check_remind(school_year) {
        return Ok(Err(vec![e]));
    }
    let mut tx = access.pool().begin().await?;
    if !claim_reminder(&mut tx, unit.id, school_year, access.viewer().user_id()).await? {
        return Ok(Err(vec![reminded_today(&unit.name)]));
    }
    let queued = remind(
        &mut tx,
        &School {
            id: unit.id,
            name: unit.name.clone(),
        },
        school_year,
        c.deadline,
        &Links::of(&access.state().settings),
    )
    .await?;
    if queued == 0 {
        return Ok(Err(vec![InputError::new(
            "unitId",
            ErrorCode::NotFound,
            format!(
                "No contact of {} receives email; add one on its contact page.",
                unit.name
            ),
        )]));
    }
    let entry = reminded(school_year, unit.id, queued);
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    let state = school_state(access.pool(), unit.into_inner(), school_year).await?;
    Ok(Ok((state, queued)))
}

/// Writes a reminder to each named school that has not confirmed its
/// roster and has not been reminded today; the others are skipped and
/// counted. Every school is authorized before anything is written.
pub async fn remind_schools(
    access: &Access<'_>,
    unit_ids: Vec<Uuid>,
    school_year: i32,
) -> ApiResult<Outcome<RosterRemindersPayload>> {
    access.user()?;
    if unit_ids.len() > MAX_REMINDER_SCHOOLS {
        return Ok(Err(vec![InputError::new(
            "unitIds",
            ErrorCode::TooLong,
            format!("At most {MAX_REMINDER_SCHOOLS} schools per request."),
        )
        .param("max", MAX_REMINDER_SCHOOLS)]));
    }
    let Some(c) = campaign(access.pool(), school_year).await? else {
        return Ok(Err(vec![no_campaign(school_year)]));
    };
    let mut ids = unit_ids;
    ids.sort_unstable();
    ids.dedup();
    let mut schools = Vec::with_capacity(ids.len());
    for id in ids {
        match school(access, id, Operation::RemindRoster).await? {
            Ok(u) => schools.push(u),
            Err(e) => return Ok(Err(vec![e])),
        }
    }
    let links = Links::of(&access.state().settings);
    let mut out = RosterRemindersPayload::default();
    let mut tx = access.pool().begin().await?;
    for unit in schools {
        let confirmed = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM roster_confirmations
                                   WHERE unit_id = $1 AND school_year = $2) AS "e!""#,
            unit.id,
            school_year
        )
        .fetch_one(&mut *tx)
        .await?;
        if confirmed {
            out.confirmed_count += 1;
            continue;
        }
        // A savepoint, so a school without contacts leaves no claim.
        let mut sp = sqlx::Connection::begin(&mut *tx).await?;
        if !claim_reminder(&mut sp, unit.id, school_year, access.viewer().user_id()).await? {
            out.already_reminded_count += 1;
            continue;
        }
        let school = School {
            id: unit.id,
            name: unit.name.clone(),
        };
        let queued = remind(&mut sp, &school, school_year, c.deadline, &links).await?;
        if queued == 0 {
            out.no_contact_count += 1;
            continue;
        }
        sp.commit().await?;
        out.reminded_count += 1;
        out.messages_queued += queued as i32;
        let entry = reminded(school_year, unit.id, queued);
        audit::record(&mut *tx, access.request(), entry).await?;
    }
    tx.commit().await?;
    Ok(Ok(out))
}
