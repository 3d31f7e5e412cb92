//! GraphQL of the hours ledger: grant one by one or by file (preview, then
//! all or nothing), revoke with a reason, the course's ledger, and a
//! teacher's summary.

use async_graphql::{Context, InputObject, Object, SimpleObject, Upload};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    apply, evaluate, find_grant, revoke, transcript,
    upload::{self, CellError, Column},
    Candidate, Evaluated, HourEntryKind, Outcome,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation},
    courses::{
        loaders::CourseCode,
        sql::{self as courses_sql, CourseRow},
        Course,
    },
    error::{ApiError, ApiResult, ErrorCode, InputError, Payload},
    graphql::pagination::{Page, PageRequest},
    half_hours::HalfHours,
    payloads,
    period::Period,
    tables::SourceFormat,
    teachers::personal_code::PersonalCode,
};

#[derive(InputObject)]
pub struct HoursEntryInput {
    pub personal_code: String,
    /// In halves: 3 or 3.5.
    pub hours: f64,
    /// Required to correct hours already granted.
    pub reason: Option<String>,
}

/// One row's outcome.
#[derive(SimpleObject)]
pub struct HoursRow {
    /// The file line (header = 1), or the entry's index for `grantHours`.
    pub line: i32,
    pub personal_code: String,
    pub teacher_name: Option<String>,
    pub hours: Option<f64>,
    /// The hours in force before, for corrections.
    pub previous_hours: Option<f64>,
    pub outcome: Outcome,
    /// Fields `personalCode`, `hours`, `reason` (for `grantHours`,
    /// `entries[i].hours` …).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject, Default)]
pub struct HoursPayload {
    /// How a file was read (CSV_UTF8, CSV_BIG5, SPREADSHEET); null for entries.
    pub format: Option<String>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub rows: Vec<HoursRow>,
    pub new_count: i32,
    pub corrected_count: i32,
    pub unchanged_count: i32,
    pub error_count: i32,
    /// Written: not a dry run and no row had an error.
    pub committed: bool,
    /// Problems with the whole request (the course, the file).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

/// One ledger entry.
#[derive(SimpleObject)]
pub struct HourEntry {
    pub id: Uuid,
    pub kind: HourEntryKind,
    /// Negative for a revocation.
    pub hours: f64,
    pub teacher_name: String,
    pub personal_code: String,
    pub reason: Option<String>,
    pub issued_by_login: Option<String>,
    pub issued_at: OffsetDateTime,
    /// For a grant: whether a later entry revoked it.
    pub revoked: bool,
    /// For a revocation: the grant it cancels.
    pub revokes_id: Option<Uuid>,
}

#[derive(SimpleObject, Default)]
pub struct RevokeHoursPayload {
    /// The revocation entry.
    pub entry: Option<HourEntry>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(HoursPayload, RevokeHoursPayload);

/// Hours of one course in a summary.
#[derive(SimpleObject)]
pub struct CourseHoursLine {
    pub course: Course,
    pub hours: f64,
}

#[derive(SimpleObject)]
pub struct TagHours {
    pub tag: CourseCode,
    pub hours: f64,
}

#[derive(SimpleObject)]
pub struct HoursSummary {
    pub teacher_name: String,
    /// e.g. 115 學年度, 2026 年.
    pub period: String,
    pub total_hours: f64,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub courses: Vec<CourseHoursLine>,
    /// Totals per attribute tag (a course with two tags counts in both).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub by_tag: Vec<TagHours>,
    /// Where to download it as XLSX.
    pub transcript_url: String,
}

fn no_course() -> InputError {
    InputError::new("courseId", ErrorCode::NotFound, "No such course.")
}

/// Evaluates the rows with the course locked and, unless `dry_run` or any
/// row has an error, writes them: all or nothing.
async fn run(
    access: &Access<'_>,
    course_id: Uuid,
    rows: Vec<Candidate>,
    dry_run: bool,
    source: &str,
    field: impl Fn(usize, Column) -> String,
    format: Option<SourceFormat>,
) -> ApiResult<HoursPayload> {
    let Some(course) = access
        .fetch::<CourseRow>(course_id, Operation::GrantHours)
        .await?
    else {
        return Ok(HoursPayload::rejected(vec![no_course()]));
    };
    if let Err(refusal) = course.check_grant_hours(OffsetDateTime::now_utc()) {
        return Ok(HoursPayload::rejected(vec![refusal.into()]));
    }
    let mut tx = access.pool().begin().await?;
    let Some(course) =
        crate::courses::lock(access, &mut tx, course.id, Operation::GrantHours).await?
    else {
        return Ok(HoursPayload::rejected(vec![no_course()]));
    };
    let evaluated = evaluate(&mut tx, &course, rows).await?;
    let has_errors = evaluated.iter().any(|r| r.outcome == Outcome::Error);
    let committed = !dry_run && !has_errors;
    if committed {
        apply(&mut tx, &course, &evaluated, source, access.request()).await?;
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    let not_admitted = evaluated.iter().filter(|r| r.not_admitted).count();
    if not_admitted > 0 {
        // After the rollback: the refusal itself is what the log keeps.
        let entry = Entry::failed("hours.not_admitted")
            .target("course", course.id)
            .detail(format!(
                "{not_admitted} personal codes of teachers not admitted ({source})"
            ));
        audit::record(access.pool(), access.request(), entry).await?;
    }
    Ok(report(evaluated, committed, format, field))
}

fn report(
    evaluated: Vec<Evaluated>,
    committed: bool,
    format: Option<SourceFormat>,
    field: impl Fn(usize, Column) -> String,
) -> HoursPayload {
    let count = |o: Outcome| evaluated.iter().filter(|r| r.outcome == o).count() as i32;
    HoursPayload {
        format: format.map(|f| f.label().to_owned()),
        new_count: count(Outcome::New),
        corrected_count: count(Outcome::Corrected),
        unchanged_count: count(Outcome::Unchanged),
        error_count: count(Outcome::Error),
        committed,
        errors: vec![],
        rows: evaluated
            .into_iter()
            .map(|e| HoursRow {
                line: e.row.line as i32,
                personal_code: e
                    .row
                    .code
                    .as_ref()
                    .map_or(e.row.code_text.clone(), |c| c.as_str().to_owned()),
                teacher_name: e.teacher_name,
                hours: e.row.half_hours.map(|h| HalfHours::from(h).hours()),
                previous_hours: e.previous.map(|p| HalfHours::from(p.1).hours()),
                outcome: e.outcome,
                errors: e
                    .row
                    .errors
                    .iter()
                    .map(|c: &CellError| InputError {
                        field: c.column.map(|col| field(e.row.line, col)),
                        code: c.code,
                        message: c.message.clone(),
                        params: c.params.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn column_field(c: Column) -> &'static str {
    match c {
        Column::PersonalCode => "personalCode",
        Column::Hours => "hours",
        Column::Reason => "reason",
        Column::Name => "name",
    }
}

#[derive(Default)]
pub struct HoursMutation;

#[Object]
impl HoursMutation {
    /// Grants hours to teachers admitted to a course, by personal code;
    /// different hours from a grant in force correct it (a reason is
    /// required). All entries are written, or none when any has an error.
    async fn grant_hours(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
        entries: Vec<HoursEntryInput>,
    ) -> ApiResult<HoursPayload> {
        let access = Access::of(ctx)?;
        if entries.is_empty() || entries.len() > upload::MAX_ROWS {
            return Err(ApiError::BadRequest(format!(
                "Give between 1 and {} entries; upload a file for more.",
                upload::MAX_ROWS
            )));
        }
        let mut seen = std::collections::HashMap::new();
        let rows = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let mut errors = vec![];
                let code = match PersonalCode::parse(&e.personal_code) {
                    Ok(c) => {
                        if let Some(first) = seen.insert(c.as_str().to_owned(), i) {
                            errors.push(CellError {
                                column: Some(Column::PersonalCode),
                                code: ErrorCode::AlreadyExists,
                                message: format!("The same personal code as entry {first}."),
                                params: Vec::new(),
                            });
                        }
                        Some(c)
                    }
                    Err(err) => {
                        errors.push(CellError {
                            column: Some(Column::PersonalCode),
                            code: ErrorCode::InvalidFormat,
                            message: err.message().into(),
                            params: Vec::new(),
                        });
                        None
                    }
                };
                let half_hours = match upload::half_hours(&e.hours.to_string()) {
                    Ok(h) => Some(h),
                    Err(message) => {
                        errors.push(CellError {
                            column: Some(Column::Hours),
                            code: ErrorCode::OutOfRange,
                            message,
                            params: Vec::new(),
                        });
                        None
                    }
                };
                let reason = e
                    .reason
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty());
                if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
                    errors.push(CellError {
                        column: Some(Column::Reason),
                        code: ErrorCode::TooLong,
                        message: "A reason may have at most 500 characters.".into(),
                        params: Vec::new(),
                    });
                }
                Candidate {
                    line: i,
                    code_text: e.personal_code,
                    code,
                    half_hours,
                    reason,
                    errors,
                }
            })
            .collect();
        run(
            &access,
            course_id,
            rows,
            false,
            "single",
            |i, c| format!("entries[{i}].{}", column_field(c)),
            None,
        )
        .await
    }

    /// Grants hours from a file (CSV in UTF-8 or Big5, XLSX, XLS, ODS; first
    /// row 個人專用識別碼, 時數, optionally 理由 and 姓名). With `dryRun`
    /// nothing is written and every row's outcome is reported; otherwise
    /// the file is applied whole, or not at all when any row has an error.
    async fn upload_hours(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
        file: Upload,
        dry_run: bool,
    ) -> ApiResult<HoursPayload> {
        let access = Access::of(ctx)?;
        if access
            .fetch::<CourseRow>(course_id, Operation::GrantHours)
            .await?
            .is_none()
        {
            return Ok(HoursPayload::rejected(vec![no_course()]));
        }
        let upload = file
            .value(ctx)
            .map_err(|e| ApiError::BadRequest(format!("The file could not be read: {e}")))?;
        let (format, rows) = match upload::read_off_the_runtime(upload.content.clone()).await {
            Ok(v) => v,
            Err(e) => {
                return Ok(HoursPayload::rejected(vec![InputError::new(
                    "file",
                    ErrorCode::InvalidFormat,
                    e.message(),
                )]))
            }
        };
        let rows = rows
            .into_iter()
            .map(|r| Candidate {
                line: r.line,
                code_text: r.code_text,
                code: r.code,
                half_hours: r.half_hours,
                reason: r.reason,
                errors: r.errors,
            })
            .collect();
        run(
            &access,
            course_id,
            rows,
            dry_run,
            "upload",
            |_, c| column_field(c).to_owned(),
            Some(format),
        )
        .await
    }

    /// Revokes a grant, with a reason: a new ledger entry with the negative
    /// hours; the grant itself is kept.
    async fn revoke_hours(
        &self,
        ctx: &Context<'_>,
        grant_id: Uuid,
        reason: String,
    ) -> ApiResult<RevokeHoursPayload> {
        let access = Access::of(ctx)?;
        let not_found = || {
            RevokeHoursPayload::rejected(vec![InputError::new(
                "grantId",
                ErrorCode::NotFound,
                "No such grant.",
            )])
        };
        let mut conn = access.pool().acquire().await?;
        let Some(found) = find_grant(&mut conn, grant_id).await? else {
            return Ok(not_found());
        };
        drop(conn);
        if access
            .fetch::<CourseRow>(found.course_id, Operation::GrantHours)
            .await?
            .is_none()
        {
            return Ok(not_found());
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Ok(RevokeHoursPayload::rejected(vec![InputError::new(
                "reason",
                if reason.is_empty() {
                    ErrorCode::Required
                } else {
                    ErrorCode::TooLong
                },
                "A reason of at most 500 characters is required.",
            )]));
        }
        let mut tx = access.pool().begin().await?;
        let Some(course) = courses_sql::lock(&mut tx, found.course_id).await? else {
            return Ok(not_found());
        };
        // Re-read under the lock: someone may have revoked it meanwhile.
        let Some(grant) = find_grant(&mut tx, grant_id).await? else {
            return Ok(not_found());
        };
        if let Err(refusal) = grant.check_revoke() {
            return Ok(RevokeHoursPayload::rejected(vec![refusal.into()]));
        }
        let id = revoke(&mut tx, &course, &grant, reason, access.request()).await?;
        tx.commit().await?;
        let entry = entries(access.pool(), course.id, Some(id), 0, 1)
            .await?
            .0
            .pop();
        Ok(RevokeHoursPayload {
            entry,
            errors: vec![],
        })
    }
}

/// A course's ledger (or one entry of it), oldest first, and the total.
async fn entries(
    pool: &sqlx::PgPool,
    course_id: Uuid,
    only: Option<Uuid>,
    offset: i64,
    limit: i64,
) -> ApiResult<(Vec<HourEntry>, i64)> {
    let rows = sqlx::query!(
        r#"SELECT e.id, e.kind AS "kind: HourEntryKind", e.half_hours, t.name AS teacher_name, t.personal_code, e.reason,
                  e.issued_by_login, e.issued_at, e.revokes_id,
                  EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = e.id) AS "revoked!",
                  count(*) OVER () AS "total!"
             FROM hour_entries e JOIN teachers t ON t.id = e.teacher_id
            WHERE e.course_id = $1 AND ($2::uuid IS NULL OR e.id = $2)
            ORDER BY e.issued_at, e.id
           OFFSET $3 LIMIT $4"#,
        course_id,
        only,
        offset,
        limit
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    Ok((
        rows.into_iter()
            .map(|r| HourEntry {
                id: r.id,
                kind: r.kind,
                hours: HalfHours::from(r.half_hours).hours(),
                teacher_name: r.teacher_name,
                personal_code: r.personal_code,
                reason: r.reason,
                issued_by_login: r.issued_by_login,
                issued_at: r.issued_at,
                revoked: r.revoked,
                revokes_id: r.revokes_id,
            })
            .collect(),
        total,
    ))
}

#[derive(Default)]
pub struct HoursQuery;

#[Object]
impl HoursQuery {
    /// A course's hours ledger, for its organizer: every grant and
    /// revocation, oldest first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn hour_entries(
        &self,
        ctx: &Context<'_>,
        course_id: Uuid,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<HourEntry>> {
        let access = Access::of(ctx)?;
        if access
            .fetch::<CourseRow>(course_id, Operation::GrantHours)
            .await?
            .is_none()
        {
            return Err(ApiError::NotFound("course"));
        }
        let page = PageRequest::<i64>::new(first, after)?;
        let offset = page.after.unwrap_or(0);
        let (rows, total) =
            entries(access.pool(), course_id, None, offset, page.fetch_limit()).await?;
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (offset + i as i64 + 1, r))
            .collect();
        Ok(page.connection(rows, total))
    }

    /// A teacher's hours over a school year (ROC, e.g. 115) or a calendar
    /// year: per course, in total and per tag. `teacherId` defaults to the
    /// signed-in teacher; others need to read their school's hours (audited).
    async fn hours_summary(
        &self,
        ctx: &Context<'_>,
        teacher_id: Option<Uuid>,
        school_year: Option<i32>,
        calendar_year: Option<i32>,
    ) -> ApiResult<HoursSummary> {
        let period = Period::from_args(school_year, calendar_year)?;
        let access = Access::of(ctx)?;
        let who = transcript::authorize(&access, teacher_id).await?;
        let courses = transcript::course_hours(access.pool(), who.teacher_id, period).await?;
        let tags = crate::graphql::loaders::loader::<crate::courses::loaders::CodeList>(ctx)?
            .load_one("tag".to_owned())
            .await
            .map_err(crate::graphql::loaders::load_error)?
            .unwrap_or_default();
        let by_tag = transcript::by_tag(&courses)
            .into_iter()
            .filter_map(|(code, half)| {
                let tag = tags.iter().find(|t| t.code == code)?.clone();
                Some(TagHours {
                    tag,
                    hours: HalfHours(half).hours(),
                })
            })
            .collect();
        let ids: Vec<Uuid> = courses.iter().map(|c| c.course_id).collect();
        let rows = courses_sql::find_by_ids(access.pool(), &ids).await?;
        let query = period.query_string();
        Ok(HoursSummary {
            teacher_name: who.name.clone(),
            period: period.label_zh(),
            total_hours: HalfHours(courses.iter().map(|c| c.half_hours).sum()).hours(),
            courses: courses
                .iter()
                .filter_map(|c| {
                    let row = rows.iter().find(|r| r.id == c.course_id)?.clone();
                    Some(CourseHoursLine {
                        course: Course(row),
                        hours: HalfHours(c.half_hours).hours(),
                    })
                })
                .collect(),
            by_tag,
            transcript_url: format!("/teachers/{}/transcript.xlsx?{query}", who.teacher_id),
        })
    }
}
