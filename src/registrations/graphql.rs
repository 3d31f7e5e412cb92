//! GraphQL of registration: teachers register and cancel; organizers list,
//! admit, remove and register on site by personal code.

use async_graphql::{Context, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{sql::RegistrationRow, Channel, RegistrationStatus};
use crate::{
    authz::{Access, Operation},
    courses::{sql::CourseRow, Course},
    error::{ApiResult, Checks, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    refusal::Outcome,
    units::{self, OrgUnit},
};

#[derive(SimpleObject)]
pub struct RegistrationPermissions {
    /// The teacher may cancel it (their own, before the course starts).
    pub cancel: bool,
    /// The organizer may admit it from the waitlist.
    pub admit: bool,
    /// The organizer may remove it.
    pub remove: bool,
}

pub struct Registration(pub RegistrationRow);

impl Registration {
    async fn course_row(&self, ctx: &Context<'_>) -> ApiResult<Option<CourseRow>> {
        loader::<crate::courses::loaders::CourseById>(ctx)?
            .load_one(self.0.course_id)
            .await
            .map_err(load_error)
    }

    /// Whether it is the viewer's own registration.
    fn is_own(&self, access: &Access<'_>) -> bool {
        self.0.teacher_user_id.is_some() && self.0.teacher_user_id == access.viewer().user_id()
    }
}

#[Object]
impl Registration {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn course(&self, ctx: &Context<'_>) -> ApiResult<Option<Course>> {
        Ok(self.course_row(ctx).await?.map(Course))
    }
    async fn status(&self) -> RegistrationStatus {
        self.0.status
    }
    async fn channel(&self) -> Channel {
        self.0.channel
    }
    async fn teacher_name(&self) -> &str {
        &self.0.teacher_name
    }
    /// For the organizer (who needs it to issue hours) and the teacher.
    async fn personal_code(&self, ctx: &Context<'_>) -> ApiResult<Option<&str>> {
        let access = Access::of(ctx)?;
        let organizer = self.course_row(ctx).await?.map(|c| c.organizer());
        let allowed = organizer.is_some_and(|o| access.can(Operation::ManageRegistrations, &o))
            || self.is_own(&access);
        Ok(allowed.then_some(self.0.personal_code.as_str()))
    }
    /// The school the teacher served at when registering.
    async fn school(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.0.school_id).await
    }
    /// e.g. 臺北市.
    async fn county_name(&self) -> Option<&str> {
        self.0.county_name()
    }
    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }
    async fn registered_at(&self) -> OffsetDateTime {
        self.0.registered_at
    }
    async fn admitted_at(&self) -> Option<OffsetDateTime> {
        self.0.admitted_at
    }
    async fn ended_at(&self) -> Option<OffsetDateTime> {
        self.0.ended_at
    }
    /// Why the organizer removed it.
    async fn end_reason(&self) -> Option<&str> {
        self.0.end_reason.as_deref()
    }
    /// Place on the waitlist (1 = next to be admitted).
    async fn waitlist_position(&self) -> Option<i64> {
        self.0.waitlist_position
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<RegistrationPermissions> {
        let access = Access::of(ctx)?;
        let Some(course) = self.course_row(ctx).await? else {
            return Ok(RegistrationPermissions {
                cancel: false,
                admit: false,
                remove: false,
            });
        };
        let manage = access.can(Operation::ManageRegistrations, &course.organizer());
        Ok(RegistrationPermissions {
            cancel: self.is_own(&access)
                && self
                    .0
                    .check_cancel(&course, OffsetDateTime::now_utc())
                    .is_ok(),
            admit: manage && self.0.check_admit(&course).is_ok(),
            remove: manage && self.0.check_remove(&course).is_ok(),
        })
    }
}

crate::payload! {
    /// What an organizer sees to confirm an on-site registration.
    pub struct RegistrantLookup {
        /// e.g. 林*君.
        pub masked_name: Option<String>,
        pub school_name: Option<String>,
        /// Their live registration for the course, if any.
        pub registration_status: Option<RegistrationStatus>,
    }
}

crate::payload! {
    pub struct RegistrationPayload {
        pub registration: Option<Registration>,
    }
}

impl RegistrationPayload {
    fn of(outcome: Outcome<RegistrationRow>) -> Self {
        match outcome {
            Ok(row) => Self {
                registration: Some(Registration(row)),
                errors: vec![],
            },
            Err(errors) => Self::rejected(errors),
        }
    }
}

#[derive(Default)]
pub struct RegistrationsQuery;

#[Object]
impl RegistrationsQuery {
    /// A course's registrations: admitted by county, district, school and
    /// name (the sign-in sheet's order), then the waitlist in order, then
    /// cancelled and removed ones. Reading it is audited (personal data).
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn registrations(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
        #[graphql(desc = "Only these; null or empty means all.")] status: Option<
            Vec<RegistrationStatus>,
        >,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<Registration>> {
        let access = Access::of(ctx)?;
        // Per-course lists are short; an offset cursor keeps the sort by
        // county, district, school and name without a composite key.
        let page = PageRequest::<i64>::new(first, after)?;
        let offset = page.after.unwrap_or(0);
        let statuses = status.unwrap_or_default();
        let (rows, total) =
            super::registrations(&access, course_id, &statuses, offset, page.fetch_limit()).await?;
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (offset + i as i64 + 1, Registration(r)))
            .collect();
        Ok(page.connection(rows, total))
    }

    /// Who a personal code belongs to, masked, for an organizer to confirm
    /// an on-site registration. Each lookup is audited.
    async fn lookup_registrant(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
        personal_code: String,
    ) -> ApiResult<RegistrantLookup> {
        let access = Access::of(ctx)?;
        Ok(
            match super::lookup_registrant(&access, course_id, &personal_code).await? {
                Ok((who, status)) => RegistrantLookup {
                    masked_name: Some(super::masked_name(&who.name)),
                    school_name: who.school_name,
                    registration_status: status,
                    errors: vec![],
                },
                Err(errors) => RegistrantLookup::rejected(errors),
            },
        )
    }
}

#[derive(Default)]
pub struct RegistrationsMutation;

#[Object]
impl RegistrationsMutation {
    /// Registers the signed-in teacher for an approved course within its
    /// registration window: admitted while seats are free, waitlisted after.
    async fn register(&self, ctx: &Context<'_>, course_id: Uuid) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let outcome = super::register_self(&access, course_id).await?;
        Ok(RegistrationPayload::of(outcome))
    }

    /// Cancels the signed-in teacher's registration before the course
    /// starts; a freed seat goes to the first on the waitlist.
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
    ) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let outcome = super::cancel_registration(&access, course_id).await?;
        Ok(RegistrationPayload::of(outcome))
    }

    /// Registers a teacher at the venue by their personal code (after the
    /// organizer confirmed the masked name from `lookupRegistrant`). Needs
    /// a free seat; the registration window does not apply.
    async fn register_onsite(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
        personal_code: String,
    ) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let outcome = super::register_onsite(&access, course_id, &personal_code).await?;
        Ok(RegistrationPayload::of(outcome))
    }

    /// Admits a waitlisted registration into a free seat.
    async fn admit_registration(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let outcome = super::admit_registration(&access, id).await?;
        Ok(RegistrationPayload::of(outcome))
    }

    /// Removes a registration, with a reason the teacher is told; a freed
    /// seat goes to the first on the waitlist.
    async fn remove_registration(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason: String,
    ) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let mut checks = Checks::new();
        let reason = checks.required_text("reason", "The reason", &reason, 500);
        let outcome = super::remove_registration(&access, id, &reason, checks).await?;
        Ok(RegistrationPayload::of(outcome))
    }
}
