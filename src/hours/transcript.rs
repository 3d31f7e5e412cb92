//! A teacher's hours for a period (a school year or a calendar year):
//! per course, in total and per tag; as data (`hoursSummary`) and as an
//! XLSX transcript (`GET /teachers/{id}/transcript.xlsx?schoolYear=115`).
//! A course counts in the period its last session ends in (Taipei dates).

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;
use sqlx::PgExecutor;
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    authz::{Access, Operation, UnitTarget},
    download::Download,
    error::{ApiError, ApiResult},
    registrations::sql::{registrant, Registrant},
    taipei::{self, TAIPEI},
};

/// The span hours are counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// ROC school year: 115 = 2026-08-01 … 2027-07-31.
    SchoolYear(i32),
    CalendarYear(i32),
    /// From the first to the last date, both included (Taipei dates).
    Dates(Date, Date),
}

impl Period {
    /// From the two optional arguments: exactly one must be given.
    pub fn from_args(school_year: Option<i32>, calendar_year: Option<i32>) -> ApiResult<Self> {
        Self::parse(school_year, calendar_year, None, None).map_err(ApiError::BadRequest)
    }

    /// A school year, a calendar year, or dates from and to (both
    /// included): exactly one. The error says what is wrong.
    pub fn parse(
        school_year: Option<i32>,
        calendar_year: Option<i32>,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Self, String> {
        match (school_year, calendar_year, from, to) {
            (Some(y), None, None, None) if (50..=300).contains(&y) => Ok(Self::SchoolYear(y)),
            (None, Some(y), None, None) if (1961..=2211).contains(&y) => Ok(Self::CalendarYear(y)),
            (Some(y), None, None, None) => Err(format!(
                "{y} is not a school year; school years are ROC years such as 115."
            )),
            (None, Some(y), None, None) => Err(format!("{y} is not a calendar year in range.")),
            (None, None, Some(from), Some(to)) if from > to => {
                Err(format!("The period is reversed: {from} is after {to}."))
            }
            (None, None, Some(from), Some(to)) if to.year() - from.year() > 10 => {
                Err("A period of dates spans at most ten years.".into())
            }
            (None, None, Some(from), Some(to)) => Ok(Self::Dates(from, to)),
            (None, None, Some(_), None) | (None, None, None, Some(_)) => {
                Err("A period of dates needs both `from` and `to`.".into())
            }
            (None, None, None, None) => Err(
                "The period is empty: give a school year, a calendar year, or dates from and to."
                    .into(),
            ),
            _ => Err(
                "Give exactly one of a school year, a calendar year, or dates from and to.".into(),
            ),
        }
    }

    /// The period as URL query parameters, for download links.
    pub fn query_string(self) -> String {
        match self {
            Self::SchoolYear(y) => format!("schoolYear={y}"),
            Self::CalendarYear(y) => format!("calendarYear={y}"),
            Self::Dates(from, to) => format!("from={from}&to={to}"),
        }
    }

    /// [start, end) in Taipei time.
    pub fn bounds(self) -> (OffsetDateTime, OffsetDateTime) {
        let at = |y: i32, m: Month| {
            Date::from_calendar_date(y, m, 1)
                .unwrap_or(Date::MIN)
                .midnight()
                .assume_offset(TAIPEI)
        };
        match self {
            Self::SchoolYear(y) => (at(y + 1911, Month::August), at(y + 1912, Month::August)),
            Self::CalendarYear(y) => (at(y, Month::January), at(y + 1, Month::January)),
            Self::Dates(from, to) => (
                from.midnight().assume_offset(TAIPEI),
                to.next_day()
                    .unwrap_or(Date::MAX)
                    .midnight()
                    .assume_offset(TAIPEI),
            ),
        }
    }

    pub fn label_zh(self) -> String {
        match self {
            Self::SchoolYear(y) => format!("{y} 學年度"),
            Self::CalendarYear(y) => format!("{y} 年"),
            Self::Dates(from, to) => format!("{from}～{to}"),
        }
    }
}

/// The school year (ROC) a Taipei date falls in.
pub fn school_year_of(date: Date) -> i32 {
    let year = date.year() - 1911;
    if u8::from(date.month()) >= 8 {
        year
    } else {
        year - 1
    }
}

/// One course's hours for the teacher.
#[derive(Clone, Debug)]
pub struct CourseHours {
    pub course_id: Uuid,
    pub code: Option<i32>,
    pub title: String,
    pub organizer: String,
    pub tags: Vec<String>,
    pub ends_at: OffsetDateTime,
    pub half_hours: i64,
}

/// The hours of a teacher over a period, newest course last.
pub async fn course_hours(
    db: impl PgExecutor<'_>,
    teacher_id: Uuid,
    period: Period,
) -> sqlx::Result<Vec<CourseHours>> {
    let (from, to) = period.bounds();
    sqlx::query_as!(
        CourseHours,
        r#"SELECT c.id AS course_id, c.code, c.title, o.name AS organizer, c.tags, c.ends_at,
                  sum(e.half_hours) AS "half_hours!"
             FROM hour_entries e
             JOIN courses c ON c.id = e.course_id
             JOIN org_units o ON o.id = c.organizer_id
            WHERE e.teacher_id = $1 AND c.ends_at >= $2 AND c.ends_at < $3
            GROUP BY c.id, o.name
           HAVING sum(e.half_hours) > 0
            ORDER BY c.ends_at, c.code"#,
        teacher_id,
        from,
        to
    )
    .fetch_all(db)
    .await
}

/// Half hours per tag code, in tag order.
pub fn by_tag(courses: &[CourseHours]) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for c in courses {
        for tag in &c.tags {
            *out.entry(tag.clone()).or_default() += c.half_hours;
        }
    }
    out
}

/// The teacher, after requiring the viewer to be them (`hours self`) or to
/// read the hours of their school (`hours read`); the read is audited.
pub async fn authorize(access: &Access<'_>, teacher_id: Option<Uuid>) -> ApiResult<Registrant> {
    let user = access.user()?;
    let pool = access.pool();
    let who = match teacher_id {
        Some(id) => registrant(pool, id).await?,
        None => crate::registrations::sql::registrant_of_user(pool, user.id).await?,
    }
    .ok_or(ApiError::NotFound("teacher"))?;
    let own = who.user_id == Some(user.id);
    let target = match (who.school_id, who.school_path.clone()) {
        (Some(id), Some(path)) => UnitTarget { id, path },
        // Serving nowhere now (left, retired): the teacher still reads their
        // own hours if they hold the teacher role anywhere (a refusal is
        // audited).
        _ if own => {
            access.require_scope(Operation::ReadOwnHours).await?;
            return Ok(who);
        }
        _ => return Err(ApiError::NotFound("teacher")),
    };
    let op = if own {
        Operation::ReadOwnHours
    } else {
        Operation::ReadHours
    };
    access
        .require(op, &target, who.school_name.as_deref().unwrap_or(""))
        .await?;
    if !own {
        let entry = Entry::ok("hours.read")
            .target("teacher", who.teacher_id)
            .unit(target.id);
        audit::record(pool, access.request(), entry).await?;
    }
    Ok(who)
}

/// The transcript workbook.
pub fn to_xlsx(
    who: &Registrant,
    period: Period,
    courses: &[CourseHours],
    tag_names: &BTreeMap<String, String>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("研習時數")?;
    let title = Format::new().set_bold().set_font_size(16);
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, "教師在職進修研習時數證明", &title)?;
    ws.write_string_with_format(1, 0, "姓名", &bold)?;
    ws.write_string(1, 1, &who.name)?;
    ws.write_string_with_format(2, 0, "服務學校", &bold)?;
    ws.write_string(2, 1, who.school_name.as_deref().unwrap_or(""))?;
    ws.write_string_with_format(3, 0, "期間", &bold)?;
    ws.write_string(3, 1, period.label_zh())?;
    ws.write_string_with_format(4, 0, "製表時間", &bold)?;
    ws.write_string(4, 1, taipei::format(OffsetDateTime::now_utc()))?;
    let mut row = 6;
    for (col, h) in ["研習代碼", "研習名稱", "主辦單位", "結束日期", "時數"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, col as u16, *h, &bold)?;
    }
    for c in courses {
        row += 1;
        ws.write_string(row, 0, c.code.map(|n| n.to_string()).unwrap_or_default())?;
        ws.write_string(row, 1, &c.title)?;
        ws.write_string(row, 2, &c.organizer)?;
        ws.write_string(row, 3, &taipei::format(c.ends_at)[..10])?;
        ws.write_number(row, 4, super::from_halves(c.half_hours))?;
    }
    row += 1;
    ws.write_string_with_format(row, 3, "合計", &bold)?;
    ws.write_number_with_format(
        row,
        4,
        super::from_halves(courses.iter().map(|c| c.half_hours).sum()),
        &bold,
    )?;
    row += 2;
    ws.write_string_with_format(row, 0, "依類別", &bold)?;
    for (tag, half) in by_tag(courses) {
        row += 1;
        ws.write_string(row, 1, tag_names.get(&tag).unwrap_or(&tag))?;
        ws.write_number(row, 4, super::from_halves(half))?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(3, 12)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    workbook.save_to_buffer()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodQuery {
    school_year: Option<i32>,
    calendar_year: Option<i32>,
    #[serde(default, with = "iso_date::option")]
    from: Option<Date>,
    #[serde(default, with = "iso_date::option")]
    to: Option<Date>,
}

impl PeriodQuery {
    pub fn period(&self) -> ApiResult<Period> {
        Period::parse(self.school_year, self.calendar_year, self.from, self.to)
            .map_err(ApiError::BadRequest)
    }
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// A teacher's transcript for a period as an XLSX file, for
/// `GET /teachers/{id}/transcript.xlsx?schoolYear=115` (or `calendarYear=2026`):
/// the same authorization as [`authorize`], and audited.
pub async fn transcript(
    access: &Access<'_>,
    teacher_id: Uuid,
    period: Period,
) -> ApiResult<Download> {
    let pool = access.pool();
    let who = authorize(access, Some(teacher_id)).await?;
    let courses = course_hours(pool, who.teacher_id, period).await?;
    let tag_names: BTreeMap<String, String> =
        sqlx::query!("SELECT code, name FROM course_codes WHERE list = 'tag'")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect();
    let bytes = to_xlsx(&who, period, &courses, &tag_names).map_err(anyhow::Error::new)?;
    let entry = Entry::ok("hours.transcript").target("teacher", who.teacher_id);
    audit::record(pool, access.request(), entry).await?;
    Ok(Download::xlsx(
        format!(
            "研習時數-{}-{}.xlsx",
            who.name,
            period.label_zh().replace(' ', "")
        ),
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn school_years_run_from_august_in_taipei() {
        assert_eq!(school_year_of(date!(2026 - 08 - 01)), 115);
        assert_eq!(school_year_of(date!(2027 - 07 - 31)), 115);
        assert_eq!(school_year_of(date!(2026 - 07 - 31)), 114);
        let (from, to) = Period::SchoolYear(115).bounds();
        assert_eq!(from, datetime!(2026-07-31 16:00 UTC));
        assert_eq!(to, datetime!(2027-07-31 16:00 UTC));
        let (from, _) = Period::CalendarYear(2026).bounds();
        assert_eq!(from, datetime!(2025-12-31 16:00 UTC));
    }

    #[test]
    fn exactly_one_period_is_given() {
        assert!(Period::from_args(None, None).is_err());
        assert!(Period::from_args(Some(115), Some(2026)).is_err());
        assert!(
            Period::from_args(Some(2026), None).is_err(),
            "a Gregorian year as ROC"
        );
        assert_eq!(
            Period::from_args(Some(115), None).unwrap(),
            Period::SchoolYear(115)
        );
    }
}
