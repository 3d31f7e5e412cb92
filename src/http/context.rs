//! Who is asking: the [`RequestContext`] of a request, from its credential
//! (bearer token or session cookie), its address and the id the edge gave
//! it. Handlers take it as an extractor; the GraphQL endpoint builds it with
//! [`resolve`] because an invalid credential is answered differently there.

use std::net::IpAddr;

use poem::{
    http::{header, HeaderValue, StatusCode},
    web::Data,
    FromRequest, Request, RequestBody,
};

use super::errors::error_response;
use crate::{
    accounts::session, audit::Denials, authz::Viewer, error::ApiError, request::RequestContext,
    state::AppState,
};

/// Who is asking, for a handler outside GraphQL: an invalid credential is
/// answered with 401 (and a dead cookie cleared) before the handler runs.
impl<'a> FromRequest<'a> for RequestContext {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let Data(state) = Data::<&AppState>::from_request_without_body(req).await?;
        resolve(state, req, StatusCode::UNAUTHORIZED)
            .await
            .map_err(poem::Error::from_response)
    }
}

/// The client's address: the peer, or behind a trusted reverse proxy the
/// address the proxy appended to `X-Forwarded-For` (earlier entries are
/// whatever the client claimed, and are ignored).
fn client_ip(req: &Request, trust_proxy: bool) -> Option<IpAddr> {
    let peer = req.remote_addr().as_socket_addr().map(|a| a.ip());
    if !trust_proxy {
        return peer;
    }
    req.headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .or(peer)
}

/// Finds the viewer from a bearer token or the session cookie.
/// `Err` when a credential was sent but is not valid: the client must know,
/// rather than silently continue as anonymous.
async fn viewer(state: &AppState, req: &Request) -> Result<Viewer, ApiError> {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let cookie = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::token_from_cookie_header);
    let Some(token) = bearer.or(cookie) else {
        return Ok(Viewer::anonymous());
    };
    match session::viewer_for_token(&state.pool, token).await? {
        Some(viewer) => Ok(viewer),
        None => Err(ApiError::InvalidSession),
    }
}

/// Builds the request context; an invalid credential becomes a response
/// with `error_status` that also clears a dead cookie.
pub(super) async fn resolve(
    state: &AppState,
    req: &Request,
    error_status: StatusCode,
) -> Result<RequestContext, poem::Response> {
    let request_id = super::request_id(req);
    let viewer = match viewer(state, req).await {
        Ok(v) => v,
        Err(e) => {
            let status = if matches!(e, ApiError::Internal(_)) {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                error_status
            };
            let mut resp = error_response(status, e.code(), e.message(), request_id);
            if matches!(e, ApiError::InvalidSession) {
                // Drop a dead cookie so the browser stops sending it.
                if let Ok(v) =
                    HeaderValue::from_str(&session::clearing_cookie(state.settings.cookie_secure))
                {
                    resp.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            return Err(resp);
        }
    };
    Ok(RequestContext {
        request_id,
        ip: client_ip(req, state.settings.trust_proxy),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        viewer,
        denials: Denials::immediate(),
    })
}
