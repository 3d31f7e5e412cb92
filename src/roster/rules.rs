//! The rules of the roster campaign, written once for the mutations and
//! `viewerCan`.

use super::graphql::RosterSchool;
use crate::error::{ErrorCode, InputError};

impl RosterSchool {
    /// A school that confirmed its roster gets no more reminders.
    pub fn check_remind(&self, school_year: i32) -> Result<(), InputError> {
        match self.confirmed_at {
            None => Ok(()),
            Some(_) => Err(InputError::new(
                "unitId",
                ErrorCode::Conflict,
                format!(
                    "{} has already confirmed its roster for {school_year}.",
                    self.unit.0.name
                ),
            )),
        }
    }
}
