//! Downloads: statistics results (CSV, XLSX, ODS), data-exchange exports
//! (CSV, streamed) and the county report. Each goes through the same
//! authorization as the GraphQL field it belongs to, refuses expired files
//! with 410 EXPIRED, and is audited.

use futures_util::{stream, StreamExt};
use sqlx::postgres::PgPoolCopyExt;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    applications::{fetch_readable, ApplicationKind},
    county_report,
    exchange::{self, Exchange},
    files::{self, DownloadFormat, Sheet, Value, BOM},
    query::{ColumnKind, Table},
    requests::{RequestRow, Statistics},
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted},
    download::{Content, Download},
    error::{ApiError, ApiResult},
    period::PeriodQuery,
};

/// Rows of a `COPY` stream passed on in one write, at most.
const COPY_BATCH: usize = 512;

fn expired(what: &str, at: Option<OffsetDateTime>) -> ApiError {
    ApiError::Expired(match at {
        Some(at) => format!(
            "This {what} expired at {}; ask for it again.",
            crate::taipei::format(at)
        ),
        None => format!("This {what} is not ready to download."),
    })
}

fn format_of(file: &str, stem: &str) -> ApiResult<DownloadFormat> {
    file.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(DownloadFormat::from_extension)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "Ask for {stem}.csv, {stem}.xlsx or {stem}.ods, not {file}."
            ))
        })
}

/// The published table of a request the viewer may read, as a sheet:
/// suppressed cells marked, numbers as numbers.
pub fn result_sheet(request: &Granted<RequestRow>, table: &Table) -> Sheet {
    let measure = |i: usize| table.columns[i].kind == ColumnKind::Measure;
    Sheet {
        title: format!("統計數據申請第 {} 號", request.number),
        headers: table.columns.iter().map(|c| c.label.clone()).collect(),
        rows: table
            .rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| match cell {
                        None => Value::Hidden,
                        Some(v) if measure(i) => v
                            .parse::<f64>()
                            .map_or_else(|_| Value::Text(v.clone()), Value::Number),
                        Some(v) => Value::Text(v.clone()),
                    })
                    .collect()
            })
            .collect(),
        notes: vec![
            format!(
                "{} 表示該格研習教師人數少於 {} 人，或可由其他數字推算出這樣的格子，故不公開。",
                files::HIDDEN_MARK,
                table.k
            ),
            format!("申請目的：{}", request.purpose),
        ],
    }
}

/// `GET /statistics/{id}/result.{csv,xlsx,ods}`: the requester and the
/// commissioner, until the result expires. `file` is the name asked for.
pub async fn statistics_result(access: &Access<'_>, id: Uuid, file: &str) -> ApiResult<Download> {
    let format = format_of(file, "result")?;
    let row = fetch_readable::<Statistics>(access, id)
        .await?
        .ok_or(ApiError::NotFound(Statistics::NOUN))?;
    let Some(result) = row
        .details
        .result
        .clone()
        .filter(|_| Statistics::downloadable(&row, OffsetDateTime::now_utc()))
    else {
        return Err(expired("result", row.expires_at));
    };
    let table: Table = serde_json::from_value(result).map_err(anyhow::Error::new)?;
    let bytes = files::render(&result_sheet(&row, &table), format)?;
    let entry = Entry::ok("statistics.download")
        .target("statistics_request", id)
        .unit(row.unit_id)
        .detail(format.extension());
    audit::record(access.pool(), access.request(), entry).await?;
    Ok(Download::new(
        format!("統計數據申請第{}號.{}", row.number, format.extension()),
        format.content_type(),
        bytes,
    ))
}

/// `GET /data-exchanges/{id}/export.csv`: streamed from PostgreSQL with
/// `COPY … TO STDOUT`, behind a byte-order mark; the applicant and the
/// commissioner, until it expires.
pub async fn exchange_export(access: &Access<'_>, id: Uuid, file: &str) -> ApiResult<Download> {
    if file != "export.csv" {
        return Err(ApiError::BadRequest(format!(
            "Ask for export.csv, not {file}."
        )));
    }
    let row = fetch_readable::<Exchange>(access, id)
        .await?
        .ok_or(ApiError::NotFound(Exchange::NOUN))?;
    if !Exchange::downloadable(&row, OffsetDateTime::now_utc()) {
        return Err(expired("export", row.expires_at));
    }
    // Audited before the first byte leaves.
    let entry = Entry::ok("exchange.download")
        .target("data_exchange", id)
        .unit(row.unit_id)
        .detail(format!("{} rows", row.details.row_count.unwrap_or(0)));
    audit::record(access.pool(), access.request(), entry).await?;
    let copy = access
        .pool()
        .copy_out_raw(&exchange::copy_statement(id))
        .await?;
    // PostgreSQL sends one message per row; what has arrived is passed
    // on together, so that one write carries many rows.
    let rows = copy.ready_chunks(COPY_BATCH).map(|chunks| {
        let mut buffer = bytes::BytesMut::new();
        for chunk in chunks {
            buffer.extend_from_slice(&chunk.map_err(|e| std::io::Error::other(e.to_string()))?);
        }
        Ok::<_, std::io::Error>(buffer.freeze())
    });
    let body = stream::once(async { Ok(bytes::Bytes::from_static(BOM)) }).chain(rows);
    Ok(Download {
        file_name: format!("資訊傳報第{}號.csv", row.number),
        content_type: DownloadFormat::Csv.content_type().to_owned(),
        content: Content::Stream(body.boxed()),
    })
}

/// `GET /county-reports/{id}/county-report.{csv,xlsx,ods}?schoolYear=115` (or
/// `calendarYear=`, or `from=&to=`). The file name is checked before the
/// period, so a request wrong in both hears about the name.
pub async fn county_report_file(
    access: &Access<'_>,
    id: Uuid,
    file: &str,
    query: &PeriodQuery,
) -> ApiResult<Download> {
    let pool = access.pool();
    let format = format_of(file, "county-report")?;
    let period = query.period()?;
    let unit = county_report::authorize(access, id).await?;
    let report = county_report::load(access, &unit, period).await?;
    let bytes = files::render(&county_report::sheet(&report), format)?;
    let entry = Entry::ok("report.county")
        .target("unit", unit.id)
        .unit(unit.id)
        .detail(format!("{} {}", period.label_zh(), format.extension()));
    audit::record(pool, access.request(), entry).await?;
    Ok(Download::new(
        format!(
            "研習課程報表-{}-{}.{}",
            unit.name,
            period.label_zh().replace(' ', ""),
            format.extension()
        ),
        format.content_type(),
        bytes,
    ))
}
