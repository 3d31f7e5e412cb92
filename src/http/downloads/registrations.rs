//! `GET /courses/{id}/sign-in-sheet.xlsx`.

use poem::{
    handler,
    web::{Data, Path},
    Response,
};
use uuid::Uuid;

use super::respond;
use crate::{authz::Access, registrations::sheet, request::RequestContext, state::AppState};

#[handler]
#[tracing::instrument(skip_all, fields(route = "/courses/:id/sign-in-sheet.xlsx"))]
pub(in crate::http) async fn sign_in_sheet(
    Path(id): Path<Uuid>,
    Data(state): Data<&AppState>,
    request: RequestContext,
) -> Response {
    let access = Access::new(state, &request);
    respond(&request, sheet::xlsx_file(&access, id).await)
}
