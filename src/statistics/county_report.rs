//! The county report (提案二 決議一): the courses of the schools a county
//! bureau or K-12 division governs, for a period. Counts only, no personal
//! data, so no application: a regional center reads its own jurisdiction.
//!
//! A course counts in the period its last session ends in, like hours.

use async_graphql::SimpleObject;
use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::files::{Sheet, Value};
use crate::{
    authz::{Access, Granted, Operation},
    error::{ApiError, ApiResult},
    half_hours::HalfHours,
    period::Period,
    taipei::TAIPEI,
    units::{EducationStage, UnitRow},
};

#[derive(SimpleObject, Clone, Debug)]
pub struct CountyReportRow {
    pub course_id: Uuid,
    /// The 7-digit course code, as `Course.code`.
    pub course_code: Option<String>,
    pub title: String,
    /// First and last day (Taipei).
    pub starts_on: Date,
    pub ends_on: Date,
    pub organizer: String,
    pub stage: Option<EducationStage>,
    /// Admitted registrations.
    pub participants: i32,
    /// Teachers with hours granted (net of revocations).
    pub teachers_granted: i64,
    pub hours_granted: f64,
}

#[derive(SimpleObject)]
pub struct CountyReport {
    pub unit_name: String,
    /// e.g. 115 學年度.
    pub period: String,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub rows: Vec<CountyReportRow>,
    /// CSV, XLSX and ODS of the same report (need the same session).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub downloads: Vec<super::graphql::Download>,
}

/// The unit, once the viewer may read its report (refusals audited).
pub async fn authorize(access: &Access<'_>, unit_id: Uuid) -> ApiResult<Granted<UnitRow>> {
    access
        .fetch::<UnitRow>(unit_id, Operation::ReadCountyReport)
        .await?
        .ok_or(ApiError::NotFound("unit"))
}

pub async fn rows(
    pool: &PgPool,
    unit: &UnitRow,
    period: Period,
) -> sqlx::Result<Vec<CountyReportRow>> {
    let (from, to) = period.bounds();
    let rows = sqlx::query!(
        r#"SELECT c.id, c.code, c.title, c.starts_at, c.ends_at, o.name AS organizer,
                  o.education_stage, c.admitted_count,
                  coalesce(g.teachers, 0) AS "teachers!", coalesce(g.half_hours, 0) AS "half_hours!"
             FROM org_units j
             JOIN org_units o ON o.path <@ j.path
             JOIN courses c ON c.organizer_id = o.id
             LEFT JOIN LATERAL (
                  SELECT count(*) FILTER (WHERE e.kind = 'grant')
                         - count(*) FILTER (WHERE e.kind = 'revocation') AS teachers,
                         sum(e.half_hours) AS half_hours
                    FROM hour_entries e WHERE e.course_id = c.id) g ON true
            WHERE j.id = $1 AND c.ends_at >= $2 AND c.ends_at < $3
              AND c.status IN ('approved', 'completed')
            ORDER BY c.starts_at, c.code"#,
        unit.id,
        from,
        to
    )
    .fetch_all(pool)
    .await?;
    let day = |t: OffsetDateTime| t.to_offset(TAIPEI).date();
    Ok(rows
        .into_iter()
        .map(|r| CountyReportRow {
            course_id: r.id,
            course_code: r.code.map(|c| c.to_string()),
            title: r.title,
            starts_on: day(r.starts_at),
            ends_on: day(r.ends_at),
            organizer: r.organizer,
            stage: r.education_stage.as_deref().and_then(EducationStage::parse),
            participants: r.admitted_count,
            teachers_granted: r.teachers,
            hours_granted: HalfHours(r.half_hours).hours(),
        })
        .collect())
}

/// The report of a unit the viewer may read it of ([`authorize`]).
#[tracing::instrument(skip_all, fields(unit = %unit.id, period = %period.label_zh()))]
pub async fn load(
    access: &Access<'_>,
    unit: &Granted<UnitRow>,
    period: Period,
) -> ApiResult<CountyReport> {
    let unit: &UnitRow = unit;
    let rows = rows(access.pool(), unit, period).await?;
    Ok(CountyReport {
        unit_name: unit.name.clone(),
        period: period.label_zh(),
        rows,
        downloads: super::files::DownloadFormat::ALL
            .into_iter()
            .map(|format| super::graphql::Download {
                format,
                url: format!(
                    "/county-reports/{}/county-report.{}?{}",
                    unit.id,
                    format.extension(),
                    period.query_string()
                ),
                expires_at: None,
            })
            .collect(),
    })
}

pub fn sheet(report: &CountyReport) -> Sheet {
    Sheet {
        title: format!("{} 研習課程報表 {}", report.unit_name, report.period),
        headers: [
            "研習代碼",
            "研習名稱",
            "開始日期",
            "結束日期",
            "開課學校",
            "教育階段",
            "錄取人數",
            "核發時數人數",
            "核發時數合計",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: report
            .rows
            .iter()
            .map(|r| {
                vec![
                    Value::Text(r.course_code.clone().unwrap_or_default()),
                    Value::Text(r.title.clone()),
                    Value::Text(r.starts_on.to_string()),
                    Value::Text(r.ends_on.to_string()),
                    Value::Text(r.organizer.clone()),
                    Value::Text(r.stage.map(|s| s.label_zh()).unwrap_or("").to_owned()),
                    Value::Number(r.participants as f64),
                    Value::Number(r.teachers_granted as f64),
                    Value::Number(r.hours_granted),
                ]
            })
            .collect(),
        notes: vec![format!(
            "研習以最後一場次結束日期歸入期間；核發時數已扣除撤銷。共 {} 門研習。",
            report.rows.len()
        )],
    }
}
