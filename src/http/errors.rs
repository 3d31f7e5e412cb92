//! Failures as responses, in the shape GraphQL clients already read:
//! `{"errors": [{"message", "extensions": {"code", "requestId"}}]}`.

use poem::{
    http::{header, StatusCode},
    Response,
};
use uuid::Uuid;

use crate::error::{ApiError, InputError};

/// A GraphQL-shaped error response for failures outside GraphQL execution.
/// (The edge adds the same id as `x-request-id`.)
pub(super) fn error_response(
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
        .body(body.to_string())
}

/// A top-level error as the response of a route outside GraphQL.
pub(super) fn api_error_response(e: &ApiError, request_id: Uuid) -> Response {
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

/// Input errors of a plain HTTP form (an upload), shaped like a mutation
/// payload's `errors`.
pub(super) fn input_errors_response(status: StatusCode, errors: &[InputError]) -> Response {
    let body = serde_json::json!({
        "errors": errors.iter().map(|e| serde_json::json!({
            "field": e.field,
            "code": async_graphql::resolver_utils::enum_value(e.code).to_string(),
            "message": e.message,
            "params": e.params.iter().map(|p| serde_json::json!({
                "name": p.name, "value": p.value,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()
    });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}
