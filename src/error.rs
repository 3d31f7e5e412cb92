//! The error model of the API (docs/design.md §5).
//!
//! Two kinds of failure reach a client:
//! - [`InputError`]s inside a mutation payload (`errors { field code message }`)
//!   for anything the user can correct; nothing is written when there is one.
//! - [`ApiError`] as a top-level GraphQL error for malformed requests,
//!   authentication, authorization and internal faults. An internal fault is
//!   logged with the request id and the client sees only a generic message.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql turns
//! any `Display` error into a client-visible message, so a bare `?` on a
//! `sqlx::Error` would leak SQL. Here `?` converts it into `ApiError::Internal`.

use std::sync::Arc;

use async_graphql::{Enum, ErrorExtensions, SimpleObject};

/// Machine-readable reason of an [`InputError`].
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// A required value is missing or blank.
    Required,
    /// The value is longer than allowed.
    TooLong,
    /// The value does not have the expected form.
    InvalidFormat,
    /// Not a valid email address.
    InvalidEmail,
    /// Not a valid telephone number.
    InvalidPhone,
    /// The referenced object does not exist.
    NotFound,
    /// An object with this value already exists.
    AlreadyExists,
    /// Login name or password is wrong.
    InvalidCredentials,
    /// Too many failed attempts; wait before trying again.
    TooManyAttempts,
    /// The role cannot be held at this kind of unit.
    InvalidPlacement,
    /// The password is too short or too common.
    WeakPassword,
    /// A number is outside its allowed range.
    OutOfRange,
    /// The request conflicts with the current state.
    Conflict,
    /// Probably the same as something that exists; confirm with a reason.
    PossibleDuplicate,
    /// Deciding one's own application.
    OwnApplication,
    /// The server is checking as many passwords as it can; try again in a
    /// few seconds.
    TooBusy,
    /// A link from an email is unknown, already used or expired (the
    /// message says which).
    InvalidLink,
}

/// A value that an input error's message names (a limit, a time, whose
/// code), so a client words the error in its own language without parsing
/// the English sentence.
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct ErrorParam {
    pub name: String,
    pub value: String,
}

/// A problem with one input field, returned inside a mutation payload.
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The input field concerned, as named in the mutation's input (e.g.
    /// `email`), or null when the problem concerns the whole request.
    pub field: Option<String>,
    pub code: ErrorCode,
    /// A sentence for people, naming what is wrong.
    pub message: String,
    /// The values the message names, by name (docs/api.md lists them per
    /// error); empty for most errors.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARAMS, child_complexity)"
    )]
    pub params: Vec<ErrorParam>,
}

impl InputError {
    pub fn new(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            code,
            message: message.into(),
            params: Vec::new(),
        }
    }

    pub fn general(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: None,
            code,
            message: message.into(),
            params: Vec::new(),
        }
    }

    /// Names a value of the message for clients (see [`ErrorParam`]).
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push(ErrorParam {
            name: name.to_owned(),
            value: value.to_string(),
        });
        self
    }
}

/// A mutation payload: the changed object(s) and `errors`.
pub trait Payload: Default {
    fn set_errors(&mut self, errors: Vec<InputError>);

    /// A payload that carries only errors: nothing was changed.
    fn rejected(errors: Vec<InputError>) -> Self {
        let mut payload = Self::default();
        payload.set_errors(errors);
        payload
    }
}

/// Declares a mutation payload: the struct with its own fields, then
/// `errors` (costed like every list, `crate::graphql::bounds::ERRORS`), and
/// its [`Payload`] impl. Every payload is written with it, so the errors
/// field and its cost are declared once. A doc comment followed by `errors`
/// after the struct describes the errors field in the schema.
#[macro_export]
macro_rules! payload {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* pub $field:ident : $ty:ty),* $(,)?
        }
        $($(#[$errors_meta:meta])+ errors)?
    ) => {
        $(#[$meta])*
        #[derive(async_graphql::SimpleObject, Default)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
            $($(#[$errors_meta])+)?
            #[graphql(
                complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
            )]
            pub errors: Vec<$crate::error::InputError>,
        }

        impl $crate::error::Payload for $name {
            fn set_errors(&mut self, errors: Vec<$crate::error::InputError>) {
                self.errors = errors;
            }
        }
    };
}

/// A top-level error.
#[derive(Clone, Debug)]
pub enum ApiError {
    /// The operation needs a signed-in user.
    Unauthenticated,
    /// A session cookie or bearer token was sent but is unknown or expired.
    InvalidSession,
    /// The viewer may not do this; the string says what was attempted.
    Forbidden(String),
    /// The object does not exist (for queries; mutations use `InputError`).
    NotFound(&'static str),
    /// The request is malformed in a way the schema cannot express.
    BadRequest(String),
    /// The object existed but is no longer available (an expired download);
    /// the string says since when.
    Expired(String),
    /// Anything else. Logged, never shown.
    Internal(Arc<anyhow::Error>),
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::InvalidSession => "INVALID_SESSION",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadRequest(_) => "BAD_REQUEST",
            Self::Expired(_) => "EXPIRED",
            Self::Internal(_) => "INTERNAL",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated => "Sign in to do this.".into(),
            Self::InvalidSession => "The session is invalid or has expired; sign in again.".into(),
            Self::Forbidden(what) => format!("You do not have permission to {what}."),
            Self::NotFound(what) => format!("No such {what}."),
            Self::BadRequest(why) => why.clone(),
            Self::Expired(why) => why.clone(),
            Self::Internal(_) => "Internal error. Quote the request id when reporting it.".into(),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::from(anyhow::Error::new(e))
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        // The request span carries the request id; the client gets it too.
        tracing::error!(error = ?e, "internal error");
        Self::Internal(Arc::new(e))
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        async_graphql::Error::new(e.message()).extend_with(|_, ext| ext.set("code", e.code()))
    }
}

/// Shorthand for resolver results.
pub type ApiResult<T> = Result<T, ApiError>;

/// Collects input problems before anything is written.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<InputError>,
}

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, error: InputError) {
        self.errors.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn into_errors(self) -> Vec<InputError> {
        self.errors
    }

    /// Trims `value`; reports it when blank or longer than `max` characters.
    pub fn required_text(&mut self, field: &str, label: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.push(InputError::new(
                field,
                ErrorCode::Required,
                format!("{label} is required."),
            ));
        } else {
            self.max_len(field, label, value, max);
        }
        value.to_owned()
    }

    /// Trims `value`; blank becomes `None`; reports values over `max` characters.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.max_len(field, label, value, max);
        Some(value.to_owned())
    }

    fn max_len(&mut self, field: &str, label: &str, value: &str, max: usize) {
        let len = value.chars().count();
        if len > max {
            self.push(
                InputError::new(
                    field,
                    ErrorCode::TooLong,
                    format!("{label} is {len} characters long; at most {max} are allowed."),
                )
                .param("max", max),
            );
        }
    }

    /// Validates an optional email address (blank becomes `None`).
    pub fn optional_email(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = self.optional_text(field, "Email", value, 254)?;
        if !is_plausible_email(&value) {
            self.push(InputError::new(
                field,
                ErrorCode::InvalidEmail,
                format!("“{value}” is not a valid email address."),
            ));
        }
        Some(value)
    }

    /// Validates an optional Taiwanese or international telephone number.
    pub fn optional_phone(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = self.optional_text(field, "Phone", value, 30)?;
        if !is_plausible_phone(&value) {
            self.push(InputError::new(
                field,
                ErrorCode::InvalidPhone,
                format!(
                    "“{value}” is not a valid telephone number; use digits with optional \
                     +, spaces, hyphens and parentheses, e.g. 02-2345-6789."
                ),
            ));
        }
        Some(value)
    }
}

/// A pragmatic address check: one `@`, a non-empty local part without spaces,
/// a domain with a dot and no empty labels. Deliverability is the mailer's job.
pub fn is_plausible_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
}

/// Digits with optional leading `+`, spaces, hyphens and parentheses; 7 to 15
/// digits in all (E.164 allows at most 15).
pub fn is_plausible_phone(value: &str) -> bool {
    let body = value.strip_prefix('+').unwrap_or(value);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_numbers() {
        assert!(is_plausible_email("chen.mei@tp.edu.tw"));
        assert!(is_plausible_email("陳老師@學校.tw"));
        assert!(is_plausible_phone("02-2345-6789"));
        assert!(is_plausible_phone("+886 2 2345 6789"));
        assert!(is_plausible_phone("(06)2991111"));
    }

    #[test]
    fn rejects_malformed_addresses_and_numbers() {
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "a@@b.tw",
            "a b@c.tw",
            "a@-b.tw",
            "a@b..tw",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
        for bad in ["12345", "02-2345-67890123456", "call me", "02#123"] {
            assert!(!is_plausible_phone(bad), "{bad}");
        }
    }

    #[test]
    fn internal_errors_show_no_detail() {
        let err: async_graphql::Error =
            ApiError::from(anyhow::anyhow!("relation \"secret_table\" does not exist")).into();
        assert!(!err.message.contains("secret_table"));
    }
}
