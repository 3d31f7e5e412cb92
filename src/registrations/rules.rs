//! The rules of registration, written once: the mutations refuse with
//! them and `viewerCan` (of a course and of a registration) asks them.
//! Those that concern a course are methods of the course row.

use time::OffsetDateTime;

use super::{
    audience_role_of,
    sql::{Registrant, RegistrationRow},
    RegistrationStatus,
};
use crate::{
    courses::{sql::CourseRow, CourseStatus},
    error::ErrorCode,
    refusal::Refusal,
    taipei,
};

impl RegistrationStatus {
    /// Holds a seat or waits for one.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Admitted | Self::Waitlisted)
    }
}

impl CourseRow {
    /// Registering online: approved and within the registration window
    /// (when it is full, registering puts the teacher on the waitlist).
    pub fn check_registration_open(&self, now: OffsetDateTime) -> Result<(), Refusal> {
        if self.status != CourseStatus::Approved {
            return Err(Refusal::conflict(
                "courseId",
                "The course is not open for registration: it is not approved, or it has been \
                 cancelled or held.",
            )
            .param("problem", "notOpen"));
        }
        if now < self.registration_opens_at {
            return Err(Refusal::conflict(
                "courseId",
                format!(
                    "Registration opens at {} (Taipei time).",
                    taipei::format(self.registration_opens_at)
                ),
            )
            .param("opensAt", taipei::format(self.registration_opens_at)));
        }
        if now >= self.registration_closes_at {
            return Err(Refusal::conflict(
                "courseId",
                format!(
                    "Registration closed at {} (Taipei time).",
                    taipei::format(self.registration_closes_at)
                ),
            )
            .param("closedAt", taipei::format(self.registration_closes_at)));
        }
        Ok(())
    }

    /// Whether the course is for `who`: on a roster, and of the stage,
    /// county and role the course names (empty lists mean anyone).
    pub fn check_audience(&self, who: &Registrant) -> Result<(), Refusal> {
        let Some(school) = &who.school_name else {
            return Err(Refusal::conflict(
                "courseId",
                "You are not on any school's roster; ask your school to add you first.",
            )
            .param("problem", "noSchool"));
        };
        // `audience` names which part of the audience the teacher is not in.
        let not_for = |audience: &str, what: String| {
            Err(Refusal::new(
                "courseId",
                ErrorCode::InvalidPlacement,
                format!("The course is not open to {what}."),
            )
            .param("audience", audience))
        };
        if !self.audience_stages.is_empty()
            && !who
                .stage
                .as_ref()
                .is_some_and(|s| self.audience_stages.contains(s))
        {
            return not_for(
                "stage",
                format!(
                    "your education stage ({})",
                    who.stage
                        .as_deref()
                        .unwrap_or("not recorded by your school")
                ),
            );
        }
        if !self.audience_counties.is_empty()
            && !who
                .county_code
                .as_ref()
                .is_some_and(|c| self.audience_counties.contains(c))
        {
            return not_for("county", format!("teachers of {school}'s county"));
        }
        let role = audience_role_of(who.job_title.as_deref());
        if !self.audience_roles.is_empty() && !self.audience_roles.iter().any(|r| r == role) {
            return not_for(
                "role",
                format!(
                    "your role ({})",
                    who.job_title.as_deref().unwrap_or("teacher")
                ),
            );
        }
        Ok(())
    }

    /// Registering at the venue by personal code: approved, allowed for
    /// the course, and not ended (the registration window does not apply).
    pub fn check_onsite_registration(&self, now: OffsetDateTime) -> Result<(), Refusal> {
        if self.status != CourseStatus::Approved {
            return Err(Refusal::conflict(
                "courseId",
                "Only an approved course takes registrations.",
            )
            .param("problem", "notOpen"));
        }
        if !self.onsite_registration {
            return Err(Refusal::conflict(
                "courseId",
                "This course does not allow on-site registration; edit the course to allow it.",
            )
            .param("problem", "noOnsite"));
        }
        if self.ends_at <= now {
            return Err(
                Refusal::conflict("courseId", "The course has ended.").param("problem", "ended")
            );
        }
        Ok(())
    }

    /// The organizer admits and removes only while the course is approved.
    pub fn check_registrations_change(&self) -> Result<(), Refusal> {
        if self.status == CourseStatus::Approved {
            return Ok(());
        }
        Err(Refusal::conflict(
            "id",
            "Registrations change only while the course is approved and not yet held.",
        )
        .param("problem", "locked"))
    }

    /// A seat for one more admission.
    pub fn check_seat_free(&self) -> Result<(), Refusal> {
        if self.admitted_count < self.capacity {
            return Ok(());
        }
        Err(self.full())
    }

    /// No seat for one more admission.
    pub fn full(&self) -> Refusal {
        Refusal::conflict(
            "courseId",
            format!(
                "The course is full ({} of {} seats taken); remove an admitted registration first.",
                self.admitted_count, self.capacity
            ),
        )
        .param("taken", self.admitted_count)
        .param("capacity", self.capacity)
    }
}

impl RegistrationRow {
    /// The teacher cancels before the course starts; after, only the
    /// organizer removes.
    pub fn check_cancel(&self, course: &CourseRow, now: OffsetDateTime) -> Result<(), Refusal> {
        if !self.status.is_live() {
            return Err(self.wrong_state(
                &[RegistrationStatus::Admitted, RegistrationStatus::Waitlisted],
                "cancelled",
            ));
        }
        if course.starts_at <= now {
            return Err(Refusal::conflict(
                "courseId",
                "The course has started; ask the organizer to remove your registration.",
            )
            .param("problem", "started"));
        }
        Ok(())
    }

    /// The organizer admits a waitlisted registration of an approved course.
    pub fn check_admit(&self, course: &CourseRow) -> Result<(), Refusal> {
        if self.status != RegistrationStatus::Waitlisted {
            return Err(self.wrong_state(&[RegistrationStatus::Waitlisted], "admitted"));
        }
        course.check_registrations_change()
    }

    /// The organizer removes a live registration of an approved course.
    pub fn check_remove(&self, course: &CourseRow) -> Result<(), Refusal> {
        if !self.status.is_live() {
            return Err(self.wrong_state(
                &[RegistrationStatus::Admitted, RegistrationStatus::Waitlisted],
                "removed",
            ));
        }
        course.check_registrations_change()
    }

    fn wrong_state(&self, wanted: &[RegistrationStatus], done: &str) -> Refusal {
        let wanted: Vec<&str> = wanted.iter().map(|s| s.as_str()).collect();
        Refusal::conflict(
            "id",
            format!(
                "{}'s registration is {}; only a {} registration can be {done}.",
                self.teacher_name,
                self.status.as_str(),
                wanted.join(" or "),
            ),
        )
    }
}
