//! The HTTP edge, the only part of the server that knows poem: the routes,
//! one middleware every request passes (its id, its tracing span, the
//! security headers), who is asking ([`context`]), errors as responses
//! ([`errors`]), the GraphQL endpoint, health checks, the console's files
//! and the downloads and uploads. Domains expose plain functions taking
//! [`crate::authz::Access`] and returning data or a
//! [`crate::download::Download`]; nothing outside `src/http/` imports poem
//! or this module (a test in this module walks `src/` to keep it so).

mod console;
mod context;
mod downloads;
mod errors;
mod graphql;
mod health;

use std::{future::Future, sync::Arc, time::Duration};

use anyhow::Context as _;
use poem::{
    get,
    http::{header, HeaderValue},
    listener::TcpAcceptor,
    Endpoint, EndpointExt, IntoEndpoint, IntoResponse, Request, Response, Route, Server,
};
use tracing::Instrument;
use uuid::Uuid;

use crate::{graphql::InserviceSchema, state::AppState};

/// `Strict-Transport-Security` in production: two years, the value browsers'
/// preload lists ask for, so a browser never again tries plain HTTP (where
/// the session cookie could be stripped of `Secure` or the page altered).
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The id of one request, made once by [`edge`]: the same id is in the
/// request's tracing span, in the `x-request-id` response header, in the
/// [`crate::request::RequestContext`] (audit rows, GraphQL errors) and in
/// every error body.
#[derive(Clone, Copy, Debug)]
struct RequestId(Uuid);

/// Serves `routes` on `listener` until `shutdown` completes, then gives
/// in-flight requests ten seconds to finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    schema: InserviceSchema,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    Server::new_with_acceptor(TcpAcceptor::from_tokio(listener)?)
        .run_with_graceful_shutdown(
            routes(state, schema),
            shutdown,
            Some(Duration::from_secs(10)),
        )
        .await
        .context("serving HTTP")
}

pub fn routes(state: AppState, schema: InserviceSchema) -> impl IntoEndpoint {
    let production = state.settings.is_production();
    // GraphiQL loads its scripts from a CDN without integrity checks; on the
    // session cookie's origin that would hand the CDN the console's
    // sessions. It is a development tool: production answers only POST.
    let graphql_route = if production {
        poem::post(graphql::graphql)
    } else {
        get(graphql::graphiql).post(graphql::graphql)
    };
    Route::new()
        .at("/graphql", graphql_route)
        .at("/healthz", get(health::healthz))
        .at("/readyz", get(health::readyz))
        .at(
            "/announcements/:id/attachments",
            poem::post(downloads::announcements::upload),
        )
        .at("/attachments/:id", get(downloads::announcements::download))
        .at(
            "/courses/:id/sign-in-sheet.xlsx",
            get(downloads::registrations::sign_in_sheet),
        )
        .at(
            "/teachers/:id/transcript.xlsx",
            get(downloads::hours::transcript),
        )
        .at(
            "/statistics/:id/:file",
            get(downloads::statistics::statistics_result),
        )
        .at(
            "/data-exchanges/:id/:file",
            get(downloads::statistics::exchange_export),
        )
        .at(
            "/county-reports/:id/:file",
            get(downloads::statistics::county_report),
        )
        .at("/", console::serve)
        .at("/*path", console::serve)
        .data(state)
        .data(schema)
        .around(move |ep, req| edge(ep, req, production))
}

/// What every request passes, whatever answers it: the request id and the
/// span every log line of the request is written in, and the headers every
/// response carries. Errors (404, 405…) are responses too and get the same.
async fn edge<E: Endpoint>(
    ep: Arc<E>,
    mut req: Request,
    production: bool,
) -> poem::Result<Response> {
    let request_id = Uuid::new_v4();
    req.extensions_mut().insert(RequestId(request_id));
    // Method and id only: the path can carry a teacher's id, and the
    // handler's own span names its route.
    let span = tracing::info_span!("request", %request_id, method = %req.method());
    let started = std::time::Instant::now();
    // A balancer asks these every few seconds; a healthy answer is not news.
    let probe = matches!(req.uri().path(), "/healthz" | "/readyz");
    let mut resp = async move {
        let resp = match ep.call(req).await {
            Ok(r) => r.into_response(),
            Err(e) => e.into_response(),
        };
        // One line per request, so the id a user quotes is always in the
        // log, even for a download that logged nothing else.
        let status = resp.status().as_u16();
        let ms = started.elapsed().as_millis() as u64;
        if probe && resp.status().is_success() {
            tracing::debug!(status, ms, "answered");
        } else {
            tracing::info!(status, ms, "answered");
        }
        resp
    }
    .instrument(span)
    .await;
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
    if let Ok(v) = HeaderValue::from_str(&request_id.to_string()) {
        headers.insert("x-request-id", v);
    }
    Ok(resp)
}

/// The id [`edge`] gave this request.
fn request_id(req: &Request) -> Uuid {
    match req.extensions().get::<RequestId>() {
        Some(RequestId(id)) => *id,
        // Every route is behind `edge`; a fresh id keeps an answer quotable
        // should one ever not be.
        None => Uuid::new_v4(),
    }
}

#[cfg(test)]
mod tests {
    use std::{io::Write, sync::Mutex};

    use poem::{handler, http::StatusCode, Route};

    use super::*;

    /// Log lines, kept for the test to read.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[handler]
    fn answer_with_the_id(req: &Request) -> String {
        tracing::info!("answering");
        request_id(req).to_string()
    }

    #[handler]
    fn answer_quietly() -> &'static str {
        "ok"
    }

    #[tokio::test]
    async fn a_request_has_one_id_in_its_log_lines_its_header_and_its_handler() {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _logging = tracing::subscriber::set_default(subscriber);
        let app = Route::new()
            .at("/id", get(answer_with_the_id))
            .at("/healthz", get(answer_quietly))
            .around(|ep, req| edge(ep, req, false));

        let resp = app
            .call(Request::builder().uri_str("/id").finish())
            .await
            .unwrap();
        let header = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
        let body = resp.into_body().into_string().await.unwrap();
        assert_eq!(body, header, "the handler sees the id the client gets");
        let log = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let line = log.lines().find(|l| l.contains("answering")).unwrap();
        assert!(line.contains(&format!("request_id={header}")), "{line}");

        let missing = app
            .call(Request::builder().uri_str("/nowhere").finish())
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let other = missing.headers()["x-request-id"].to_str().unwrap();
        assert!(other.parse::<Uuid>().is_ok() && other != header, "{other}");
        let log = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let answered = log
            .lines()
            .find(|l| l.contains("answered") && l.contains(&format!("request_id={other}")))
            .unwrap_or_else(|| panic!("no line answers {other}: {log}"));
        assert!(answered.contains("status=404"), "{answered}");

        // A healthy probe answers, but at debug: the info log is for people.
        let probe = app
            .call(Request::builder().uri_str("/healthz").finish())
            .await
            .unwrap();
        assert!(probe.status().is_success());
        let probe_id = probe.headers()["x-request-id"].to_str().unwrap();
        let log = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        assert!(
            !log.contains(&format!("request_id={probe_id}")),
            "a healthy probe is logged at info: {log}"
        );
    }
}
