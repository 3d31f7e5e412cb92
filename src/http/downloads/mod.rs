//! Files over plain HTTP, one file per domain: each handler parses the URL,
//! makes a [`crate::authz::Access`] from the [`RequestContext`] and calls one domain
//! function, which authorizes, audits and returns a [`Download`].

pub(super) mod announcements;
pub(super) mod hours;
pub(super) mod registrations;
pub(super) mod statistics;

use poem::{
    http::{header, HeaderValue},
    Body, Response,
};

use super::errors::api_error_response;
use crate::{
    download::{Content, Download},
    error::ApiResult,
    request::RequestContext,
};

/// The answer of a download route: the file, or the error as JSON.
fn respond(request: &RequestContext, result: ApiResult<Download>) -> Response {
    match result {
        Ok(download) => file_response(download),
        Err(e) => api_error_response(&e, request.request_id),
    }
}

/// A file for the browser to save under its name (any characters: it is
/// sent percent-encoded per RFC 5987, with an ASCII fallback), never cached
/// by a shared cache.
fn file_response(download: Download) -> Response {
    let body = match download.content {
        Content::Bytes(bytes) => Body::from(bytes),
        Content::Stream(stream) => Body::from_bytes_stream(stream),
    };
    let mut response = Response::builder()
        .content_type(download.content_type)
        .header(header::CACHE_CONTROL, "private, no-cache")
        .body(body);
    attachment_headers(&mut response, &download.file_name);
    response
}

/// Marks `response` as a download named `file_name`, never rendered as a
/// page.
fn attachment_headers(response: &mut Response, file_name: &str) {
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
