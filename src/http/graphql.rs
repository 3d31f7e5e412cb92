//! `POST /graphql` (JSON, or multipart for a file upload) and GraphiQL on
//! `GET /graphql` in development.

use async_graphql::{
    http::{receive_batch_body, GraphiQLSource, MultipartOptions},
    BatchRequest, BatchResponse, ErrorExtensionValues, ServerError,
};
use poem::{
    handler,
    http::StatusCode,
    web::{Data, Html},
    Body, IntoResponse, Request, Response,
};
use uuid::Uuid;

use super::{context::resolve, errors::error_response, request_id};
use crate::{
    audit::Denials,
    graphql::{loaders::Loaders, InserviceSchema, MAX_BATCH},
    request::RequestContext,
    state::AppState,
};

/// The largest file a GraphQL upload may carry (a school's roster).
const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

#[handler]
pub(super) fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}

#[handler]
#[tracing::instrument(name = "graphql", skip_all, fields(route = "/graphql"))]
pub(super) async fn graphql(
    req: &Request,
    body: Body,
    Data(state): Data<&AppState>,
    Data(schema): Data<&InserviceSchema>,
) -> Response {
    let request_id = request_id(req);
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
    let context = match resolve(state, req, StatusCode::OK).await {
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
    async_graphql_poem::GraphQLBatchResponse(response).into_response()
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
