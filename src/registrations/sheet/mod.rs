//! The sign-in sheet (簽到表, 提案三): a course's admitted teachers in the
//! registration list's order (county, district, school, name), with the
//! course code, title, dates and venue on top and columns to sign in and
//! out. As data for the console's print page (`signInSheet`) and as XLSX
//! (`GET /courses/{id}/sign-in-sheet.xlsx`). No national IDs: the sheet
//! shows names and, to the organizer, personal codes.

mod graphql;

pub use graphql::SignInSheetQuery;

use async_graphql::SimpleObject;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use uuid::Uuid;

use super::{
    sql::{self, RegistrationRow},
    RegistrationStatus,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation},
    courses::{fields::Session, sql as courses_sql, sql::CourseRow},
    download::Download,
    error::{ApiError, ApiResult},
    half_hours::HalfHours,
    taipei,
};

/// One line of the sheet.
#[derive(SimpleObject, Clone, Debug)]
pub struct SignInRow {
    /// 1, 2, 3 … in sheet order.
    pub number: i32,
    pub county_name: Option<String>,
    pub district: Option<String>,
    pub school_name: Option<String>,
    pub teacher_name: String,
    /// Shown to the organizer only.
    pub personal_code: Option<String>,
}

/// The sheet: its header facts and rows.
pub struct SignInSheet {
    course: CourseRow,
    organizer_name: String,
    sessions: Vec<Session>,
    rows: Vec<SignInRow>,
}

fn session_lines(sessions: &[Session]) -> Vec<String> {
    sessions
        .iter()
        .map(|s| {
            let end = taipei::format(s.ends_at);
            let start = taipei::format(s.starts_at);
            // Same day: only the end's time.
            match (start.split_once(' '), end.split_once(' ')) {
                (Some((d1, _)), Some((d2, t2))) if d1 == d2 => format!("{start}–{t2}"),
                _ => format!("{start} – {end}"),
            }
        })
        .collect()
}

/// Builds the sheet for the viewer: requires `registration read` at the
/// organizer and audits the read.
pub async fn load(access: &Access<'_>, course_id: Uuid) -> ApiResult<SignInSheet> {
    let pool = access.pool();
    let Some(course) = access
        .fetch::<CourseRow>(course_id, Operation::ReadRegistrations)
        .await?
    else {
        return Err(ApiError::NotFound("course"));
    };
    let course = course.into_inner();
    let with_codes = access.can(Operation::ManageRegistrations, &course.organizer());
    let (admitted, _) = sql::list(
        pool,
        course.id,
        &[RegistrationStatus::Admitted],
        0,
        i64::from(course.capacity),
    )
    .await?;
    let sessions = courses_sql::sessions_of(pool, &[course.id])
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let entry = Entry::ok("registration.sign_in_sheet")
        .target("course", course.id)
        .unit(course.organizer_id);
    audit::record(pool, access.request(), entry).await?;
    Ok(SignInSheet {
        rows: rows(&admitted, with_codes),
        organizer_name: course.organizer_name.clone(),
        course,
        sessions,
    })
}

fn rows(admitted: &[RegistrationRow], with_codes: bool) -> Vec<SignInRow> {
    admitted
        .iter()
        .zip(1..)
        .map(|(r, number)| SignInRow {
            number,
            county_name: r.county_name().map(str::to_owned),
            district: r.district.clone(),
            school_name: r.school_name.clone(),
            teacher_name: r.teacher_name.clone(),
            personal_code: with_codes.then(|| r.personal_code.clone()),
        })
        .collect()
}

/// The sheet as an XLSX workbook: A4 portrait, one page wide, the column
/// headings repeated on every printed page, rows tall enough to sign.
pub fn to_xlsx(sheet: &SignInSheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("簽到表")?;
    let title = Format::new().set_bold().set_font_size(16);
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#E8EEF4");
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let with_codes = sheet.rows.iter().any(|r| r.personal_code.is_some());
    let mut columns: Vec<(&str, f64)> = vec![
        ("序號", 6.0),
        ("縣市", 10.0),
        ("鄉鎮市區", 10.0),
        ("服務學校", 28.0),
        ("姓名", 12.0),
    ];
    if with_codes {
        columns.push(("個人專用識別碼", 16.0));
    }
    columns.push(("簽到", 16.0));
    columns.push(("簽退", 16.0));
    let last_col = (columns.len() - 1) as u16;

    let c = &sheet.course;
    let code = c.code.map(|n| n.to_string()).unwrap_or_default();
    ws.merge_range(0, 0, 0, last_col, "研習簽到表", &title)?;
    let facts = [
        ("研習代碼", code),
        ("研習名稱", c.title.clone()),
        ("主辦單位", sheet.organizer_name.clone()),
        ("研習時間", session_lines(&sheet.sessions).join("；")),
        ("地點", c.place().to_owned()),
        ("研習時數", HalfHours::from(c.half_hours).to_string()),
    ];
    let mut row = 1;
    for (label, value) in &facts {
        ws.write_string_with_format(row, 0, *label, &bold)?;
        ws.merge_range(row, 1, row, last_col, value, &Format::new())?;
        row += 1;
    }
    row += 1;
    let heading_row = row;
    for (col, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(heading_row, col as u16, *name, &head)?;
        ws.set_column_width(col as u16, *width)?;
    }
    for r in &sheet.rows {
        row += 1;
        let mut values = vec![
            r.number.to_string(),
            r.county_name.clone().unwrap_or_default(),
            r.district.clone().unwrap_or_default(),
            r.school_name.clone().unwrap_or_default(),
            r.teacher_name.clone(),
        ];
        if with_codes {
            values.push(r.personal_code.clone().unwrap_or_default());
        }
        values.push(String::new());
        values.push(String::new());
        for (col, v) in values.iter().enumerate() {
            ws.write_string_with_format(row, col as u16, v, &cell)?;
        }
        ws.set_row_height(row, 30)?;
    }
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(heading_row, heading_row)?;
    ws.set_footer("&C第 &P 頁，共 &N 頁");
    workbook.save_to_buffer()
}

/// The sheet as an XLSX file named after the course code, for
/// `GET /courses/{id}/sign-in-sheet.xlsx` (same authorization and audit as
/// [`load`]).
pub async fn xlsx_file(access: &Access<'_>, course_id: Uuid) -> ApiResult<Download> {
    let sheet = load(access, course_id).await?;
    let bytes = to_xlsx(&sheet).map_err(anyhow::Error::new)?;
    let code = sheet
        .course
        .code
        .map_or_else(|| sheet.course.id.to_string(), |c| c.to_string());
    Ok(Download::xlsx(format!("簽到表-{code}.xlsx"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn sessions_read_as_taipei_times() {
        let lines = session_lines(&[
            Session {
                starts_at: datetime!(2026-12-01 01:00 UTC),
                ends_at: datetime!(2026-12-01 04:00 UTC),
            },
            Session {
                starts_at: datetime!(2026-12-01 15:00 UTC),
                ends_at: datetime!(2026-12-02 18:00 UTC),
            },
        ]);
        assert_eq!(lines[0], "2026-12-01 09:00–12:00");
        assert_eq!(lines[1], "2026-12-01 23:00 – 2026-12-03 02:00");
    }
}
