//! The rules of a course's workflow, written once: each mutation refuses
//! with them and `viewerCan` asks them, so the console offers exactly what
//! the server accepts. Rules about a course's registrations are in
//! `registrations/rules.rs`, about its hours in `hours/rules.rs`.

use time::OffsetDateTime;

use super::{sql::CourseRow, CourseStatus, ReviewDecision};
use crate::{error::ErrorCode, refusal::Refusal, taipei};

impl CourseStatus {
    /// For messages: "Course 3441234 “…” is {label}".
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "a draft",
            Self::Submitted => "in review",
            Self::Approved => "approved",
            Self::Returned => "returned for changes",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::Completed => "completed",
        }
    }

    /// The organizer may still edit and submit.
    fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }

    fn is_cancellable(self) -> bool {
        matches!(
            self,
            Self::Draft | Self::Submitted | Self::Returned | Self::Approved
        )
    }
}

impl CourseRow {
    /// A refusal naming the course and its state, then `what` may be done.
    fn wrong_state(&self, what: &str) -> Refusal {
        let name = self.code.map_or_else(
            || format!("“{}”", self.title),
            |c| format!("{c} “{}”", self.title),
        );
        Refusal::conflict(
            "id",
            format!("Course {name} is {}; {what}", self.status.label()),
        )
    }

    /// Editing the fields: drafts and returned courses.
    pub fn check_edit(&self) -> Result<(), Refusal> {
        if self.status.is_editable() {
            return Ok(());
        }
        Err(self.wrong_state("it can be edited only as a draft or after the reviewer returns it."))
    }

    /// Submitting for review: drafts and returned courses.
    pub fn check_submit(&self) -> Result<(), Refusal> {
        if self.status.is_editable() {
            return Ok(());
        }
        Err(self.wrong_state("only a draft or a returned course can be submitted."))
    }

    /// Cancelling: any state before a decision that ends it or the course
    /// being held.
    pub fn check_cancel(&self) -> Result<(), Refusal> {
        if self.status.is_cancellable() {
            return Ok(());
        }
        Err(self.wrong_state("it can no longer be cancelled."))
    }

    /// Marking as held: approved, and its last session has ended.
    pub fn check_complete(&self, now: OffsetDateTime) -> Result<(), Refusal> {
        if self.status != CourseStatus::Approved {
            return Err(self.wrong_state("only an approved course can be marked as held."));
        }
        if self.ends_at > now {
            return Err(Refusal::conflict(
                "id",
                format!(
                    "The course has not ended yet; its last session ends {}.",
                    taipei::format(self.ends_at)
                ),
            ));
        }
        Ok(())
    }

    /// Reviewing: only a course in review.
    pub fn check_review(&self) -> Result<(), Refusal> {
        if self.status == CourseStatus::Submitted {
            return Ok(());
        }
        Err(self.wrong_state("only a course in review can be reviewed."))
    }
}

impl ReviewDecision {
    /// Returning and rejecting need a reason the organizer can act on
    /// (docs/design.md §4 Workflows).
    pub fn check_reason(self, reason: Option<&str>) -> Result<(), Refusal> {
        if self == Self::Approve || reason.is_some() {
            return Ok(());
        }
        Err(Refusal::new(
            "reason",
            ErrorCode::Required,
            "Returning or rejecting a course needs a reason the organizer can act on.",
        ))
    }
}
