//! `GET /teachers/{id}/transcript.xlsx?schoolYear=115` (or
//! `calendarYear=2026`, or `from=&to=`).

use poem::{
    handler,
    web::{Data, Path, Query},
    Response,
};
use uuid::Uuid;

use super::respond;
use crate::{authz::Access, hours, period::PeriodQuery, request::RequestContext, state::AppState};

#[handler]
#[tracing::instrument(skip_all, fields(route = "/teachers/:id/transcript.xlsx"))]
pub(in crate::http) async fn transcript(
    Path(id): Path<Uuid>,
    Query(q): Query<PeriodQuery>,
    Data(state): Data<&AppState>,
    request: RequestContext,
) -> Response {
    let access = Access::new(state, &request);
    let result = async { hours::transcript::transcript(&access, id, q.period()?).await };
    respond(&request, result.await)
}
