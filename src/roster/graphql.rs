//! GraphQL of the roster campaign: each resolver makes one call to the
//! campaign's functions in `roster` (mod.rs), which check access, query and
//! write.

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    authz::{Access, Operation},
    error::{ApiResult, Payload},
    graphql::pagination::Page,
    units::OrgUnit,
};

/// A school year's campaign.
pub struct RosterCampaign {
    pub school_year: i32,
    pub deadline: Date,
    pub opened_at: OffsetDateTime,
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
        super::schools(&Access::of(ctx)?, self.school_year, first, after).await
    }
    async fn progress(&self, ctx: &Context<'_>) -> ApiResult<RosterProgress> {
        super::progress(&Access::of(ctx)?, self.school_year).await
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

crate::payload! {
    pub struct RosterCampaignPayload {
        pub campaign: Option<RosterCampaign>,
        /// Messages written to the outbox.
        pub messages_queued: i32,
    }
}

crate::payload! {
    pub struct RosterConfirmationPayload {
        pub school: Option<RosterSchool>,
        pub messages_queued: i32,
    }
}

crate::payload! {
    /// What a reminder to many schools did.
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
    }
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
        super::find_campaign(&Access::of(ctx)?, school_year).await
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
        Ok(
            match super::open_campaign(&access, school_year, deadline).await? {
                Ok((campaign, queued)) => RosterCampaignPayload {
                    campaign: Some(campaign),
                    messages_queued: queued as i32,
                    errors: vec![],
                },
                Err(errors) => RosterCampaignPayload::rejected(errors),
            },
        )
    }

    /// Confirms that a school's teacher data for the year is reviewed.
    async fn confirm_roster(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        school_year: i32,
    ) -> ApiResult<RosterConfirmationPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match super::confirm_roster(&access, unit_id, school_year).await? {
                Ok(school) => RosterConfirmationPayload {
                    school: Some(school),
                    messages_queued: 0,
                    errors: vec![],
                },
                Err(errors) => RosterConfirmationPayload::rejected(errors),
            },
        )
    }

    /// Writes a reminder to one unconfirmed school's email contacts now.
    async fn send_roster_reminder(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        school_year: i32,
    ) -> ApiResult<RosterConfirmationPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match super::remind_school(&access, unit_id, school_year).await? {
                Ok((school, queued)) => RosterConfirmationPayload {
                    school: Some(school),
                    messages_queued: queued as i32,
                    errors: vec![],
                },
                Err(errors) => RosterConfirmationPayload::rejected(errors),
            },
        )
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
        Ok(
            match super::remind_schools(&access, unit_ids, school_year).await? {
                Ok(reminded) => reminded,
                Err(errors) => RosterRemindersPayload::rejected(errors),
            },
        )
    }
}
