//! Why a rule of the domain forbids an action now. Rules live with their
//! domain (`courses/rules.rs`, `registrations/rules.rs`, `hours/rules.rs`)
//! as methods returning `Result<(), Refusal>`; the mutation turns a refusal
//! into its payload error and `viewerCan` asks `.is_ok()`, so a rule is
//! written once and both always agree.

use crate::error::{ErrorCode, InputError};

/// A refused action: which input field it concerns, the typed code and a
/// sentence for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<&'static str>,
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    pub fn new(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: Some(field),
            code,
            message: message.into(),
        }
    }

    /// The object is not in a state that allows the action.
    pub fn conflict(field: &'static str, message: impl Into<String>) -> Self {
        Self::new(field, ErrorCode::Conflict, message)
    }

    /// A refusal that concerns the whole request, not one field.
    pub fn general(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: None,
            code,
            message: message.into(),
        }
    }
}

impl From<Refusal> for InputError {
    fn from(r: Refusal) -> Self {
        match r.field {
            Some(field) => InputError::new(field, r.code, r.message),
            None => InputError::general(r.code, r.message),
        }
    }
}
