//! GraphQL of the hours ledger: grant one by one or by file (preview, then
//! all or nothing), revoke with a reason, the course's ledger, and a
//! teacher's summary. Resolvers parse input and build payloads; the
//! operations and reads are the domain's (`super`, `transcript`).

use async_graphql::{Context, InputObject, Object, SimpleObject, Upload};
use uuid::Uuid;

use super::{
    transcript,
    upload::{self, CellError, Column},
    Candidate, Granting, HourEntry, Outcome,
};
use crate::{
    authz::{Access, Operation},
    courses::{loaders::CourseCode, sql::CourseRow, Course},
    error::{ApiError, ApiResult, InputError, Payload},
    graphql::pagination::{Page, PageRequest},
    half_hours::HalfHours,
    period::Period,
    refusal,
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

// Written out, not with `crate::payload!`: a field with a cost of its own
// names `child_complexity`, which a derive made inside the macro does not
// share with this file (macro hygiene).
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

impl Payload for HoursPayload {
    fn set_errors(&mut self, errors: Vec<InputError>) {
        self.errors = errors;
    }
}

crate::payload! {
    pub struct RevokeHoursPayload {
        /// The revocation entry.
        pub entry: Option<HourEntry>,
    }
}

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

/// The payload of a grant: every row's outcome, its errors named with
/// `field` (by line or entry, and column), or why nothing was evaluated.
fn report(
    granting: refusal::Outcome<Granting>,
    format: Option<SourceFormat>,
    field: impl Fn(usize, Column) -> String,
) -> HoursPayload {
    let Granting {
        rows: evaluated,
        committed,
    } = match granting {
        Ok(granting) => granting,
        Err(errors) => return HoursPayload::rejected(errors),
    };
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
                            errors.push(upload::repeated_code("entry", first));
                        }
                        Some(c)
                    }
                    Err(err) => {
                        errors.push(upload::code_error(err));
                        None
                    }
                };
                let half_hours = match upload::half_hours(&e.hours.to_string()) {
                    Ok(h) => Some(h),
                    Err(error) => {
                        errors.push(error);
                        None
                    }
                };
                let reason = e
                    .reason
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty());
                if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
                    errors.push(upload::reason_too_long());
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
        Ok(report(
            super::grant_hours(&access, course_id, rows, false, "single").await?,
            None,
            |i, c| format!("entries[{i}].{}", column_field(c)),
        ))
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
            return Ok(HoursPayload::rejected(vec![super::no_course()]));
        }
        let upload = file
            .value(ctx)
            .map_err(|e| ApiError::BadRequest(format!("The file could not be read: {e}")))?;
        let (format, rows) = match upload::read_off_the_runtime(upload.content.clone()).await {
            Ok(v) => v,
            Err(e) => return Ok(HoursPayload::rejected(vec![e.refusal()])),
        };
        Ok(report(
            super::grant_hours(&access, course_id, rows, dry_run, "upload").await?,
            Some(format),
            |_, c| column_field(c).to_owned(),
        ))
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
        Ok(
            match super::revoke_hours(&access, grant_id, &reason).await? {
                Ok(entry) => RevokeHoursPayload {
                    entry,
                    errors: vec![],
                },
                Err(errors) => RevokeHoursPayload::rejected(errors),
            },
        )
    }
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
        let course = access
            .fetch::<CourseRow>(course_id, Operation::GrantHours)
            .await?
            .ok_or(ApiError::NotFound("course"))?;
        let page = PageRequest::<i64>::new(first, after)?;
        let offset = page.after.unwrap_or(0);
        let (rows, total) = super::ledger(&access, &course, offset, page.fetch_limit()).await?;
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
        let transcript::Summary {
            who,
            hours,
            courses,
        } = transcript::summary(&access, teacher_id, period).await?;
        let tags = crate::graphql::loaders::loader::<crate::courses::loaders::CodeList>(ctx)?
            .load_one("tag".to_owned())
            .await
            .map_err(crate::graphql::loaders::load_error)?
            .unwrap_or_default();
        let by_tag = transcript::by_tag(&hours)
            .into_iter()
            .filter_map(|(code, half)| {
                let tag = tags.iter().find(|t| t.code == code)?.clone();
                Some(TagHours {
                    tag,
                    hours: HalfHours(half).hours(),
                })
            })
            .collect();
        let query = period.query_string();
        Ok(HoursSummary {
            teacher_name: who.name.clone(),
            period: period.label_zh(),
            total_hours: HalfHours(hours.iter().map(|c| c.half_hours).sum()).hours(),
            courses: hours
                .iter()
                .filter_map(|c| {
                    let row = courses.iter().find(|r| r.id == c.course_id)?.clone();
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
