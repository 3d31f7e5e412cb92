//! Why a rule of the domain forbids an action now. Rules live with their
//! domain (`courses/rules.rs`, `registrations/rules.rs`, `hours/rules.rs`)
//! as methods returning `Result<(), Refusal>`; the mutation turns a refusal
//! into its payload error and `viewerCan` asks `.is_ok()`, so a rule is
//! written once and both always agree.

use crate::error::{ErrorCode, InputError};

/// A refused action: the payload error it becomes (field, typed code, a
/// sentence for people, and the values it names as params).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(InputError);

impl Refusal {
    pub fn new(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self(InputError::new(field, code, message))
    }

    /// The object is not in a state that allows the action.
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::new(field, ErrorCode::Conflict, message)
    }

    /// A refusal that concerns the whole request, not one field.
    pub fn general(code: ErrorCode, message: impl Into<String>) -> Self {
        Self(InputError::general(code, message))
    }

    /// Names a value of the message for clients (see `InputError::param`).
    pub fn param(self, name: &str, value: impl ToString) -> Self {
        Self(self.0.param(name, value))
    }
}

/// What a domain operation answers a person: done (with its result), or
/// refused with the payload errors saying why. Nothing was written when it
/// is refused. `ApiResult<Outcome<T>>` keeps the two apart from failures
/// (database down, not signed in), which are `ApiError`s.
pub type Outcome<T> = Result<T, Vec<InputError>>;

impl From<Refusal> for Vec<InputError> {
    fn from(r: Refusal) -> Self {
        vec![r.0]
    }
}

impl From<Refusal> for InputError {
    fn from(r: Refusal) -> Self {
        r.0
    }
}
