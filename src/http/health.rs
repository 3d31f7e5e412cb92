//! `GET /healthz` (the process answers) and `GET /readyz` (and reaches its
//! database), for load balancers and orchestrators.

use poem::{handler, http::StatusCode, web::Data, IntoResponse, Response};

use crate::state::AppState;

#[handler]
pub(super) fn healthz() -> &'static str {
    "ok"
}

#[handler]
#[tracing::instrument(skip_all, fields(route = "/readyz"))]
pub(super) async fn readyz(Data(state): Data<&AppState>) -> Response {
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
