//! Registration (報名) for approved courses: online by teachers, on site by
//! personal code, or by the organizer; admission (錄取) up to capacity and a
//! waitlist (備取) beyond it, promoted in order.
//!
//! The operations (`register_self`, `remove_registration`, `registrations`
//! …) take the request's `Access`: they authorize, lock, run the rules
//! (`rules.rs`) and commit; the resolvers (`graphql.rs`) only parse input,
//! call one of them and build the payload. The writes they call take the
//! capability the check returned: the teacher's own `Granted<Rostered>`
//! for what she does herself, the organizer's `Granted<CourseRow>` for
//! on-site registration, admission and removal.
//!
//! Every change here runs with the course row locked (`courses::sql::lock`),
//! so admissions of one course are decided one at a time and
//! `courses.admitted_count` is exact; its CHECK against the capacity would
//! refuse an over-admission even if this code were wrong. Teachers are told
//! of each change that concerns them by email, from the outbox in the same
//! transaction.

mod graphql;
pub mod loaders;
mod rules;
pub mod sheet;
pub mod sql;

pub use graphql::{Registration, RegistrationsMutation, RegistrationsQuery};

use std::ops::Deref;

use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use tracing::instrument;
use uuid::Uuid;

use self::sql::{Registrant, RegistrationRow};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Guarded, Operation, UnitTarget},
    courses::{
        self,
        sql::{self as courses_sql, CourseRow},
    },
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError},
    mail::{enqueue, outbox::Recipient, templates::RegistrationNotice, Links},
    refusal::Outcome,
    request::RequestContext,
    taipei,
    teachers::personal_code::PersonalCode,
};

crate::text_enum! {
    /// How a registration was made.
    #[derive(async_graphql::Enum)]
    pub enum Channel {
        /// By the teacher, in the console or API.
        Online => "online",
        /// At the venue, by the organizer typing the teacher's personal code.
        Onsite => "onsite",
        /// Added by the organizer.
        Organizer => "organizer",
    }
}

crate::text_enum! {
    #[derive(async_graphql::Enum)]
    pub enum RegistrationStatus {
        /// 錄取: holds a seat.
        Admitted => "admitted",
        /// 備取: waiting for a seat, in order.
        Waitlisted => "waitlisted",
        /// Cancelled by the teacher.
        Cancelled => "cancelled",
        /// Removed by the organizer.
        Removed => "removed",
    }
}

/// A teacher on a school's roster now: what the teacher does for herself
/// (register, read her hours, state where she serves) is decided at that
/// school.
#[derive(Clone, Debug)]
pub struct Rostered {
    who: Registrant,
    school: UnitTarget,
}

impl Rostered {
    /// `Err` gives the teacher back when she serves nowhere now.
    pub fn of(who: Registrant) -> Result<Self, Box<Registrant>> {
        match (who.school_id, who.school_path.clone()) {
            (Some(id), Some(path)) => Ok(Self {
                who,
                school: UnitTarget { id, path },
            }),
            _ => Err(Box::new(who)),
        }
    }

    pub fn into_registrant(self) -> Registrant {
        self.who
    }
}

impl Deref for Rostered {
    type Target = Registrant;

    fn deref(&self) -> &Registrant {
        &self.who
    }
}

impl Guarded for Rostered {
    /// The teacher's id.
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(sql::registrant(pool, id)
            .await?
            .and_then(|w| Self::of(w).ok()))
    }

    fn unit(&self) -> UnitTarget {
        self.school.clone()
    }

    fn unit_name(&self) -> &str {
        self.who.school_name.as_deref().unwrap_or("")
    }
}

/// The viewer's own teacher record, after requiring `op` at her school.
/// `Err` is the payload error: no teacher record, or on no roster.
pub async fn own_record(
    access: &Access<'_>,
    op: Operation,
) -> ApiResult<Result<Granted<Rostered>, InputError>> {
    let user = access.user()?;
    let Some(me) = sql::registrant_of_user(access.pool(), user.id).await? else {
        return Ok(Err(InputError::general(
            ErrorCode::NotFound,
            "Your account is not linked to a teacher record; ask your school's administrator.",
        )
        .param("problem", "noTeacher")));
    };
    let Ok(me) = Rostered::of(me) else {
        return Ok(Err(InputError::general(
            ErrorCode::Conflict,
            "You are not on any school's roster; ask your school to add you first.",
        )
        .param("problem", "noSchool")));
    };
    Ok(Ok(access.grant(me, op).await?))
}

/// What the teacher is told, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Admitted,
    Waitlisted,
    Promoted,
    Removed,
}

impl Notice {
    fn outcome_zh(self) -> &'static str {
        match self {
            Self::Admitted => "錄取",
            Self::Waitlisted => "備取",
            Self::Promoted => "由備取轉為錄取",
            Self::Removed => "報名已被主辦單位取消",
        }
    }

    fn detail_zh(self) -> &'static str {
        match self {
            Self::Admitted | Self::Promoted => {
                "請依時間出席並於簽到表簽名；研習結束後由主辦單位核發時數。"
            }
            Self::Waitlisted => {
                "目前名額已滿，您列於備取名單；有人取消報名時將依序遞補，並以電子郵件通知。"
            }
            Self::Removed => "如有疑問，請洽主辦單位。",
        }
    }
}

/// The job titles the roster records, read as the audience roles courses
/// name. Schools write job titles in their own words; these are the words
/// of Taiwan's standard titles (校長, 主任, 組長, 代理/代課教師, 教保員).
pub fn audience_role_of(job_title: Option<&str>) -> &'static str {
    let title = job_title.unwrap_or_default();
    if title.contains("校長") || title.contains("園長") {
        "principal"
    } else if title.contains("主任") || title.contains("組長") {
        "administrator"
    } else if title.contains("代理") || title.contains("代課") {
        "substitute_teacher"
    } else if title.contains("教保") {
        "preschool_educator"
    } else {
        "teacher"
    }
}

/// Whether a new registration would be admitted now: a seat is free and
/// nobody is waiting ahead (a seat freed by an organizer's removal is held
/// for the waitlist, not for whoever clicks next).
async fn seat_free(conn: &mut PgConnection, course: &CourseRow) -> sqlx::Result<bool> {
    Ok(course.check_seat_free().is_ok() && sql::waitlist_len(conn, course.id).await? == 0)
}

/// Registers the teacher `me` online for the locked `course`: admitted
/// when a seat is free, otherwise waitlisted. The caller has checked that
/// the course is open to her.
pub async fn enroll(
    conn: &mut PgConnection,
    me: &Granted<Rostered>,
    course: &CourseRow,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<Result<Uuid, InputError>> {
    register(conn, course, me, Channel::Online, request, links).await
}

/// Registers `who` at the venue for the locked `course` the organizer
/// manages: only into a free seat.
pub async fn enroll_onsite(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    who: &Registrant,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<Result<Uuid, InputError>> {
    register(conn, course, who, Channel::Onsite, request, links).await
}

/// Registers `who` for a locked `course`: admitted when a seat is free,
/// otherwise waitlisted (or, but online, refused).
#[instrument(skip_all, fields(course = %course.id, channel = channel.as_str()))]
async fn register(
    conn: &mut PgConnection,
    course: &CourseRow,
    who: &Registrant,
    channel: Channel,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<Result<Uuid, InputError>> {
    if let Some(live) = sql::live_of(&mut *conn, course.id, who.teacher_id).await? {
        let state = if live.status == RegistrationStatus::Admitted {
            "admitted"
        } else {
            "on the waitlist"
        };
        return Ok(Err(InputError::new(
            "courseId",
            ErrorCode::AlreadyExists,
            format!(
                "{} is already registered for this course ({state}).",
                who.name
            ),
        )
        .param("name", &who.name)
        .param(
            "status",
            if live.status == RegistrationStatus::Admitted {
                "ADMITTED"
            } else {
                "WAITLISTED"
            },
        )));
    }
    // The organizer's removal stands against the teacher registering online
    // again; the organizer may still register them on site.
    if channel == Channel::Online {
        if let Some(reason) = sql::removal_reason(&mut *conn, course.id, who.teacher_id).await? {
            return Ok(Err(InputError::new(
                "courseId",
                ErrorCode::Conflict,
                format!(
                    "The organizer removed your registration for this course ({reason}); \
                     ask the organizer to register you again."
                ),
            )
            .param("reason", &reason)));
        }
    }
    let admit = seat_free(conn, course).await?;
    if !admit && channel != Channel::Online {
        // Full, or the free seat is held for the waitlist: either way no
        // seat for this one.
        return Ok(Err(course.full().into()));
    }
    let id = sql::insert(
        &mut *conn,
        course.id,
        who,
        channel,
        admit,
        request.viewer.user_id(),
    )
    .await?;
    let entry = Entry::ok("registration.create")
        .target("registration", id)
        .unit(course.organizer_id)
        .set("courseId", &course.id)
        .set("teacherId", &who.teacher_id)
        .set("channel", &channel.as_str())
        .set(
            "status",
            &if admit {
                RegistrationStatus::Admitted
            } else {
                RegistrationStatus::Waitlisted
            }
            .as_str(),
        );
    audit::record(&mut *conn, request, entry).await?;
    let notice = if admit {
        Notice::Admitted
    } else {
        Notice::Waitlisted
    };
    notify(conn, course, who, notice, None, links).await?;
    Ok(Ok(id))
}

/// The teacher `me` cancels her live `registration` for the locked
/// `course`; a freed seat goes to the first on the waitlist.
pub async fn cancel(
    conn: &mut PgConnection,
    me: &Granted<Rostered>,
    course: &CourseRow,
    registration: &sql::RegistrationRow,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<()> {
    debug_assert_eq!(registration.teacher_id, me.teacher_id);
    let to = RegistrationStatus::Cancelled;
    end(conn, course, registration, to, None, request, links).await
}

/// The organizer of the locked `course` removes a live `registration`,
/// with the reason the teacher is told; a freed seat goes to the first on
/// the waitlist.
pub async fn remove(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    registration: &sql::RegistrationRow,
    reason: &str,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<()> {
    let to = RegistrationStatus::Removed;
    end(conn, course, registration, to, Some(reason), request, links).await
}

/// Ends a live registration (`cancelled` by the teacher, `removed` by the
/// organizer) and, when it held a seat, admits the first on the waitlist.
#[instrument(skip_all, fields(registration = %registration.id, to = to.as_str()))]
async fn end(
    conn: &mut PgConnection,
    course: &CourseRow,
    registration: &sql::RegistrationRow,
    to: RegistrationStatus,
    reason: Option<&str>,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<()> {
    sql::end(
        &mut *conn,
        registration,
        to,
        reason,
        request.viewer.user_id(),
    )
    .await?;
    let action = if to == RegistrationStatus::Removed {
        "registration.remove"
    } else {
        "registration.cancel"
    };
    let mut entry = Entry::ok(action)
        .target("registration", registration.id)
        .unit(course.organizer_id)
        .change("status", &registration.status.as_str(), &to.as_str());
    if let Some(reason) = reason {
        entry = entry.detail(reason);
    }
    audit::record(&mut *conn, request, entry).await?;
    if to == RegistrationStatus::Removed {
        if let Some(who) = sql::registrant(&mut *conn, registration.teacher_id).await? {
            notify(conn, course, &who, Notice::Removed, reason, links).await?;
        }
    }
    if registration.status == RegistrationStatus::Admitted {
        promote_next(conn, course.id, request, links).await?;
    }
    Ok(())
}

/// The organizer of the locked `course` admits a waitlisted registration
/// into a free seat.
#[instrument(skip_all, fields(registration = %registration.id))]
pub async fn admit(
    conn: &mut PgConnection,
    course: &Granted<CourseRow>,
    registration: &sql::RegistrationRow,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<Result<(), InputError>> {
    if let Err(refusal) = course.check_seat_free() {
        return Ok(Err(refusal.into()));
    }
    sql::admit(&mut *conn, registration.id).await?;
    let entry = Entry::ok("registration.admit")
        .target("registration", registration.id)
        .unit(course.organizer_id)
        .change(
            "status",
            &registration.status.as_str(),
            &RegistrationStatus::Admitted.as_str(),
        );
    audit::record(&mut *conn, request, entry).await?;
    if let Some(who) = sql::registrant(&mut *conn, registration.teacher_id).await? {
        notify(conn, course, &who, Notice::Promoted, None, links).await?;
    }
    Ok(Ok(()))
}

/// Fills the free seats of a course from its waitlist, in order.
async fn promote_next(
    conn: &mut PgConnection,
    course_id: Uuid,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<()> {
    loop {
        let Some(course) = crate::courses::sql::find_by_id(&mut *conn, course_id).await? else {
            return Ok(());
        };
        if course.check_seat_free().is_err() || course.check_registrations_change().is_err() {
            return Ok(());
        }
        let Some(next) = sql::first_waitlisted(&mut *conn, course_id).await? else {
            return Ok(());
        };
        sql::admit(&mut *conn, next.id).await?;
        let entry = Entry::ok("registration.promote")
            .target("registration", next.id)
            .unit(course.organizer_id)
            .change(
                "status",
                &RegistrationStatus::Waitlisted.as_str(),
                &RegistrationStatus::Admitted.as_str(),
            );
        audit::record(&mut *conn, request, entry).await?;
        if let Some(who) = sql::registrant(&mut *conn, next.teacher_id).await? {
            notify(conn, &course, &who, Notice::Promoted, None, links).await?;
        }
    }
}

/// Writes to the teacher (when they have an email address).
async fn notify(
    conn: &mut PgConnection,
    course: &CourseRow,
    who: &Registrant,
    notice: Notice,
    reason: Option<&str>,
    links: &Links,
) -> anyhow::Result<()> {
    let Some(address) = &who.email else {
        return Ok(());
    };
    let organizer = course.organizer_name.clone();
    let waitlist_position = if notice == Notice::Waitlisted {
        sql::waitlist_len(&mut *conn, course.id).await?
    } else {
        0
    };
    let outcome = match notice {
        Notice::Waitlisted => format!("備取第 {waitlist_position} 位"),
        other => other.outcome_zh().to_owned(),
    };
    let email = RegistrationNotice {
        recipient_name: who.name.clone(),
        course_code: course.code.map(|c| c.to_string()).unwrap_or_default(),
        course_title: course.title.clone(),
        organizer,
        starts: taipei::format(course.starts_at),
        place: course.place().to_owned(),
        outcome,
        detail: notice.detail_zh().to_owned(),
        reason: reason.map(str::to_owned),
        console_url: links.page(&format!("/courses/{}", course.id)),
    };
    let to = Recipient {
        address: address.clone(),
        name: who.name.clone(),
        contact_id: None,
        unit_id: None,
    };
    enqueue(
        conn,
        &to,
        Some(&format!("registration:{}", course.id)),
        &email,
        &links.message_domain,
    )
    .await?;
    Ok(())
}

fn no_course() -> Vec<InputError> {
    vec![InputError::new(
        "courseId",
        ErrorCode::NotFound,
        "No such course.",
    )]
}

fn no_registration() -> Vec<InputError> {
    vec![InputError::new(
        "id",
        ErrorCode::NotFound,
        "No such registration.",
    )]
}

/// Reads the registration as `tx` wrote it, for the payload, and commits.
async fn finish(
    mut tx: Transaction<'_, Postgres>,
    id: Uuid,
) -> ApiResult<Outcome<RegistrationRow>> {
    let Some(registration) = sql::find_by_id(&mut *tx, id).await? else {
        return Err(
            anyhow::anyhow!("registration {id}, written in this transaction, is missing").into(),
        );
    };
    tx.commit().await?;
    Ok(Ok(registration))
}

/// A course's registrations, one page in the sign-in sheet's order (see
/// [`sql::list`]), and how many there are. Reading them is audited
/// (personal data).
pub async fn registrations(
    access: &Access<'_>,
    course_id: Uuid,
    statuses: &[RegistrationStatus],
    offset: i64,
    limit: i64,
) -> ApiResult<(Vec<RegistrationRow>, i64)> {
    let Some(course) = access
        .fetch::<CourseRow>(course_id, Operation::ReadRegistrations)
        .await?
    else {
        return Err(ApiError::NotFound("course"));
    };
    let listed = sql::list(access.pool(), course.id, statuses, offset, limit).await?;
    let entry = Entry::ok("registration.list")
        .target("course", course.id)
        .unit(course.organizer_id);
    audit::record(access.pool(), access.request(), entry).await?;
    Ok(listed)
}

/// The teacher with `personal_code`, or the payload error saying why none.
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
            )
            .param("problem", e.problem())))
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

/// Who a personal code belongs to, and their live registration for the
/// course, for an organizer to confirm an on-site registration. Audited.
pub async fn lookup_registrant(
    access: &Access<'_>,
    course_id: Uuid,
    personal_code: &str,
) -> ApiResult<Outcome<(Registrant, Option<RegistrationStatus>)>> {
    let Some(course) = access
        .fetch::<CourseRow>(course_id, Operation::ManageRegistrations)
        .await?
    else {
        return Ok(Err(no_course()));
    };
    let who = match find_by_code(access, personal_code).await? {
        Ok(w) => w,
        Err(e) => return Ok(Err(vec![e])),
    };
    let live = sql::live_of(access.pool(), course.id, who.teacher_id).await?;
    let entry = Entry::ok("registration.lookup")
        .target("teacher", who.teacher_id)
        .unit(course.organizer_id)
        .set("courseId", &course.id);
    audit::record(access.pool(), access.request(), entry).await?;
    Ok(Ok((who, live.map(|r| r.status))))
}

/// Where a teacher's change of her own registration starts: her teacher
/// record, allowed to register at her school, and the course locked in a
/// new transaction.
async fn own_change(
    access: &Access<'_>,
    course_id: Uuid,
) -> ApiResult<Outcome<(Granted<Rostered>, Transaction<'static, Postgres>, CourseRow)>> {
    let me = match own_record(access, Operation::RegisterSelf).await? {
        Ok(me) => me,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut tx = access.pool().begin().await?;
    let Some(course) = courses_sql::lock(&mut tx, course_id).await? else {
        return Ok(Err(no_course()));
    };
    Ok(Ok((me, tx, course)))
}

/// Registers the signed-in teacher for an approved course within its
/// registration window: admitted while seats are free, waitlisted after.
#[instrument(skip_all, fields(course = %course_id))]
pub async fn register_self(
    access: &Access<'_>,
    course_id: Uuid,
) -> ApiResult<Outcome<RegistrationRow>> {
    let (me, mut tx, course) = match own_change(access, course_id).await? {
        Ok(started) => started,
        Err(errors) => return Ok(Err(errors)),
    };
    if let Err(refusal) = course
        .check_registration_open(OffsetDateTime::now_utc())
        .and_then(|()| course.check_audience(&me))
    {
        return Ok(Err(refusal.into()));
    }
    let links = Links::of(&access.state().settings);
    match enroll(&mut tx, &me, &course, access.request(), &links).await? {
        Ok(id) => finish(tx, id).await,
        Err(e) => Ok(Err(vec![e])),
    }
}

/// Cancels the signed-in teacher's registration before the course starts;
/// a freed seat goes to the first on the waitlist.
#[instrument(skip_all, fields(course = %course_id))]
pub async fn cancel_registration(
    access: &Access<'_>,
    course_id: Uuid,
) -> ApiResult<Outcome<RegistrationRow>> {
    let (me, mut tx, course) = match own_change(access, course_id).await? {
        Ok(started) => started,
        Err(errors) => return Ok(Err(errors)),
    };
    let Some(live) = sql::live_of(&mut *tx, course.id, me.teacher_id).await? else {
        return Ok(Err(vec![InputError::new(
            "courseId",
            ErrorCode::NotFound,
            "You are not registered for this course.",
        )
        .param("problem", "notRegistered")]));
    };
    if let Err(refusal) = live.check_cancel(&course, OffsetDateTime::now_utc()) {
        return Ok(Err(refusal.into()));
    }
    let links = Links::of(&access.state().settings);
    cancel(&mut tx, &me, &course, &live, access.request(), &links).await?;
    finish(tx, live.id).await
}

/// Registers a teacher at the venue by their personal code (after the
/// organizer confirmed the masked name): only into a free seat; the
/// registration window does not apply.
#[instrument(skip_all, fields(course = %course_id))]
pub async fn register_onsite(
    access: &Access<'_>,
    course_id: Uuid,
    personal_code: &str,
) -> ApiResult<Outcome<RegistrationRow>> {
    let mut tx = access.pool().begin().await?;
    let Some(course) =
        courses::lock(access, &mut tx, course_id, Operation::ManageRegistrations).await?
    else {
        return Ok(Err(no_course()));
    };
    let who = match find_by_code(access, personal_code).await? {
        Ok(w) => w,
        Err(e) => return Ok(Err(vec![e])),
    };
    if let Err(refusal) = course.check_onsite_registration(OffsetDateTime::now_utc()) {
        return Ok(Err(refusal.into()));
    }
    let links = Links::of(&access.state().settings);
    match enroll_onsite(&mut tx, &course, &who, access.request(), &links).await? {
        Ok(id) => finish(tx, id).await,
        Err(e) => Ok(Err(vec![e])),
    }
}

/// The organizer admits a waitlisted registration into a free seat.
#[instrument(skip_all, fields(registration = %id))]
pub async fn admit_registration(
    access: &Access<'_>,
    id: Uuid,
) -> ApiResult<Outcome<RegistrationRow>> {
    organizer_change(access, id, None, Checks::new()).await
}

/// The organizer removes a registration, with a reason the teacher is
/// told; a freed seat goes to the first on the waitlist. `checks` holds
/// the input's problems, reported with the rules' refusals once the viewer
/// is allowed.
#[instrument(skip_all, fields(registration = %id))]
pub async fn remove_registration(
    access: &Access<'_>,
    id: Uuid,
    reason: &str,
    checks: Checks,
) -> ApiResult<Outcome<RegistrationRow>> {
    organizer_change(access, id, Some(reason), checks).await
}

/// Admit (`reason` None) or remove (`reason` given) by the organizer.
async fn organizer_change(
    access: &Access<'_>,
    id: Uuid,
    reason: Option<&str>,
    mut checks: Checks,
) -> ApiResult<Outcome<RegistrationRow>> {
    let Some(found) = sql::find_by_id(access.pool(), id).await? else {
        return Ok(Err(no_registration()));
    };
    let mut tx = access.pool().begin().await?;
    let Some(course) = courses::lock(
        access,
        &mut tx,
        found.course_id,
        Operation::ManageRegistrations,
    )
    .await?
    else {
        return Ok(Err(no_registration()));
    };
    // Re-read under the lock: the teacher may have cancelled meanwhile.
    let Some(registration) = sql::find_by_id(&mut *tx, id).await? else {
        return Ok(Err(no_registration()));
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
        return Ok(Err(checks.into_errors()));
    }
    let links = Links::of(&access.state().settings);
    match reason {
        Some(reason) => {
            remove(
                &mut tx,
                &course,
                &registration,
                reason,
                access.request(),
                &links,
            )
            .await?
        }
        None => {
            if let Err(e) = admit(&mut tx, &course, &registration, access.request(), &links).await?
            {
                return Ok(Err(vec![e]));
            }
        }
    }
    finish(tx, id).await
}

/// A name as people confirming an on-site registration see it: the first
/// and last characters, the rest masked (林怡君 → 林*君, 王明 → 王*).
pub fn masked_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_their_ends() {
        assert_eq!(masked_name("林怡君"), "林*君");
        assert_eq!(masked_name("王明"), "王*");
        assert_eq!(masked_name("歐陽娜娜"), "歐**娜");
        assert_eq!(masked_name("林"), "*");
    }

    #[test]
    fn job_titles_map_to_audience_roles() {
        assert_eq!(audience_role_of(Some("校長")), "principal");
        assert_eq!(audience_role_of(Some("教務主任")), "administrator");
        assert_eq!(audience_role_of(Some("註冊組長")), "administrator");
        assert_eq!(audience_role_of(Some("代理教師")), "substitute_teacher");
        assert_eq!(audience_role_of(Some("教保員")), "preschool_educator");
        assert_eq!(audience_role_of(Some("導師")), "teacher");
        assert_eq!(audience_role_of(None), "teacher");
    }
}
