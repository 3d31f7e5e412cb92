//! GraphQL of registration: teachers register and cancel; organizers list,
//! admit, remove and register on site by personal code.

use async_graphql::{Context, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    own_record,
    sql::{self, Registrant, RegistrationRow},
    Channel, RegistrationStatus,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation},
    courses::{sql as courses_sql, sql::CourseRow, Course},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    mail::Links,
    payloads,
    teachers::personal_code::PersonalCode,
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

/// What an organizer sees to confirm an on-site registration.
#[derive(SimpleObject, Default)]
pub struct RegistrantLookup {
    /// e.g. 林*君.
    pub masked_name: Option<String>,
    pub school_name: Option<String>,
    /// Their live registration for the course, if any.
    pub registration_status: Option<RegistrationStatus>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject, Default)]
pub struct RegistrationPayload {
    pub registration: Option<Registration>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(RegistrationPayload, RegistrantLookup);

fn no_course() -> InputError {
    InputError::new("courseId", ErrorCode::NotFound, "No such course.")
}

fn no_registration() -> InputError {
    InputError::new("id", ErrorCode::NotFound, "No such registration.")
}

async fn reload(access: &Access<'_>, id: Uuid) -> ApiResult<Option<Registration>> {
    Ok(sql::find_by_id(access.pool(), id).await?.map(Registration))
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
        let Some(course) = access
            .fetch::<CourseRow>(course_id, Operation::ReadRegistrations)
            .await?
        else {
            return Err(ApiError::NotFound("course"));
        };
        // Per-course lists are short; an offset cursor keeps the sort by
        // county, district, school and name without a composite key.
        let page = PageRequest::<i64>::new(first, after)?;
        let offset = page.after.unwrap_or(0);
        let statuses = status.unwrap_or_default();
        let (rows, total) = sql::list(
            access.pool(),
            course.id,
            &statuses,
            offset,
            page.fetch_limit(),
        )
        .await?;
        let entry = Entry::ok("registration.list")
            .target("course", course.id)
            .unit(course.organizer_id);
        audit::record(access.pool(), access.request(), entry).await?;
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
        let Some(course) = access
            .fetch::<CourseRow>(course_id, Operation::ManageRegistrations)
            .await?
        else {
            return Ok(RegistrantLookup::rejected(vec![no_course()]));
        };
        let who = match find_by_code(&access, &personal_code).await? {
            Ok(w) => w,
            Err(e) => return Ok(RegistrantLookup::rejected(vec![e])),
        };
        let live = sql::live_of(access.pool(), course.id, who.teacher_id).await?;
        let entry = Entry::ok("registration.lookup")
            .target("teacher", who.teacher_id)
            .unit(course.organizer_id)
            .set("courseId", &course.id);
        audit::record(access.pool(), access.request(), entry).await?;
        Ok(RegistrantLookup {
            masked_name: Some(super::masked_name(&who.name)),
            school_name: who.school_name,
            registration_status: live.map(|r| r.status),
            errors: vec![],
        })
    }
}

async fn find_by_code(
    access: &Access<'_>,
    personal_code: &str,
) -> ApiResult<Result<Registrant, InputError>> {
    let code = match PersonalCode::parse(personal_code) {
        Ok(c) => c,
        Err(e) => {
            return Ok(Err(InputError::new(
                "personalCode",
                ErrorCode::InvalidFormat,
                e.message(),
            )))
        }
    };
    Ok(sql::registrant_by_code(access.pool(), code.as_str())
        .await?
        .ok_or_else(|| {
            InputError::new(
                "personalCode",
                ErrorCode::NotFound,
                format!("No teacher has the personal code {}.", code.as_str()),
            )
        }))
}

#[derive(Default)]
pub struct RegistrationsMutation;

#[Object]
impl RegistrationsMutation {
    /// Registers the signed-in teacher for an approved course within its
    /// registration window: admitted while seats are free, waitlisted after.
    async fn register(&self, ctx: &Context<'_>, course_id: Uuid) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let me = match own_record(&access, Operation::RegisterSelf).await? {
            Ok(me) => me,
            Err(e) => return Ok(RegistrationPayload::rejected(vec![e])),
        };
        let mut tx = access.pool().begin().await?;
        let Some(course) = courses_sql::lock(&mut tx, course_id).await? else {
            return Ok(RegistrationPayload::rejected(vec![no_course()]));
        };
        if let Err(refusal) = course
            .check_registration_open(OffsetDateTime::now_utc())
            .and_then(|()| course.check_audience(&me))
        {
            return Ok(RegistrationPayload::rejected(vec![refusal.into()]));
        }
        register_and_commit(&access, tx, &course, &me, Channel::Online).await
    }

    /// Cancels the signed-in teacher's registration before the course
    /// starts; a freed seat goes to the first on the waitlist.
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
    ) -> ApiResult<RegistrationPayload> {
        let access = Access::of(ctx)?;
        let me = match own_record(&access, Operation::RegisterSelf).await? {
            Ok(me) => me,
            Err(e) => return Ok(RegistrationPayload::rejected(vec![e])),
        };
        let mut tx = access.pool().begin().await?;
        let Some(course) = courses_sql::lock(&mut tx, course_id).await? else {
            return Ok(RegistrationPayload::rejected(vec![no_course()]));
        };
        let Some(live) = sql::live_of(&mut *tx, course.id, me.teacher_id).await? else {
            return Ok(RegistrationPayload::rejected(vec![InputError::new(
                "courseId",
                ErrorCode::NotFound,
                "You are not registered for this course.",
            )]));
        };
        if let Err(refusal) = live.check_cancel(&course, OffsetDateTime::now_utc()) {
            return Ok(RegistrationPayload::rejected(vec![refusal.into()]));
        }
        let links = Links::of(&access.state().settings);
        super::end(
            &mut tx,
            &course,
            &live,
            RegistrationStatus::Cancelled,
            None,
            access.request(),
            &links,
        )
        .await?;
        tx.commit().await?;
        Ok(RegistrationPayload {
            registration: reload(&access, live.id).await?,
            errors: vec![],
        })
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
        if access
            .fetch::<CourseRow>(course_id, Operation::ManageRegistrations)
            .await?
            .is_none()
        {
            return Ok(RegistrationPayload::rejected(vec![no_course()]));
        }
        let who = match find_by_code(&access, &personal_code).await? {
            Ok(w) => w,
            Err(e) => return Ok(RegistrationPayload::rejected(vec![e])),
        };
        let mut tx = access.pool().begin().await?;
        let Some(course) = courses_sql::lock(&mut tx, course_id).await? else {
            return Ok(RegistrationPayload::rejected(vec![no_course()]));
        };
        if let Err(refusal) = course.check_onsite_registration(OffsetDateTime::now_utc()) {
            return Ok(RegistrationPayload::rejected(vec![refusal.into()]));
        }
        register_and_commit(&access, tx, &course, &who, Channel::Onsite).await
    }

    /// Admits a waitlisted registration into a free seat.
    async fn admit_registration(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<RegistrationPayload> {
        organizer_change(ctx, id, None).await
    }

    /// Removes a registration, with a reason the teacher is told; a freed
    /// seat goes to the first on the waitlist.
    async fn remove_registration(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason: String,
    ) -> ApiResult<RegistrationPayload> {
        organizer_change(ctx, id, Some(reason)).await
    }
}

/// Registers `who` for the locked `course` in `tx` and commits; on site
/// only into a free seat, online onto the waitlist when full.
async fn register_and_commit(
    access: &Access<'_>,
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    course: &CourseRow,
    who: &Registrant,
    channel: Channel,
) -> ApiResult<RegistrationPayload> {
    let links = Links::of(&access.state().settings);
    let admit_only = channel != Channel::Online;
    let registered = super::register(
        &mut tx,
        course,
        who,
        channel,
        admit_only,
        access.request(),
        &links,
    )
    .await?;
    let id = match registered {
        Ok(id) => id,
        Err(e) => return Ok(RegistrationPayload::rejected(vec![e])),
    };
    tx.commit().await?;
    Ok(RegistrationPayload {
        registration: reload(access, id).await?,
        errors: vec![],
    })
}

/// Admit (`reason` None) or remove (`reason` given) by the organizer.
async fn organizer_change(
    ctx: &Context<'_>,
    id: Uuid,
    reason: Option<String>,
) -> ApiResult<RegistrationPayload> {
    let access = Access::of(ctx)?;
    let Some(found) = sql::find_by_id(access.pool(), id).await? else {
        return Ok(RegistrationPayload::rejected(vec![no_registration()]));
    };
    if access
        .fetch::<CourseRow>(found.course_id, Operation::ManageRegistrations)
        .await?
        .is_none()
    {
        return Ok(RegistrationPayload::rejected(vec![no_registration()]));
    }
    let mut checks = Checks::new();
    let reason = reason.map(|r| checks.required_text("reason", "The reason", &r, 500));
    let mut tx = access.pool().begin().await?;
    let Some(course) = courses_sql::lock(&mut tx, found.course_id).await? else {
        return Ok(RegistrationPayload::rejected(vec![no_registration()]));
    };
    // Re-read under the lock: the teacher may have cancelled meanwhile.
    let Some(registration) = sql::find_by_id(&mut *tx, id).await? else {
        return Ok(RegistrationPayload::rejected(vec![no_registration()]));
    };
    let rule = if reason.is_some() {
        registration.check_remove(&course)
    } else {
        registration.check_admit(&course)
    };
    if let Err(refusal) = rule {
        checks.push(refusal.into());
    }
    if !checks.is_empty() {
        return Ok(RegistrationPayload::rejected(checks.into_errors()));
    }
    let links = Links::of(&access.state().settings);
    match &reason {
        Some(reason) => {
            super::end(
                &mut tx,
                &course,
                &registration,
                RegistrationStatus::Removed,
                Some(reason),
                access.request(),
                &links,
            )
            .await?
        }
        None => {
            if let Err(e) =
                super::admit(&mut tx, &course, &registration, access.request(), &links).await?
            {
                return Ok(RegistrationPayload::rejected(vec![e]));
            }
        }
    }
    tx.commit().await?;
    Ok(RegistrationPayload {
        registration: reload(&access, id).await?,
        errors: vec![],
    })
}
