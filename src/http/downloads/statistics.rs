//! Statistics results, data-exchange exports and county reports.

use poem::{
    handler,
    web::{Data, Path, Query},
    Response,
};
use uuid::Uuid;

use super::respond;
use crate::{
    authz::Access, period::PeriodQuery, request::RequestContext, state::AppState,
    statistics::downloads,
};

/// `GET /statistics/{id}/result.{csv,xlsx,ods}`.
#[handler]
#[tracing::instrument(skip_all, fields(route = "/statistics/:id/:file"))]
pub(in crate::http) async fn statistics_result(
    Path((id, file)): Path<(Uuid, String)>,
    Data(state): Data<&AppState>,
    request: RequestContext,
) -> Response {
    let access = Access::new(state, &request);
    respond(
        &request,
        downloads::statistics_result(&access, id, &file).await,
    )
}

/// `GET /data-exchanges/{id}/export.csv`, streamed.
#[handler]
#[tracing::instrument(skip_all, fields(route = "/data-exchanges/:id/:file"))]
pub(in crate::http) async fn exchange_export(
    Path((id, file)): Path<(Uuid, String)>,
    Data(state): Data<&AppState>,
    request: RequestContext,
) -> Response {
    let access = Access::new(state, &request);
    respond(
        &request,
        downloads::exchange_export(&access, id, &file).await,
    )
}

/// `GET /county-reports/{id}/county-report.{csv,xlsx,ods}?schoolYear=115`
/// (or `calendarYear=`, or `from=&to=`).
#[handler]
#[tracing::instrument(skip_all, fields(route = "/county-reports/:id/:file"))]
pub(in crate::http) async fn county_report(
    Path((id, file)): Path<(Uuid, String)>,
    Query(q): Query<PeriodQuery>,
    Data(state): Data<&AppState>,
    request: RequestContext,
) -> Response {
    let access = Access::new(state, &request);
    respond(
        &request,
        downloads::county_report_file(&access, id, &file, &q).await,
    )
}
