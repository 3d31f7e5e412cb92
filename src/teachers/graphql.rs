//! GraphQL of teachers: a school's roster, adding and editing teachers,
//! personal codes for the school and the teacher, service-unit history.
//! Each resolver calls one function of `teachers` (mod.rs, roster.rs,
//! transfers/) that checks access and reads or writes.

use crate::graphql::loaders::loader;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Upload};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    roster,
    transfers::{self, TeacherTransfer},
    Outcome, RosterStatus, StatementSource, TeacherRow,
};
use crate::{
    authz::Access,
    error::{ApiError, ApiResult, ErrorCode, ErrorParam, Payload},
    graphql::pagination::Page,
    units::{self, EducationStage, OrgUnit},
};

pub struct Teacher(TeacherRow);

impl Teacher {
    pub(crate) fn new(row: TeacherRow) -> Self {
        Self(row)
    }

    pub(crate) fn id_value(&self) -> Uuid {
        self.0.id
    }

    /// The school whose roster has them as serving.
    pub(crate) fn active_school_id(&self) -> Option<Uuid> {
        self.0.active_school_id
    }
}

/// One statement of where a teacher serves.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ServiceStatement {
    #[graphql(skip)]
    unit_id: Option<Uuid>,
    pub source: StatementSource,
    /// When the fact was true according to the source.
    pub stated_at: OffsetDateTime,
    pub recorded_at: OffsetDateTime,
}

impl ServiceStatement {
    pub(crate) fn new(
        unit_id: Option<Uuid>,
        source: StatementSource,
        stated_at: OffsetDateTime,
        recorded_at: OffsetDateTime,
    ) -> Self {
        Self {
            unit_id,
            source,
            stated_at,
            recorded_at,
        }
    }

    pub(crate) fn unit_id(&self) -> Option<Uuid> {
        self.unit_id
    }
}

#[async_graphql::ComplexObject]
impl ServiceStatement {
    /// Null when the teacher left and serves nowhere in the network.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.unit_id).await
    }
}

#[Object]
impl Teacher {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// e.g. A12****789. The national ID itself is never returned.
    async fn national_id_masked(&self) -> &str {
        &self.0.national_id_masked
    }
    /// 個人專用識別碼: shown to the teacher and to their school only.
    async fn personal_code(&self, ctx: &Context<'_>) -> ApiResult<Option<&str>> {
        let allowed = self.0.shows_personal_code_to(&Access::of(ctx)?);
        Ok(allowed.then_some(self.0.personal_code.as_str()))
    }
    /// The school whose roster has the teacher as serving; null for viewers
    /// who cannot read that school's roster (a former school does not learn
    /// where the teacher went).
    async fn school(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        if !self.0.may_follow(&Access::of(ctx)?) {
            return Ok(None);
        }
        units::load_unit(ctx, self.0.active_school_id).await
    }
    /// Where the teacher served, newest statement first, with where each
    /// statement came from (for the teacher and whoever reads their current
    /// school's roster; empty for others).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn service_history(&self, ctx: &Context<'_>) -> ApiResult<Vec<ServiceStatement>> {
        if !self.0.may_follow(&Access::of(ctx)?) {
            return Ok(vec![]);
        }
        Ok(loader::<crate::teachers::ServiceHistoryOf>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(crate::graphql::loaders::load_error)?
            .unwrap_or_default())
    }
    /// Requests of other schools to add the teacher, newest first: for the
    /// teacher herself (she may confirm or object), empty for others.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn transfers(&self, ctx: &Context<'_>) -> ApiResult<Vec<TeacherTransfer>> {
        Ok(transfers::of_teacher(&Access::of(ctx)?, &self.0)
            .await?
            .into_iter()
            .map(TeacherTransfer)
            .collect())
    }
}

/// The teacher record of the signed-in account, for `me { teacher }`.
pub async fn teacher_of_viewer(ctx: &Context<'_>) -> ApiResult<Option<Teacher>> {
    Ok(super::of_viewer(&Access::of(ctx)?).await?.map(Teacher))
}

/// A teacher on a school's roster.
#[derive(SimpleObject)]
pub struct RosterEntry {
    pub teacher: Teacher,
    pub status: RosterStatus,
    pub education_stage: Option<EducationStage>,
    pub job_title: Option<String>,
    pub joined_at: OffsetDateTime,
    pub left_at: Option<OffsetDateTime>,
}

#[derive(InputObject)]
pub struct TeacherFilter {
    pub school_id: Uuid,
    /// Default: active only.
    pub status: Option<Vec<RosterStatus>>,
    /// Part of the name.
    pub search: Option<String>,
}

#[derive(Default)]
pub struct TeachersQuery;

#[Object]
impl TeachersQuery {
    /// A school's roster, by name. Reading it is audited (personal data).
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn teachers(
        &self,
        ctx: &Context<'_>,
        filter: TeacherFilter,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<RosterEntry>> {
        roster::list(&Access::of(ctx)?, filter, first, after).await
    }
}

#[derive(InputObject)]
pub struct UpsertTeacherInput {
    pub school_id: Uuid,
    /// 身分證統一編號 or resident certificate number; lower case, spaces and
    /// hyphens are accepted. Stored only as a keyed hash and a masked form.
    pub national_id: String,
    pub name: String,
    pub email: Option<String>,
    pub education_stage: Option<EducationStage>,
    pub job_title: Option<String>,
}

crate::payload! {
    pub struct TeacherPayload {
        /// Null for PENDING_TRANSFER: the record is not this school's to see yet.
        pub teacher: Option<Teacher>,
        pub outcome: Option<Outcome>,
        /// The transfer requested, for PENDING_TRANSFER.
        pub transfer: Option<TeacherTransfer>,
    }
}

/// What importing one row does (or, in a dry run, would do).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    New,
    /// Back on this roster (this school had them last, no other has them).
    Joined,
    /// On another school's roster: will be added once the transfer is
    /// confirmed (待轉入確認); nothing else of the record is shown.
    PendingTransfer,
    Updated,
    Unchanged,
    /// Not imported; see the row's errors.
    Error,
}

impl From<Outcome> for ImportOutcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Created => Self::New,
            Outcome::Joined => Self::Joined,
            Outcome::PendingTransfer => Self::PendingTransfer,
            Outcome::Updated => Self::Updated,
            Outcome::Unchanged => Self::Unchanged,
        }
    }
}

/// A problem with one cell of an uploaded row.
#[derive(SimpleObject)]
pub struct ImportCellError {
    /// The column as the file names it (身分證統一編號, 姓名, 電子郵件, 教育階段, 職稱).
    pub column: Option<String>,
    pub code: ErrorCode,
    pub message: String,
    /// The values the message names, as `InputError.params` (docs/api.md).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARAMS, child_complexity)"
    )]
    pub params: Vec<ErrorParam>,
}

#[derive(SimpleObject)]
pub struct ImportRow {
    /// The line in the file; the header is line 1.
    pub line: i32,
    pub outcome: ImportOutcome,
    pub name: String,
    pub national_id_masked: Option<String>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<ImportCellError>,
}

#[derive(SimpleObject)]
pub struct ImportReport {
    /// CSV_UTF8, CSV_BIG5 or SPREADSHEET.
    pub format: String,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub rows: Vec<ImportRow>,
    pub new_count: i32,
    pub joined_count: i32,
    pub pending_transfer_count: i32,
    pub updated_count: i32,
    pub unchanged_count: i32,
    pub error_count: i32,
    /// Written to the roster: not a dry run, and no row had an error (the
    /// file is imported whole or not at all).
    pub committed: bool,
}

crate::payload! {
    pub struct ImportTeachersPayload {
        pub report: Option<ImportReport>,
    }
    /// Problems with the whole file (field `file`) or the school.
    errors
}

#[derive(Default)]
pub struct TeachersMutation;

#[Object]
impl TeachersMutation {
    /// Adds a teacher to a school's roster or updates them, matched by
    /// national ID. A teacher new to the network gets a personal code; for
    /// one on another school's roster a transfer is requested
    /// (PENDING_TRANSFER), and nothing of their record is shown or changed
    /// until it is confirmed.
    async fn upsert_teacher(
        &self,
        ctx: &Context<'_>,
        input: UpsertTeacherInput,
    ) -> ApiResult<TeacherPayload> {
        let access = Access::of(ctx)?;
        Ok(match roster::add_to_roster(&access, &input).await? {
            Ok(added) => TeacherPayload {
                teacher: added.teacher.map(Teacher),
                outcome: Some(added.done.outcome),
                transfer: added.transfer.map(TeacherTransfer),
                errors: vec![],
            },
            Err(errors) => TeacherPayload::rejected(errors),
        })
    }

    /// Imports a roster file (CSV in UTF-8 or Big5, XLSX, XLS or ODS; first
    /// row 身分證統一編號, 姓名, and optionally 電子郵件, 教育階段, 職稱). With
    /// `dryRun` nothing is written and every row's outcome is reported;
    /// otherwise the file is imported whole, or not at all when any row
    /// has an error. Sent as a GraphQL multipart request.
    async fn import_teachers(
        &self,
        ctx: &Context<'_>,
        school_id: Uuid,
        file: Upload,
        dry_run: bool,
    ) -> ApiResult<ImportTeachersPayload> {
        let access = Access::of(ctx)?;
        let upload = file
            .value(ctx)
            .map_err(|e| ApiError::BadRequest(format!("The file could not be read: {e}")))?;
        Ok(
            match roster::import(&access, school_id, upload.content, dry_run).await? {
                Ok(report) => ImportTeachersPayload {
                    report: Some(report),
                    errors: vec![],
                },
                Err(errors) => ImportTeachersPayload::rejected(errors),
            },
        )
    }

    /// Marks a teacher as having left the school.
    async fn mark_teacher_left(
        &self,
        ctx: &Context<'_>,
        school_id: Uuid,
        teacher_id: Uuid,
    ) -> ApiResult<TeacherPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match roster::leave_roster(&access, school_id, teacher_id).await? {
                Ok(teacher) => TeacherPayload {
                    teacher: teacher.map(Teacher),
                    outcome: Some(Outcome::Updated),
                    transfer: None,
                    errors: vec![],
                },
                Err(errors) => TeacherPayload::rejected(errors),
            },
        )
    }
}
