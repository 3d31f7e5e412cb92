//! The rules of the roster campaign, written once for the mutations and
//! `viewerCan`.

use super::graphql::RosterSchool;
use crate::error::{ErrorCode, InputError};

impl RosterSchool {
    /// A school that confirmed its roster gets no more reminders (for
    /// `viewerCan`; [`Self::check_remind`] says why not).
    pub fn may_be_reminded(&self) -> bool {
        self.confirmed_at.is_none()
    }

    /// [`Self::may_be_reminded`] as the mutation's answer.
    pub fn check_remind(&self, school_year: i32) -> Result<(), InputError> {
        if self.may_be_reminded() {
            return Ok(());
        }
        Err(InputError::new(
            "unitId",
            ErrorCode::Conflict,
            format!(
                "{} has already confirmed its roster for {school_year}.",
                self.unit.0.name
            ),
        ))
    }
}
