//! GraphQL of the roster campaign.

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use super::{
    announce, claim_reminder, remind, today_in_taipei, topic, School, MAX_REMINDER_SCHOOLS,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Operation, UnitTarget},
    error::{ApiError, ApiResult, ErrorCode, InputError, Payload},
    graphql::pagination::{Page, PageRequest},
    mail::Links,
    payloads,
    units::{self, OrgUnit, UnitRow},
};

/// A school year's campaign.
pub struct RosterCampaign {
    school_year: i32,
    deadline: Date,
    opened_at: OffsetDateTime,
}

/// One school's state in a campaign.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct RosterSchool {
    pub unit: OrgUnit,
    pub confirmed_at: Option<OffsetDateTime>,
    /// When the school's contacts were last written to about this campaign.
    pub last_email_at: Option<OffsetDateTime>,
}

/// What the viewer may do in a campaign as a whole.
#[derive(SimpleObject)]
pub struct RosterCampaignPermissions {
    /// Follow many schools' progress: the viewer reads the campaign of a
    /// subtree or of the whole network, not only of their own school.
    pub follow_progress: bool,
    /// Send reminders to some of the schools (`sendRosterReminder`).
    pub remind: bool,
}

/// What the viewer may do for one school of a campaign.
#[derive(SimpleObject)]
pub struct RosterSchoolPermissions {
    /// Send this school a reminder now: it has not confirmed, and the viewer
    /// may remind it.
    pub remind: bool,
}

#[ComplexObject]
impl RosterSchool {
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<RosterSchoolPermissions> {
        let access = Access::of(ctx)?;
        Ok(RosterSchoolPermissions {
            remind: self.may_be_reminded()
                && access.can(Operation::RemindRoster, &self.unit.0.target()),
        })
    }
}

#[derive(SimpleObject)]
pub struct RosterProgress {
    /// Schools in the viewer's scope.
    pub total: i64,
    pub confirmed: i64,
    /// confirmed / total, 0 when there are no schools.
    pub ratio: f64,
}

#[Object]
impl RosterCampaign {
    /// ROC school year, e.g. 115.
    async fn school_year(&self) -> i32 {
        self.school_year
    }
    async fn deadline(&self) -> Date {
        self.deadline
    }
    async fn opened_at(&self) -> OffsetDateTime {
        self.opened_at
    }
    /// The schools the viewer governs, unconfirmed first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn schools(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<RosterSchool>> {
        let access = Access::of(ctx)?;
        let scope = access.require_scope(Operation::ReadRoster).await?;
        let page = PageRequest::<(bool, String)>::new(first, after)?;
        let pool = access.pool();
        let rows = sqlx::query!(
            r#"SELECT u.id, u.code, u.name, u.kind, u.parent_id, u.path::text AS "path!",
                      u.county_code, u.district, u.education_stage, u.competent_authority_id,
                      u.contacts_confirmed_at, rc.confirmed_at AS "confirmed_at?",
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
            self.school_year,
            topic(self.school_year),
            page.after.as_ref().map(|a| a.0),
            page.after.as_ref().map(|a| a.1.as_str()),
            page.fetch_limit(),
        )
        .fetch_all(pool)
        .await?;
        let progress = progress(&access, self.school_year).await?;
        let rows = rows
            .into_iter()
            .map(|r| {
                let key = (r.confirmed_at.is_some(), r.code.clone());
                let unit = units::UnitRow {
                    id: r.id,
                    code: r.code,
                    name: r.name,
                    kind: r.kind,
                    parent_id: r.parent_id,
                    path: r.path,
                    county_code: r.county_code,
                    district: r.district,
                    education_stage: r.education_stage,
                    competent_authority_id: r.competent_authority_id,
                    contacts_confirmed_at: r.contacts_confirmed_at,
                };
                (
                    key,
                    RosterSchool {
                        unit: OrgUnit(unit),
                        confirmed_at: r.confirmed_at,
                        last_email_at: r.last_email_at,
                    },
                )
            })
            .collect();
        Ok(page.connection(rows, progress.total))
    }
    async fn progress(&self, ctx: &Context<'_>) -> ApiResult<RosterProgress> {
        progress(&Access::of(ctx)?, self.school_year).await
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<RosterCampaignPermissions> {
        let access = Access::of(ctx)?;
        let read = access.scope(Operation::ReadRoster);
        Ok(RosterCampaignPermissions {
            follow_progress: read.all || !read.subtrees.is_empty(),
            remind: !access.scope(Operation::RemindRoster).is_empty(),
        })
    }
}

async fn progress(access: &Access<'_>, school_year: i32) -> ApiResult<RosterProgress> {
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

#[derive(SimpleObject, Default)]
pub struct RosterCampaignPayload {
    pub campaign: Option<RosterCampaign>,
    /// Messages written to the outbox.
    pub messages_queued: i32,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject, Default)]
pub struct RosterConfirmationPayload {
    pub school: Option<RosterSchool>,
    pub messages_queued: i32,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

/// What a reminder to many schools did.
#[derive(SimpleObject, Default)]
pub struct RosterRemindersPayload {
    pub messages_queued: i32,
    /// Schools written to now.
    pub reminded_count: i32,
    /// Schools skipped: already reminded today (one reminder per school per day).
    pub already_reminded_count: i32,
    /// Schools skipped: their roster is confirmed.
    pub confirmed_count: i32,
    /// Schools skipped: no contact receives email.
    pub no_contact_count: i32,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(
    RosterCampaignPayload,
    RosterConfirmationPayload,
    RosterRemindersPayload
);

fn reminded_today(name: &str) -> InputError {
    InputError::new(
        "unitId",
        ErrorCode::TooManyAttempts,
        format!(
            "{name} has already been reminded today; a school gets at most one reminder a day."
        ),
    )
}

async fn campaign(access: &Access<'_>, school_year: i32) -> ApiResult<Option<RosterCampaign>> {
    Ok(sqlx::query_as!(
        RosterCampaign,
        "SELECT school_year, deadline, opened_at FROM roster_campaigns WHERE school_year = $1",
        school_year
    )
    .fetch_optional(access.pool())
    .await?)
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
    access: &Access<'_>,
    unit: units::UnitRow,
    school_year: i32,
) -> ApiResult<RosterSchool> {
    let row = sqlx::query!(
        r#"SELECT (SELECT confirmed_at FROM roster_confirmations
                    WHERE unit_id = $1 AND school_year = $2) AS confirmed_at,
                  (SELECT max(created_at) FROM outbox WHERE topic = $3 AND unit_id = $1) AS last_email_at"#,
        unit.id,
        school_year,
        topic(school_year),
    )
    .fetch_one(access.pool())
    .await?;
    Ok(RosterSchool {
        unit: OrgUnit(unit),
        confirmed_at: row.confirmed_at,
        last_email_at: row.last_email_at,
    })
}

/// Records that `unit` confirmed its roster for the school year (once;
/// confirming again changes nothing and is not audited again).
async fn confirm(access: &Access<'_>, unit: &Granted<UnitRow>, school_year: i32) -> ApiResult<()> {
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
    Ok(())
}

#[derive(Default)]
pub struct RosterQuery;

#[Object]
impl RosterQuery {
    /// A school year's campaign with the progress of the schools the viewer
    /// governs; null when none was opened.
    async fn roster_campaign(
        &self,
        ctx: &Context<'_>,
        school_year: i32,
    ) -> ApiResult<Option<RosterCampaign>> {
        let access = Access::of(ctx)?;
        access.user()?;
        access.require_scope(Operation::ReadRoster).await?;
        campaign(&access, school_year).await
    }
}

#[derive(Default)]
pub struct RosterMutation;

#[Object]
impl RosterMutation {
    /// Opens the campaign of a school year and writes to every school's
    /// email contacts, asking them to review their teacher data and contact
    /// page by `deadline` (a Taipei date within the school year).
    async fn open_roster_campaign(
        &self,
        ctx: &Context<'_>,
        school_year: i32,
        deadline: Date,
    ) -> ApiResult<RosterCampaignPayload> {
        let access = Access::of(ctx)?;
        access.user()?;
        access
            .require(
                Operation::OpenRosterCampaign,
                &UnitTarget::network(),
                "the whole network",
            )
            .await?;
        if !(100..=200).contains(&school_year) {
            return Ok(RosterCampaignPayload::rejected(vec![InputError::new(
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
            return Ok(RosterCampaignPayload::rejected(vec![InputError::new(
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
            return Ok(RosterCampaignPayload::rejected(vec![InputError::new(
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
        Ok(RosterCampaignPayload {
            campaign: Some(RosterCampaign {
                school_year,
                deadline,
                opened_at: opened.opened_at,
            }),
            messages_queued: queued as i32,
            errors: vec![],
        })
    }

    /// Confirms that a school's teacher data for the year is reviewed.
    async fn confirm_roster(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        school_year: i32,
    ) -> ApiResult<RosterConfirmationPayload> {
        let access = Access::of(ctx)?;
        let unit = match school(&access, unit_id, Operation::ConfirmRoster).await? {
            Ok(u) => u,
            Err(e) => return Ok(RosterConfirmationPayload::rejected(vec![e])),
        };
        if campaign(&access, school_year).await?.is_none() {
            return Ok(RosterConfirmationPayload::rejected(vec![no_campaign(
                school_year,
            )]));
        }
        confirm(&access, &unit, school_year).await?;
        Ok(RosterConfirmationPayload {
            school: Some(school_state(&access, unit.into_inner(), school_year).await?),
            messages_queued: 0,
            errors: vec![],
        })
    }

    /// Writes a reminder to one unconfirmed school's email contacts now.
    async fn send_roster_reminder(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        school_year: i32,
    ) -> ApiResult<RosterConfirmationPayload> {
        let access = Access::of(ctx)?;
        let unit = match school(&access, unit_id, Operation::RemindRoster).await? {
            Ok(u) => u,
            Err(e) => return Ok(RosterConfirmationPayload::rejected(vec![e])),
        };
        let Some(c) = campaign(&access, school_year).await? else {
            return Ok(RosterConfirmationPayload::rejected(vec![no_campaign(
                school_year,
            )]));
        };
        let state = school_state(&access, (*unit).clone(), school_year).await?;
        if let Err(e) = state.check_remind(school_year) {
            return Ok(RosterConfirmationPayload::rejected(vec![e]));
        }
        let mut tx = access.pool().begin().await?;
        if !claim_reminder(&mut tx, unit.id, school_year, access.viewer().user_id()).await? {
            return Ok(RosterConfirmationPayload::rejected(vec![reminded_today(
                &unit.name,
            )]));
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
            return Ok(RosterConfirmationPayload::rejected(vec![InputError::new(
                "unitId",
                ErrorCode::NotFound,
                format!(
                    "No contact of {} receives email; add one on its contact page.",
                    unit.name
                ),
            )]));
        }
        audit::record(
            &mut *tx,
            access.request(),
            Entry::ok("roster.remind")
                .target("roster_campaign", school_year)
                .unit(unit.id)
                .detail(format!("{queued} messages")),
        )
        .await?;
        tx.commit().await?;
        Ok(RosterConfirmationPayload {
            school: Some(school_state(&access, unit.into_inner(), school_year).await?),
            messages_queued: queued as i32,
            errors: vec![],
        })
    }
    /// Writes a reminder to each named school that has not confirmed its
    /// roster and has not been reminded today (at most 500 schools); the
    /// others are skipped and counted.
    async fn send_roster_reminders(
        &self,
        ctx: &Context<'_>,
        unit_ids: Vec<Uuid>,
        school_year: i32,
    ) -> ApiResult<RosterRemindersPayload> {
        let access = Access::of(ctx)?;
        access.user()?;
        if unit_ids.len() > MAX_REMINDER_SCHOOLS {
            return Ok(RosterRemindersPayload::rejected(vec![InputError::new(
                "unitIds",
                ErrorCode::TooLong,
                format!("At most {MAX_REMINDER_SCHOOLS} schools per request."),
            )]));
        }
        let Some(c) = campaign(&access, school_year).await? else {
            return Ok(RosterRemindersPayload::rejected(vec![no_campaign(
                school_year,
            )]));
        };
        let mut ids = unit_ids;
        ids.sort_unstable();
        ids.dedup();
        // Every school is authorized before anything is written.
        let mut schools = Vec::with_capacity(ids.len());
        for id in ids {
            match school(&access, id, Operation::RemindRoster).await? {
                Ok(u) => schools.push(u),
                Err(e) => return Ok(RosterRemindersPayload::rejected(vec![e])),
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
            audit::record(
                &mut *tx,
                access.request(),
                Entry::ok("roster.remind")
                    .target("roster_campaign", school_year)
                    .unit(unit.id)
                    .detail(format!("{queued} messages")),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(out)
    }
}
