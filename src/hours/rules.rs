//! The rules of the hours ledger, written once: the mutations refuse with
//! them and the course's `viewerCan { grantHours }` asks them.

use time::OffsetDateTime;

use super::GrantRow;
use crate::{
    courses::{sql::CourseRow, CourseStatus},
    refusal::Refusal,
    taipei,
};

impl CourseRow {
    /// Hours are granted, corrected and revoked for approved or held
    /// courses that have started.
    pub fn check_grant_hours(&self, now: OffsetDateTime) -> Result<(), Refusal> {
        if !matches!(
            self.status,
            CourseStatus::Approved | CourseStatus::Completed
        ) {
            return Err(Refusal::conflict(
                "courseId",
                "Hours are granted only for approved courses.",
            ));
        }
        if self.starts_at > now {
            return Err(Refusal::conflict(
                "courseId",
                format!(
                    "The course has not started yet; hours can be granted from {} (Taipei time).",
                    taipei::format(self.starts_at)
                ),
            )
            .param("from", taipei::format(self.starts_at)));
        }
        Ok(())
    }
}

impl GrantRow {
    /// A grant is revoked once; a correction is a new grant.
    pub fn check_revoke(&self) -> Result<(), Refusal> {
        if self.revoked {
            return Err(Refusal::conflict(
                "grantId",
                "This grant is already revoked.",
            ));
        }
        Ok(())
    }
}
