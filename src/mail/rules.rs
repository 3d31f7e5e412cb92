//! The rules of the outbox, written once for the mutations and `viewerCan`.

use super::outbox::OutboxStatus;
use crate::error::{ErrorCode, InputError};

impl OutboxStatus {
    /// Only a message that is waiting or was given up may be sent again: a
    /// sent one is never sent twice, and one being sent is a worker's.
    pub fn check_retry(self) -> Result<(), InputError> {
        match self {
            Self::Pending | Self::Dead => Ok(()),
            Self::Sending | Self::Sent => Err(InputError::new(
                "id",
                ErrorCode::Conflict,
                format!(
                    "The message is {}; only pending or dead messages can be retried.",
                    self.as_str()
                ),
            )),
        }
    }
}
