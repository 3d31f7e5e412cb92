//! Files attached to announcements: `POST /announcements/{id}/attachments`
//! (multipart, one field `file`) and `GET /attachments/{id}`.

use poem::{
    handler,
    http::StatusCode,
    web::{Data, Multipart, Path},
    Request, Response,
};
use tokio::io::AsyncReadExt as _;
use uuid::Uuid;

use super::{
    super::errors::{api_error_response, error_response, input_errors_response},
    respond,
};
use crate::{
    announcements::attachments::{self, Attachment},
    audit,
    authz::Access,
    error::{ApiError, ApiResult, ErrorCode, InputError},
    request::RequestContext,
    state::AppState,
};

/// The `X-Requested-With` header is required: a cross-site form cannot send
/// it, so a browser's cookie cannot be used to upload from another site.
#[handler]
#[tracing::instrument(skip_all, fields(route = "/announcements/:id/attachments"))]
pub(in crate::http) async fn upload(
    req: &Request,
    Path(announcement_id): Path<Uuid>,
    Data(state): Data<&AppState>,
    multipart: Multipart,
    request: RequestContext,
) -> Response {
    if req.headers().get("x-requested-with").is_none() {
        return error_response(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "Uploads need the X-Requested-With header.".into(),
            request.request_id,
        );
    }
    let access = Access::new(state, &request);
    match receive(&access, announcement_id, multipart).await {
        Ok(Ok(attachment)) => created(&attachment),
        Ok(Err(e)) => input_errors_response(status_of(&e), &[e]),
        Err(e) => api_error_response(&e, request.request_id),
    }
}

/// Authorizes, then reads the file (no more than one byte over the limit)
/// and stores it.
async fn receive(
    access: &Access<'_>,
    announcement_id: Uuid,
    mut multipart: Multipart,
) -> ApiResult<Result<Attachment, InputError>> {
    let announcement = match attachments::upload_target(access, announcement_id).await? {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    let field = loop {
        match multipart.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => break Some(f),
            Ok(Some(_)) => continue,
            Ok(None) => break None,
            Err(e) => return Err(unreadable(e)),
        }
    };
    let Some(field) = field else {
        return Ok(Err(InputError::new(
            "file",
            ErrorCode::Required,
            "Send the file in a form field named “file”.",
        )));
    };
    let file_name = field.file_name().unwrap_or("attachment").to_owned();
    let mut data = Vec::new();
    let reader = field.into_async_read();
    tokio::pin!(reader);
    reader
        .take(attachments::max_bytes(access) as u64 + 1)
        .read_to_end(&mut data)
        .await
        .map_err(unreadable)?;
    attachments::upload(access, &announcement, &file_name, data).await
}

fn unreadable(e: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("The upload could not be read: {e}"))
}

/// The status of a refused upload: what was missing, too large, of the wrong
/// kind, or one too many.
fn status_of(e: &InputError) -> StatusCode {
    match e.code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::TooLong => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::InvalidFormat => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::OutOfRange => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    }
}

fn created(a: &Attachment) -> Response {
    let body = serde_json::json!({
        "id": a.id, "fileName": a.file_name, "contentType": a.content_type,
        "sizeBytes": a.size_bytes, "url": a.url, "createdAt": audit::timestamp(a.created_at),
    });
    Response::builder()
        .status(StatusCode::CREATED)
        .content_type("application/json")
        .body(body.to_string())
}

/// For those who may see its announcement; audited.
#[handler]
#[tracing::instrument(skip_all, fields(route = "/attachments/:id"))]
pub(in crate::http) async fn download(
    Path(id): Path<Uuid>,
    Data(state): Data<&AppState>,
    request: RequestContext,
) -> Response {
    let access = Access::new(state, &request);
    respond(&request, attachments::download(&access, id).await)
}
