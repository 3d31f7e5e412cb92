//! HTTP routes: `POST /graphql`, GraphiQL on `GET /graphql` (development
//! only), health checks.

use std::net::IpAddr;

use async_graphql::{
    http::{receive_batch_body, GraphiQLSource, MultipartOptions},
    BatchRequest, BatchResponse, ErrorExtensionValues, ServerError,
};
use poem::{
    get, handler,
    http::{header, HeaderValue, StatusCode},
    web::{Data, Html},
    Body, Endpoint, EndpointExt, IntoEndpoint, IntoResponse, Request, Response, Route,
};
use tracing::Instrument;
use uuid::Uuid;

use crate::{
    accounts::session,
    audit::Denials,
    authz::Viewer,
    error::ApiError,
    graphql::{loaders::Loaders, InserviceSchema, MAX_BATCH},
    request::RequestContext,
    state::AppState,
};

/// The largest file a GraphQL upload may carry (a school's roster).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// `Strict-Transport-Security` in production: two years, the value browsers'
/// preload lists ask for, so a browser never again tries plain HTTP (where
/// the session cookie could be stripped of `Secure` or the page altered).
const HSTS: &str = "max-age=63072000; includeSubDomains";

pub fn routes(state: AppState, schema: InserviceSchema) -> impl IntoEndpoint {
    let production = state.settings.is_production();
    // GraphiQL loads its scripts from a CDN without integrity checks; on the
    // session cookie's origin that would hand the CDN the console's
    // sessions. It is a development tool: production answers only POST.
    let graphql_route = if production {
        poem::post(graphql)
    } else {
        get(graphiql).post(graphql)
    };
    Route::new()
        .at("/graphql", graphql_route)
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at(
            "/announcements/:id/attachments",
            poem::post(crate::announcements::attachments::upload),
        )
        .at(
            "/attachments/:id",
            get(crate::announcements::attachments::download),
        )
        .at(
            "/courses/:id/sign-in-sheet.xlsx",
            get(crate::registrations::sheet::download),
        )
        .at(
            "/teachers/:id/transcript.xlsx",
            get(crate::hours::transcript::download),
        )
        .at(
            "/statistics/:id/:file",
            get(crate::statistics::downloads::statistics_result),
        )
        .at(
            "/data-exchanges/:id/:file",
            get(crate::statistics::downloads::exchange_export),
        )
        .at(
            "/county-reports/:id/:file",
            get(crate::statistics::downloads::county_report_file),
        )
        .at("/", crate::console::serve)
        .at("/*path", crate::console::serve)
        .data(state)
        .data(schema)
        .around(move |ep, req| async move {
            // Errors (404, 405…) are responses too and get the same headers.
            let mut resp = match ep.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => e.into_response(),
            };
            let headers = resp.headers_mut();
            if production {
                headers.insert(
                    header::STRICT_TRANSPORT_SECURITY,
                    HeaderValue::from_static(HSTS),
                );
            }
            headers.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
            headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
            Ok(resp)
        })
}

#[handler]
fn healthz() -> &'static str {
    "ok"
}

#[handler]
async fn readyz(Data(state): Data<&AppState>) -> Response {
    match sqlx::query_scalar!("SELECT 1 AS \"one!\"")
        .fetch_one(&state.pool)
        .await
    {
        Ok(_) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

#[handler]
fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
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

/// A GraphQL-shaped error response for failures before execution.
pub(crate) fn error_response(
    status: StatusCode,
    code: &str,
    message: String,
    request_id: Uuid,
) -> Response {
    let body = serde_json::json!({
        "errors": [{
            "message": message,
            "extensions": { "code": code, "requestId": request_id.to_string() }
        }]
    });
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-request-id", request_id.to_string())
        .body(body.to_string())
}

/// A top-level error as the response of a route outside GraphQL.
pub(crate) fn api_error_response(e: &ApiError, request_id: Uuid) -> Response {
    let status = match e {
        ApiError::Unauthenticated | ApiError::InvalidSession => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
        ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::Expired(_) => StatusCode::GONE,
        ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error_response(status, e.code(), e.message(), request_id)
}

/// A file for the browser to save as `file_name` (any characters: it is
/// sent percent-encoded per RFC 5987, with an ASCII fallback).
pub(crate) fn file_response(file_name: &str, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::builder()
        .content_type(content_type)
        .header(header::CACHE_CONTROL, "private, no-cache")
        .body(body);
    attachment_headers(&mut response, file_name);
    response
}

/// Marks `response` as a download named `file_name`, never rendered as a
/// page.
pub(crate) fn attachment_headers(response: &mut Response, file_name: &str) {
    let encoded: String = file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"download\"; filename*=UTF-8''{encoded}"
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
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

/// Who is asking, for a handler outside GraphQL (errors as HTTP statuses).
pub(crate) async fn request_context(
    state: &AppState,
    req: &Request,
) -> Result<RequestContext, Response> {
    resolve_request(state, req, Uuid::new_v4(), StatusCode::UNAUTHORIZED).await
}

/// Builds the request context; an invalid credential becomes a response
/// with `error_status` that also clears a dead cookie.
async fn resolve_request(
    state: &AppState,
    req: &Request,
    request_id: Uuid,
    error_status: StatusCode,
) -> Result<RequestContext, Response> {
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

#[handler]
async fn graphql(
    req: &Request,
    body: Body,
    Data(state): Data<&AppState>,
    Data(schema): Data<&InserviceSchema>,
) -> Response {
    let request_id = Uuid::new_v4();
    let span = tracing::info_span!("graphql", %request_id);
    async move {
        let content_type = req.content_type().unwrap_or_default().to_owned();
        // File uploads (the GraphQL multipart request spec) carry one file.
        // A plain HTML form can post multipart across sites, so uploads
        // must carry a header such a form cannot set.
        let is_upload = content_type.starts_with("multipart/form-data");
        if !content_type.starts_with("application/json") && !is_upload {
            return error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "BAD_REQUEST",
                "Send GraphQL requests as POST with Content-Type: application/json \
                 (or multipart/form-data for a file upload)."
                    .into(),
                request_id,
            );
        }
        if is_upload && req.headers().get("x-requested-with").is_none() {
            return error_response(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "Uploads need the X-Requested-With header.".into(),
                request_id,
            );
        }
        let limit = if is_upload {
            MAX_UPLOAD_BYTES + 64 * 1024
        } else {
            state.settings.max_body_bytes
        };
        let bytes = match body.into_bytes_limit(limit).await {
            Ok(b) => b,
            Err(poem::error::ReadBodyError::PayloadTooLarge) => {
                return error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "BAD_REQUEST",
                    format!("The request body is larger than the limit of {limit} bytes."),
                    request_id,
                )
            }
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    format!("The request body could not be read: {e}"),
                    request_id,
                )
            }
        };
        let parsed: Result<BatchRequest, String> = if is_upload {
            let options = MultipartOptions::default()
                .max_file_size(MAX_UPLOAD_BYTES)
                .max_num_files(1);
            receive_batch_body(
                Some(&content_type),
                futures_util::io::Cursor::new(bytes),
                options,
            )
            .await
            .map_err(|e| e.to_string())
        } else {
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())
        };
        let batch = match parsed {
            Ok(b) => b,
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    format!("The body is not a GraphQL request: {e}"),
                    request_id,
                )
            }
        };
        if let BatchRequest::Batch(items) = &batch {
            if items.len() > MAX_BATCH || items.is_empty() {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    format!(
                        "A batch must hold 1 to {MAX_BATCH} operations, not {}.",
                        items.len()
                    ),
                    request_id,
                );
            }
        }
        let context = match resolve_request(state, req, request_id, StatusCode::OK).await {
            // However many times the operations are refused, one audit row per
            // operation (with a count), written when the batch is done.
            Ok(c) => RequestContext {
                denials: Denials::aggregated(),
                ..c
            },
            Err(resp) => return resp,
        };
        let denials = context.denials.clone();
        let batch = batch
            .data(context)
            .data(std::sync::Arc::new(Loaders::new(&state.pool)));
        let mut response = schema.execute_batch(batch).await;
        if let Err(e) = denials.flush().await {
            tracing::error!(error = %e, "writing the request's denials to the audit log failed");
        }
        tag_errors(&mut response, request_id);
        let mut resp = async_graphql_poem::GraphQLBatchResponse(response).into_response();
        if let Ok(v) = HeaderValue::from_str(&request_id.to_string()) {
            resp.headers_mut().insert("x-request-id", v);
        }
        resp
    }
    .instrument(span)
    .await
}

/// Adds the request id to every error, so a user can quote it.
fn tag_errors(response: &mut BatchResponse, request_id: Uuid) {
    let tag = |errors: &mut Vec<ServerError>| {
        for e in errors {
            let ext = e
                .extensions
                .get_or_insert_with(ErrorExtensionValues::default);
            // Errors raised by async-graphql itself (parse, validation,
            // limits) carry no code; they are all malformed requests.
            if ext.get("code").is_none() {
                ext.set("code", "BAD_REQUEST");
            }
            ext.set("requestId", request_id.to_string());
        }
    };
    match response {
        BatchResponse::Single(r) => tag(&mut r.errors),
        BatchResponse::Batch(rs) => rs.iter_mut().for_each(|r| tag(&mut r.errors)),
    }
}
