//! GraphQL of statistics requests, data-exchange applications and the
//! county report. Resolvers parse input and build payloads; submitting,
//! deciding and reading are the domain's (`applications`, `requests`,
//! `exchange`, `county_report`).

use async_graphql::{Context, InputObject, MergedObject, Object, OutputType, SimpleObject};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{
    applications::{
        self, Application, ApplicationKind, ApplicationStatus, ApplicationTransition, Decision,
    },
    county_report::{self, CountyReport},
    exchange::{self, DataExchangeInput, Exchange, ExchangeRow},
    files::DownloadFormat,
    query::Table,
    requests::{self, RequestRow, Statistics, K},
    spec::{self, PurposeCategory, Spec, StatisticsRequestInput},
};
use crate::{
    authz::{Access, Operation, UnitTarget},
    error::{ApiResult, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    units::OrgUnit,
};

/// A file to download, while it may be.
#[derive(SimpleObject, Clone)]
pub struct Download {
    pub format: DownloadFormat,
    /// Relative to the console's origin; needs the requester's or the
    /// commissioner's session.
    pub url: String,
    /// Null for files made on request from current data (the county report).
    pub expires_at: Option<OffsetDateTime>,
}

#[derive(SimpleObject)]
pub struct ApplicationPermissions {
    /// Approve or reject (the commissioner, not for their own).
    pub decide: bool,
    /// Fetch the files (the requester and the commissioner).
    pub download: bool,
}

/// What every application shows, whatever its kind. Merged into
/// `StatisticsRequest` and `DataExchange`, so the two cannot drift apart.
pub struct ApplicationFields {
    id: Uuid,
    number: i32,
    status: ApplicationStatus,
    purpose: String,
    unit_id: Uuid,
    requester_id: Uuid,
    requester_name: String,
    progress: f32,
    error: Option<String>,
    decided_by_name: Option<String>,
    decided_at: Option<OffsetDateTime>,
    decision_reason: Option<String>,
    created_at: OffsetDateTime,
    completed_at: Option<OffsetDateTime>,
    expires_at: Option<OffsetDateTime>,
    /// Whether the files may be fetched now.
    downloadable: bool,
    /// What the decider holds (the commissioner's operation for this kind).
    decider_op: Operation,
}

impl ApplicationFields {
    fn of<D: ApplicationKind>(row: &Application<D>) -> Self {
        Self {
            id: row.id,
            number: row.number,
            status: row.status,
            purpose: row.purpose.clone(),
            unit_id: row.unit_id,
            requester_id: row.requester_id,
            requester_name: row.requester_name.clone(),
            progress: row.progress,
            error: row.error.clone(),
            decided_by_name: row.decided_by_name.clone(),
            decided_at: row.decided_at,
            decision_reason: row.decision_reason.clone(),
            created_at: row.created_at,
            completed_at: row.completed_at,
            expires_at: row.expires_at,
            downloadable: D::downloadable(row, OffsetDateTime::now_utc()),
            decider_op: D::DECIDE,
        }
    }
}

#[Object]
impl ApplicationFields {
    async fn id(&self) -> Uuid {
        self.id
    }
    /// Numbered per kind: 統計申請第 n 號, 資訊傳報第 n 號.
    async fn number(&self) -> i32 {
        self.number
    }
    async fn status(&self) -> ApplicationStatus {
        self.status
    }
    async fn purpose(&self) -> &str {
        &self.purpose
    }
    /// The unit applied for: the requester's, for statistics; the county
    /// bureau or K-12 division whose teachers are exported, for data exchange.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        crate::units::load_unit(ctx, Some(self.unit_id)).await
    }
    async fn requester_name(&self) -> &str {
        &self.requester_name
    }
    /// 0 … 1 while the job runs; 1 when completed.
    async fn progress(&self) -> f32 {
        self.progress
    }
    async fn expires_at(&self) -> Option<OffsetDateTime> {
        self.expires_at
    }
    /// Why the job failed, in words for people.
    async fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
    async fn decided_by_name(&self) -> Option<&str> {
        self.decided_by_name.as_deref()
    }
    async fn decided_at(&self) -> Option<OffsetDateTime> {
        self.decided_at
    }
    async fn decision_reason(&self) -> Option<&str> {
        self.decision_reason.as_deref()
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.created_at
    }
    async fn completed_at(&self) -> Option<OffsetDateTime> {
        self.completed_at
    }
    /// Every step: who, when, from, to, why.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn transitions(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApplicationTransition>> {
        Ok(
            loader::<crate::statistics::applications::TransitionsOf>(ctx)?
                .load_one(self.id)
                .await
                .map_err(load_error)?
                .unwrap_or_default(),
        )
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<ApplicationPermissions> {
        let access = Access::of(ctx)?;
        let decider = access.can(self.decider_op, &UnitTarget::network());
        let viewer = access.viewer().user_id();
        Ok(ApplicationPermissions {
            decide: decider
                && viewer.is_some_and(|v| {
                    applications::decidable(self.status, self.requester_id, v).is_ok()
                }),
            download: self.downloadable && (decider || viewer == Some(self.requester_id)),
        })
    }
}

/// What only a statistics request shows.
pub struct StatisticsRequestOwnFields(RequestRow);

#[Object]
impl StatisticsRequestOwnFields {
    async fn purpose_category(&self) -> PurposeCategory {
        self.0.details.purpose_category
    }
    /// What was asked for; frozen once decided.
    async fn spec(&self) -> ApiResult<Spec> {
        Ok(self.0.details.spec()?)
    }
    /// Cells counting 1 to k-1 teachers are suppressed.
    async fn k(&self) -> i32 {
        self.0.details.k
    }
    /// The published table (suppressed), once completed.
    async fn result(&self) -> ApiResult<Option<Table>> {
        Ok(match &self.0.details.result {
            Some(v) => Some(serde_json::from_value(v.clone()).map_err(anyhow::Error::new)?),
            None => None,
        })
    }
    /// CSV, XLSX and ODS, until they expire.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn downloads(&self) -> Vec<Download> {
        let now = OffsetDateTime::now_utc();
        match self.0.expires_at {
            Some(expires_at) if Statistics::downloadable(&self.0, now) => DownloadFormat::ALL
                .into_iter()
                .map(|format| Download {
                    format,
                    url: format!("/statistics/{}/result.{}", self.0.id, format.extension()),
                    expires_at: Some(expires_at),
                })
                .collect(),
            _ => vec![],
        }
    }
}

/// A statistics request (統計數據申請).
#[derive(MergedObject)]
pub struct StatisticsRequest(ApplicationFields, StatisticsRequestOwnFields);

impl StatisticsRequest {
    pub fn new(row: RequestRow) -> Self {
        Self(ApplicationFields::of(&row), StatisticsRequestOwnFields(row))
    }
}

/// What only a data-exchange application shows.
pub struct DataExchangeOwnFields(ExchangeRow);

#[Object]
impl DataExchangeOwnFields {
    /// Courses ending from this day …
    async fn period_from(&self) -> Date {
        self.0.details.period_from
    }
    /// … to this day, included.
    async fn period_to(&self) -> Date {
        self.0.details.period_to
    }
    /// Until when the applicant may use the records.
    async fn valid_until(&self) -> Date {
        self.0.details.valid_until
    }
    /// Records in the export, once completed.
    async fn row_count(&self) -> Option<i64> {
        self.0.details.row_count
    }
    /// The CSV export, until it expires.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn downloads(&self) -> Vec<Download> {
        match self.0.expires_at {
            Some(expires_at) if Exchange::downloadable(&self.0, OffsetDateTime::now_utc()) => {
                vec![Download {
                    format: DownloadFormat::Csv,
                    url: format!("/data-exchanges/{}/export.csv", self.0.id),
                    expires_at: Some(expires_at),
                }]
            }
            _ => vec![],
        }
    }
}

/// A data-exchange application (資訊傳報).
#[derive(MergedObject)]
pub struct DataExchange(ApplicationFields, DataExchangeOwnFields);

impl DataExchange {
    pub fn new(row: ExchangeRow) -> Self {
        Self(ApplicationFields::of(&row), DataExchangeOwnFields(row))
    }
}

#[derive(InputObject, Default)]
pub struct ApplicationFilter {
    pub status: Option<ApplicationStatus>,
}

crate::payload! {
    pub struct StatisticsRequestPayload {
        pub request: Option<StatisticsRequest>,
    }
}

crate::payload! {
    pub struct DataExchangePayload {
        pub data_exchange: Option<DataExchange>,
    }
}

#[derive(Default)]
pub struct StatisticsQuery;

/// A page of applications of one kind, newest first: the commissioner sees
/// all, a requester their own.
async fn applications_page<D: ApplicationKind, T: OutputType>(
    access: &Access<'_>,
    filter: ApplicationFilter,
    first: Option<i32>,
    after: Option<String>,
    node: fn(Application<D>) -> T,
) -> ApiResult<Page<T>> {
    let requester = applications::list_requester::<D>(access).await?;
    let page = PageRequest::<i64>::new(first, after)?;
    let offset = page.after.unwrap_or(0);
    let (rows, total) =
        applications::list::<D>(access, requester, filter.status, offset, page.fetch_limit())
            .await?;
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| (offset + i as i64 + 1, node(r)))
        .collect();
    Ok(page.connection(rows, total))
}

#[Object]
impl StatisticsQuery {
    /// Statistics requests, newest first: the commissioner sees all, a
    /// requester their own.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn statistics_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] filter: ApplicationFilter,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<StatisticsRequest>> {
        let access = Access::of(ctx)?;
        applications_page(&access, filter, first, after, StatisticsRequest::new).await
    }

    async fn statistics_request(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> ApiResult<Option<StatisticsRequest>> {
        let access = Access::of(ctx)?;
        let request = applications::fetch_readable::<Statistics>(&access, id).await?;
        Ok(request.map(|r| StatisticsRequest::new(r.into_inner())))
    }

    /// Data-exchange applications, newest first: the commissioner sees all,
    /// an applicant their own.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn data_exchanges(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] filter: ApplicationFilter,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<DataExchange>> {
        let access = Access::of(ctx)?;
        applications_page(&access, filter, first, after, DataExchange::new).await
    }

    async fn data_exchange(&self, ctx: &Context<'_>, id: Uuid) -> ApiResult<Option<DataExchange>> {
        let access = Access::of(ctx)?;
        let exchange = applications::fetch_readable::<Exchange>(&access, id).await?;
        Ok(exchange.map(|x| DataExchange::new(x.into_inner())))
    }

    /// The courses of the schools a county bureau (or a K-12 division)
    /// governs, for a period: no personal data, so no application.
    async fn county_report(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        period: spec::PeriodSpec,
    ) -> ApiResult<CountyReport> {
        let access = Access::of(ctx)?;
        let period = period.period()?;
        let unit = county_report::authorize(&access, unit_id).await?;
        county_report::load(&access, &unit, period).await
    }
}

#[derive(Default)]
pub struct StatisticsMutation;

#[Object]
impl StatisticsMutation {
    /// Submits a statistics request for the commissioner's approval.
    async fn request_statistics(
        &self,
        ctx: &Context<'_>,
        input: StatisticsRequestInput,
    ) -> ApiResult<StatisticsRequestPayload> {
        let access = Access::of(ctx)?;
        Ok(match requests::request(&access, &input).await? {
            Ok(row) => StatisticsRequestPayload {
                request: Some(StatisticsRequest::new(row)),
                errors: vec![],
            },
            Err(errors) => StatisticsRequestPayload::rejected(errors),
        })
    }

    /// Approves (starting the job) or rejects (with a reason) a request.
    /// `k` is the disclosure threshold, 3 unless set higher.
    async fn decide_statistics_request(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        approve: bool,
        reason: Option<String>,
        k: Option<i32>,
    ) -> ApiResult<StatisticsRequestPayload> {
        let access = Access::of(ctx)?;
        let decision = Decision::<Statistics> {
            approve,
            reason: reason.as_deref(),
            own: K(k.unwrap_or(3)),
        };
        Ok(match applications::decide(&access, id, decision).await? {
            Ok(row) => StatisticsRequestPayload {
                request: Some(StatisticsRequest::new(row)),
                errors: vec![],
            },
            Err(errors) => StatisticsRequestPayload::rejected(errors),
        })
    }

    /// Applies for the identified training records of the teachers serving
    /// in a county bureau's or K-12 division's jurisdiction.
    async fn apply_data_exchange(
        &self,
        ctx: &Context<'_>,
        input: DataExchangeInput,
    ) -> ApiResult<DataExchangePayload> {
        let access = Access::of(ctx)?;
        Ok(match exchange::apply(&access, &input).await? {
            Ok(row) => DataExchangePayload {
                data_exchange: Some(DataExchange::new(row)),
                errors: vec![],
            },
            Err(errors) => DataExchangePayload::rejected(errors),
        })
    }

    /// Approves (starting the export) or rejects (with a reason) an
    /// application.
    async fn decide_data_exchange(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        approve: bool,
        reason: Option<String>,
    ) -> ApiResult<DataExchangePayload> {
        let access = Access::of(ctx)?;
        let decision = Decision::<Exchange> {
            approve,
            reason: reason.as_deref(),
            own: (),
        };
        Ok(match applications::decide(&access, id, decision).await? {
            Ok(row) => DataExchangePayload {
                data_exchange: Some(DataExchange::new(row)),
                errors: vec![],
            },
            Err(errors) => DataExchangePayload::rejected(errors),
        })
    }
}
