//! The web console, built by `npm --prefix console run build` into
//! `console/dist` and embedded in the release binary (debug builds read the
//! folder at run time), so one binary is the whole product.
//!
//! Hashed assets (`/assets/*`) are cached for a year; `index.html` is always
//! revalidated; any other path that is not a file is a console route and gets
//! `index.html` (SPA fallback). Every console response carries a strict
//! Content-Security-Policy: the console needs nothing but its own origin.

use poem::{
    handler,
    http::{header, Method, StatusCode},
    Request, Response,
};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "console/dist"]
#[allow_missing = true]
struct ConsoleFiles;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
    <title>inservice</title><p>The console has not been built. Run \
    <code>npm --prefix console ci &amp;&amp; npm --prefix console run build</code> \
    (or <code>make run</code>) and rebuild the server. The API is at \
    <a href=\"/graphql\">/graphql</a>.</p></html>";

fn file_response(body: Vec<u8>, mime: &str, cache: &'static str) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, cache)
        .header("content-security-policy", CONTENT_SECURITY_POLICY)
        .body(body)
}

/// Serves a console file or, for routes, `index.html`.
#[handler]
pub fn serve(req: &Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into();
    }
    let path = req.uri().path().trim_start_matches('/');
    if !path.is_empty() {
        if let Some(file) = ConsoleFiles::get(path) {
            let cache = if path.starts_with("assets/") {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            return file_response(file.data.into_owned(), file.metadata.mimetype(), cache);
        }
        // A missing hashed asset is a 404, not the app: a stale page asking
        // for an old bundle must fail visibly rather than get HTML as JS.
        if path.starts_with("assets/") || path.contains('.') {
            return StatusCode::NOT_FOUND.into();
        }
    }
    match ConsoleFiles::get("index.html") {
        Some(index) => file_response(
            index.data.into_owned(),
            "text/html; charset=utf-8",
            "no-cache",
        ),
        None => file_response(
            NOT_BUILT.as_bytes().to_vec(),
            "text/html; charset=utf-8",
            "no-cache",
        ),
    }
}
