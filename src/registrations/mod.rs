//! Registration (報名) for approved courses: online by teachers, on site by
//! personal code, or by the organizer; admission (錄取) up to capacity and a
//! waitlist (備取) beyond it, promoted in order.
//!
//! Every change here runs with the course row locked (`courses::sql::lock`),
//! so admissions of one course are decided one at a time and
//! `courses.admitted_count` is exact; its CHECK against the capacity would
//! refuse an over-admission even if this code were wrong. Teachers are told
//! of each change that concerns them by email, from the outbox in the same
//! transaction.

mod graphql;
pub mod loaders;
pub mod sheet;
pub mod sql;

pub use graphql::{own_record, Registration, RegistrationsMutation, RegistrationsQuery};

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use self::sql::Registrant;
use crate::{
    audit::{self, Entry},
    courses::sql::CourseRow,
    error::{ErrorCode, InputError},
    mail::{enqueue, outbox::Recipient, templates::RegistrationNotice, Links},
    request::RequestContext,
    taipei,
};

/// How a registration was made.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Channel {
    /// By the teacher, in the console or API.
    Online,
    /// At the venue, by the organizer typing the teacher's personal code.
    Onsite,
    /// Added by the organizer.
    Organizer,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Onsite => "onsite",
            Self::Organizer => "organizer",
        }
    }
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

/// Why a teacher may not register online now; `None` when they may.
pub fn refusal(course: &CourseRow, who: &Registrant, now: OffsetDateTime) -> Option<InputError> {
    let conflict = |m: String| Some(InputError::new("courseId", ErrorCode::Conflict, m));
    if course.status != "approved" {
        return conflict("The course is not open for registration: it is not approved, or it has been cancelled or held.".into());
    }
    if now < course.registration_opens_at {
        return conflict(format!(
            "Registration opens at {} (Taipei time).",
            taipei::format(course.registration_opens_at)
        ))
        .map(|e| e.param("opensAt", taipei::format(course.registration_opens_at)));
    }
    if now >= course.registration_closes_at {
        return conflict(format!(
            "Registration closed at {} (Taipei time).",
            taipei::format(course.registration_closes_at)
        ))
        .map(|e| e.param("closedAt", taipei::format(course.registration_closes_at)));
    }
    let Some(school) = &who.school_name else {
        return conflict(
            "You are not on any school's roster; ask your school to add you first.".into(),
        );
    };
    let not_for = |what: String| {
        Some(InputError::new(
            "courseId",
            ErrorCode::InvalidPlacement,
            format!("The course is not open to {what}."),
        ))
    };
    if !course.audience_stages.is_empty()
        && !who
            .stage
            .as_ref()
            .is_some_and(|s| course.audience_stages.contains(s))
    {
        return not_for(format!(
            "your education stage ({})",
            who.stage
                .as_deref()
                .unwrap_or("not recorded by your school")
        ));
    }
    if !course.audience_counties.is_empty()
        && !who
            .county_code
            .as_ref()
            .is_some_and(|c| course.audience_counties.contains(c))
    {
        return not_for(format!("teachers of {school}'s county"));
    }
    let role = audience_role_of(who.job_title.as_deref());
    if !course.audience_roles.is_empty() && !course.audience_roles.iter().any(|r| r == role) {
        return not_for(format!(
            "your role ({})",
            who.job_title.as_deref().unwrap_or("teacher")
        ));
    }
    None
}

/// Whether a new registration would be admitted now: a seat is free and
/// nobody is waiting ahead (a seat freed by an organizer's removal is held
/// for the waitlist, not for whoever clicks next).
async fn seat_free(conn: &mut PgConnection, course: &CourseRow) -> sqlx::Result<bool> {
    Ok(course.admitted_count < course.capacity && sql::waitlist_len(conn, course.id).await? == 0)
}

/// Registers `who` for a locked `course`: admitted when a seat is free,
/// otherwise waitlisted (or, with `admit_only`, refused). The caller has
/// authorized it and checked eligibility.
#[allow(clippy::too_many_arguments)]
pub async fn register(
    conn: &mut PgConnection,
    course: &CourseRow,
    who: &Registrant,
    channel: Channel,
    admit_only: bool,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<Result<Uuid, InputError>> {
    if let Some(live) = sql::live_of(&mut *conn, course.id, who.teacher_id).await? {
        let state = if live.status == "admitted" {
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
            if live.status == "admitted" {
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
    if !admit && admit_only {
        return Ok(Err(full(course)));
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
        .set("status", &if admit { "admitted" } else { "waitlisted" });
    audit::record(&mut *conn, request, entry).await?;
    let notice = if admit {
        Notice::Admitted
    } else {
        Notice::Waitlisted
    };
    notify(conn, course, who, notice, None, links).await?;
    Ok(Ok(id))
}

pub fn full(course: &CourseRow) -> InputError {
    InputError::new(
        "courseId",
        ErrorCode::Conflict,
        format!(
            "The course is full ({} of {} seats taken); remove an admitted registration first.",
            course.admitted_count, course.capacity
        ),
    )
    .param("taken", course.admitted_count)
    .param("capacity", course.capacity)
}

/// Ends a live registration (`cancelled` by the teacher, `removed` by the
/// organizer) and, when it held a seat, admits the first on the waitlist.
pub async fn end(
    conn: &mut PgConnection,
    course: &CourseRow,
    registration: &sql::RegistrationRow,
    to: &str,
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
    let action = if to == "removed" {
        "registration.remove"
    } else {
        "registration.cancel"
    };
    let mut entry = Entry::ok(action)
        .target("registration", registration.id)
        .unit(course.organizer_id)
        .change("status", &registration.status, &to.to_owned());
    if let Some(reason) = reason {
        entry = entry.detail(reason);
    }
    audit::record(&mut *conn, request, entry).await?;
    if to == "removed" {
        if let Some(who) = sql::registrant(&mut *conn, registration.teacher_id).await? {
            notify(conn, course, &who, Notice::Removed, reason, links).await?;
        }
    }
    if registration.status == "admitted" {
        promote_next(conn, course.id, request, links).await?;
    }
    Ok(())
}

/// Admits a waitlisted registration into a free seat.
pub async fn admit(
    conn: &mut PgConnection,
    course: &CourseRow,
    registration: &sql::RegistrationRow,
    request: &RequestContext,
    links: &Links,
) -> anyhow::Result<Result<(), InputError>> {
    if course.admitted_count >= course.capacity {
        return Ok(Err(full(course)));
    }
    sql::admit(&mut *conn, registration.id).await?;
    let entry = Entry::ok("registration.admit")
        .target("registration", registration.id)
        .unit(course.organizer_id)
        .change("status", &registration.status, &"admitted".to_owned());
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
        if course.admitted_count >= course.capacity || course.status != "approved" {
            return Ok(());
        }
        let Some(next) = sql::first_waitlisted(&mut *conn, course_id).await? else {
            return Ok(());
        };
        sql::admit(&mut *conn, next.id).await?;
        let entry = Entry::ok("registration.promote")
            .target("registration", next.id)
            .unit(course.organizer_id)
            .change("status", &"waitlisted".to_owned(), &"admitted".to_owned());
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
    let organizer = crate::units::find_by_id(&mut *conn, course.organizer_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
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
