//! What the HTTP layer knows about one request, handed to every resolver.

use std::net::IpAddr;

use uuid::Uuid;

use crate::{audit::Denials, authz::Viewer};

#[derive(Clone, Debug)]
pub struct RequestContext {
    /// Also returned to the client in every error and in `x-request-id`.
    pub request_id: Uuid,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub viewer: Viewer,
    /// Where this request's authorization denials are recorded.
    pub denials: Denials,
}

impl RequestContext {
    /// A context for work started outside HTTP (CLI, seeding, tests).
    pub fn system() -> Self {
        Self {
            request_id: Uuid::new_v4(),
            ip: None,
            user_agent: None,
            viewer: Viewer::anonymous(),
            denials: Denials::immediate(),
        }
    }
}
