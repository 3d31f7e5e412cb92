//! A teacher's hours for a period (a school year or a calendar year):
//! per course, in total and per tag; as data (`hoursSummary`) and as an
//! XLSX transcript (`GET /teachers/{id}/transcript.xlsx?schoolYear=115`).
//! A course counts in the period its last session ends in (Taipei dates).

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    authz::{Access, Guarded, Operation},
    courses::sql::{self as courses_sql, CourseRow},
    download::Download,
    error::{ApiError, ApiResult},
    half_hours::HalfHours,
    period::Period,
    registrations::{
        sql::{registrant, Registrant},
        Rostered,
    },
    taipei,
};

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
    let op = if own {
        Operation::ReadOwnHours
    } else {
        Operation::ReadHours
    };
    let who = match Rostered::of(who) {
        Ok(rostered) => access.grant(rostered, op).await?,
        // Serving nowhere now (left, retired): the teacher still reads their
        // own hours if they hold the teacher role anywhere (a refusal is
        // audited).
        Err(who) if own => {
            access.require_scope(Operation::ReadOwnHours).await?;
            return Ok(*who);
        }
        Err(_) => return Err(ApiError::NotFound("teacher")),
    };
    if !own {
        let entry = Entry::ok("hours.read")
            .target("teacher", who.teacher_id)
            .unit(who.unit().id);
        audit::record(pool, access.request(), entry).await?;
    }
    Ok(who.into_inner().into_registrant())
}

/// A teacher's hours over a period, with the courses they count in, for
/// `hoursSummary`.
pub struct Summary {
    pub who: Registrant,
    pub hours: Vec<CourseHours>,
    /// The courses of `hours`.
    pub courses: Vec<CourseRow>,
}

/// The summary of a teacher (`None`: the viewer) over `period`, with the
/// authorization of [`authorize`] (audited).
pub async fn summary(
    access: &Access<'_>,
    teacher_id: Option<Uuid>,
    period: Period,
) -> ApiResult<Summary> {
    let who = authorize(access, teacher_id).await?;
    let hours = course_hours(access.pool(), who.teacher_id, period).await?;
    let ids: Vec<Uuid> = hours.iter().map(|c| c.course_id).collect();
    let courses = courses_sql::find_by_ids(access.pool(), &ids).await?;
    Ok(Summary {
        who,
        hours,
        courses,
    })
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
        ws.write_number(row, 4, HalfHours(c.half_hours).hours())?;
    }
    row += 1;
    ws.write_string_with_format(row, 3, "合計", &bold)?;
    ws.write_number_with_format(
        row,
        4,
        HalfHours(courses.iter().map(|c| c.half_hours).sum()).hours(),
        &bold,
    )?;
    row += 2;
    ws.write_string_with_format(row, 0, "依類別", &bold)?;
    for (tag, half) in by_tag(courses) {
        row += 1;
        ws.write_string(row, 1, tag_names.get(&tag).unwrap_or(&tag))?;
        ws.write_number(row, 4, HalfHours(half).hours())?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(3, 12)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    workbook.save_to_buffer()
}

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
