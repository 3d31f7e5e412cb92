//! The web console, built by `npm --prefix console run build` into
//! `console/dist` and embedded in the release binary (debug builds read the
//! folder at run time), so one binary is the whole product.
//!
//! Hashed assets (`/assets/*`) are cached for a year; `index.html` is always
//! revalidated; any other path that is not a file is a console route and gets
//! `index.html` (SPA fallback). Text files are sent gzip-compressed to
//! clients that accept it (compressed once, then kept in memory). Every
//! console response carries a strict Content-Security-Policy: the console
//! needs nothing but its own origin.

use std::{
    collections::HashMap,
    io::Write,
    sync::{Arc, Mutex, OnceLock},
};

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
        .header(header::VARY, "accept-encoding")
        .header("content-security-policy", CONTENT_SECURITY_POLICY)
        .body(body)
}

fn accepts_gzip(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.trim().split(';');
            parts.next() == Some("gzip") && !parts.any(|p| p.trim() == "q=0")
        })
}

fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.contains("javascript")
        || mime.contains("json")
        || mime.contains("svg")
}

/// The gzip form of a file, keyed by its content hash so a rebuilt file
/// (debug builds read from disk) is never served stale.
fn gzipped(hash: [u8; 32], data: &[u8]) -> Option<Arc<Vec<u8>>> {
    type GzipCache = Mutex<HashMap<[u8; 32], Arc<Vec<u8>>>>;
    static CACHE: OnceLock<GzipCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok()?.get(&hash) {
        return Some(hit.clone());
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).ok()?;
    let compressed = Arc::new(encoder.finish().ok()?);
    cache.lock().ok()?.insert(hash, compressed.clone());
    Some(compressed)
}

/// Responds with `data`, compressed when the client accepts gzip.
fn text_or_gzip(
    req: &Request,
    data: &[u8],
    hash: [u8; 32],
    mime: &str,
    cache: &'static str,
) -> Response {
    if accepts_gzip(req) && compressible(mime) {
        if let Some(gz) = gzipped(hash, data) {
            let mut resp = file_response(gz.as_ref().clone(), mime, cache);
            resp.headers_mut().insert(
                header::CONTENT_ENCODING,
                poem::http::HeaderValue::from_static("gzip"),
            );
            return resp;
        }
    }
    file_response(data.to_vec(), mime, cache)
}

fn embedded_response(
    req: &Request,
    file: rust_embed::EmbeddedFile,
    mime: &str,
    cache: &'static str,
) -> Response {
    text_or_gzip(req, &file.data, file.metadata.sha256_hash(), mime, cache)
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
            let mime = file.metadata.mimetype().to_owned();
            return embedded_response(req, file, &mime, cache);
        }
        // A missing hashed asset is a 404, not the app: a stale page asking
        // for an old bundle must fail visibly rather than get HTML as JS.
        if path.starts_with("assets/") {
            return StatusCode::NOT_FOUND.into();
        }
    }
    match ConsoleFiles::get("index.html") {
        Some(index) => embedded_response(req, index, "text/html; charset=utf-8", "no-cache"),
        None => {
            use sha2::Digest;
            let hash = sha2::Sha256::digest(NOT_BUILT.as_bytes()).into();
            text_or_gzip(
                req,
                NOT_BUILT.as_bytes(),
                hash,
                "text/html; charset=utf-8",
                "no-cache",
            )
        }
    }
}
