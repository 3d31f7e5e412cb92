//! GraphQL of teachers: a school's roster, adding and editing teachers,
//! personal codes for the school and the teacher, service-unit history.

use crate::graphql::loaders::loader;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Upload};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    import::{self, SourceFormat},
    mark_left,
    national_id::NationalId,
    transfers::{self, TeacherTransfer},
    upsert, Outcome, StatementSource, TeacherFields, Upserted,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Operation, UnitTarget},
    error::{ApiResult, Checks, ErrorCode, InputError, Payload},
    graphql::pagination::{Page, PageRequest},
    mail::Links,
    payloads,
    units::{self, EducationStage, OrgUnit, UnitRow},
};

/// Roster previews (`importTeachers(dryRun: true)`) a school may run per
/// hour: each answers, for up to 5,000 national IDs, whether they are new
/// to the network, so they are counted (and audited) like lookups.
pub const MAX_PREVIEWS_PER_HOUR: i64 = 30;

#[derive(Clone, Debug)]
pub struct TeacherRow {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub national_id_masked: String,
    pub personal_code: String,
    pub user_id: Option<Uuid>,
    /// The school whose roster has them as active, with its path.
    pub active_school_id: Option<Uuid>,
    pub active_school_path: Option<String>,
}

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

impl Teacher {
    fn is_self(&self, access: &Access<'_>) -> bool {
        self.0.user_id.is_some() && self.0.user_id == access.viewer().user_id()
    }

    /// The teacher, or someone who reads their current school's roster.
    fn may_follow(&self, access: &Access<'_>) -> bool {
        self.is_self(access)
            || self
                .school_target()
                .is_some_and(|t| access.can(Operation::ReadTeachers, &t))
    }

    fn school_target(&self) -> Option<UnitTarget> {
        Some(UnitTarget {
            id: self.0.active_school_id?,
            path: self.0.active_school_path.clone()?,
        })
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
        let access = Access::of(ctx)?;
        let allowed = self.is_self(&access)
            || self
                .school_target()
                .is_some_and(|t| access.can(Operation::ReadPersonalCodes, &t));
        Ok(allowed.then_some(self.0.personal_code.as_str()))
    }
    /// The school whose roster has the teacher as serving; null for viewers
    /// who cannot read that school's roster (a former school does not learn
    /// where the teacher went).
    async fn school(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        if !self.may_follow(&Access::of(ctx)?) {
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
        if !self.may_follow(&Access::of(ctx)?) {
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
        let access = Access::of(ctx)?;
        if !self.is_self(&access) {
            return Ok(vec![]);
        }
        Ok(transfers::of_teacher(access.pool(), self.0.id).await?)
    }
}

/// Each teacher's service-unit statements, newest first.
pub struct ServiceHistoryOf(pub sqlx::PgPool);

crate::request_loaders!(ServiceHistoryOf);

impl async_graphql::dataloader::Loader<Uuid> for ServiceHistoryOf {
    type Value = Vec<ServiceStatement>;
    type Error = std::sync::Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, Vec<ServiceStatement>>, Self::Error> {
        let rows = sqlx::query!(
            r#"SELECT teacher_id, unit_id, source AS "source: StatementSource", stated_at, recorded_at
                 FROM service_unit_statements
                WHERE teacher_id = ANY($1) ORDER BY teacher_id, stated_at DESC, id DESC"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: std::collections::HashMap<Uuid, Vec<ServiceStatement>> =
            keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            out.entry(r.teacher_id).or_default().push(ServiceStatement {
                unit_id: r.unit_id,
                source: r.source,
                stated_at: r.stated_at,
                recorded_at: r.recorded_at,
            });
        }
        Ok(out)
    }
}

pub(crate) async fn find_teacher(
    db: impl sqlx::PgExecutor<'_>,
    by_id: Option<Uuid>,
    by_user: Option<Uuid>,
) -> sqlx::Result<Option<TeacherRow>> {
    sqlx::query_as!(
        TeacherRow,
        r#"SELECT t.id, t.name, t.email, t.national_id_masked, t.personal_code, t.user_id,
                  st.school_id AS "active_school_id?", u.path::text AS "active_school_path?"
             FROM teachers t
             LEFT JOIN school_teachers st ON st.teacher_id = t.id AND st.status = 'active'
             LEFT JOIN org_units u ON u.id = st.school_id
            WHERE t.id = $1 OR t.user_id = $2"#,
        by_id,
        by_user
    )
    .fetch_optional(db)
    .await
}

/// The teacher record of the signed-in account, for `me { teacher }`.
pub async fn teacher_of_viewer(ctx: &Context<'_>) -> ApiResult<Option<Teacher>> {
    let access = Access::of(ctx)?;
    let Some(user) = access.viewer().user_id() else {
        return Ok(None);
    };
    Ok(find_teacher(access.pool(), None, Some(user))
        .await?
        .map(Teacher))
}

crate::text_enum! {
    // Stored in `school_teachers.status`; decoded by sqlx, an unknown status is
    // an error.
    #[derive(Enum)]
    pub enum RosterStatus {
        Active => "active",
        Left => "left",
        /// Another school has added them since.
        Moved => "moved",
    }
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

/// The school `school_id`, granted `op` (a roster is guarded at its
/// school); an input error when there is no such unit or it is no school.
pub(crate) async fn school_for(
    access: &Access<'_>,
    school_id: Uuid,
    op: Operation,
) -> ApiResult<Result<Granted<UnitRow>, InputError>> {
    let Some(school) = access.fetch::<UnitRow>(school_id, op).await? else {
        return Ok(Err(InputError::new(
            "schoolId",
            ErrorCode::NotFound,
            "No such unit.",
        )));
    };
    if !school.is_school() {
        return Ok(Err(InputError::new(
            "schoolId",
            ErrorCode::InvalidPlacement,
            format!(
                "{} is not a school; teacher rosters belong to schools.",
                school.name
            ),
        )));
    }
    Ok(Ok(school))
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
        let access = Access::of(ctx)?;
        let school = match school_for(&access, filter.school_id, Operation::ReadTeachers).await? {
            Ok(s) => s,
            Err(e) => return Err(crate::error::ApiError::BadRequest(e.message)),
        };
        let page = PageRequest::<(String, Uuid)>::new(first, after)?;
        let statuses: Vec<String> = filter
            .status
            .unwrap_or_else(|| vec![RosterStatus::Active])
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect();
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(units::like_pattern);
        let rows = sqlx::query!(
            r#"SELECT t.id, t.name, t.email, t.national_id_masked, t.personal_code, t.user_id,
                      a.school_id AS "active_school_id?", au.path::text AS "active_school_path?",
                      st.status AS "status: RosterStatus", st.education_stage, st.job_title,
                      st.joined_at, st.left_at,
                      count(*) OVER () AS "total!"
                 FROM school_teachers st
                 JOIN teachers t ON t.id = st.teacher_id
                 LEFT JOIN school_teachers a ON a.teacher_id = t.id AND a.status = 'active'
                 LEFT JOIN org_units au ON au.id = a.school_id
                WHERE st.school_id = $1 AND st.status = ANY($2)
                  AND ($3::text IS NULL OR t.name ILIKE $3)
                  AND ($4::text IS NULL OR (t.name, t.id) > ($4, $5::uuid))
                ORDER BY t.name, t.id
                LIMIT $6"#,
            school.id,
            &statuses,
            search,
            page.after.as_ref().map(|a| a.0.as_str()),
            page.after.as_ref().map(|a| a.1),
            page.fetch_limit(),
        )
        .fetch_all(access.pool())
        .await?;
        let total = rows.first().map_or(0, |r| r.total);
        let entry = Entry::ok("teacher.list").unit(school.id).detail(format!(
            "{} of {total} roster entries",
            rows.len().min(page.size as usize)
        ));
        audit::record(access.pool(), access.request(), entry).await?;
        let rows = rows
            .into_iter()
            .map(|r| {
                (
                    (r.name.clone(), r.id),
                    RosterEntry {
                        teacher: Teacher(TeacherRow {
                            id: r.id,
                            name: r.name,
                            email: r.email,
                            national_id_masked: r.national_id_masked,
                            personal_code: r.personal_code,
                            user_id: r.user_id,
                            active_school_id: r.active_school_id,
                            active_school_path: r.active_school_path,
                        }),
                        status: r.status,
                        education_stage: r
                            .education_stage
                            .as_deref()
                            .and_then(EducationStage::parse),
                        job_title: r.job_title,
                        joined_at: r.joined_at,
                        left_at: r.left_at,
                    },
                )
            })
            .collect();
        Ok(page.connection(rows, total))
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

#[derive(SimpleObject, Default)]
pub struct TeacherPayload {
    /// Null for PENDING_TRANSFER: the record is not this school's to see yet.
    pub teacher: Option<Teacher>,
    pub outcome: Option<Outcome>,
    /// The transfer requested, for PENDING_TRANSFER.
    pub transfer: Option<TeacherTransfer>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(TeacherPayload);

/// Checks a teacher's fields; the national ID is parsed separately so its
/// value never enters a message.
pub fn validate_fields(
    checks: &mut Checks,
    name: &str,
    email: Option<&str>,
    stage: Option<EducationStage>,
    job_title: Option<&str>,
) -> TeacherFields {
    TeacherFields {
        name: checks.required_text("name", "Name", name, 100),
        email: checks.optional_email("email", email),
        education_stage: stage.map(|s| s.as_str().to_owned()),
        job_title: checks.optional_text("jobTitle", "Job title", job_title, 50),
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

#[derive(SimpleObject, Default)]
pub struct ImportTeachersPayload {
    pub report: Option<ImportReport>,
    /// Problems with the whole file (field `file`) or the school.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

payloads!(ImportTeachersPayload);

fn report(format: SourceFormat, rows: Vec<ImportRow>, committed: bool) -> ImportReport {
    let count = |o: ImportOutcome| rows.iter().filter(|r| r.outcome == o).count() as i32;
    ImportReport {
        format: format.label().into(),
        new_count: count(ImportOutcome::New),
        joined_count: count(ImportOutcome::Joined),
        pending_transfer_count: count(ImportOutcome::PendingTransfer),
        updated_count: count(ImportOutcome::Updated),
        unchanged_count: count(ImportOutcome::Unchanged),
        error_count: count(ImportOutcome::Error),
        rows,
        committed,
    }
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
        let school = match school_for(&access, input.school_id, Operation::EditTeachers).await? {
            Ok(s) => s,
            Err(e) => return Ok(TeacherPayload::rejected(vec![e])),
        };
        let mut checks = Checks::new();
        let national_id = match NationalId::parse(&input.national_id) {
            Ok(id) => Some(id),
            Err(e) => {
                checks.push(InputError::new(
                    "nationalId",
                    ErrorCode::InvalidFormat,
                    e.message(),
                ));
                None
            }
        };
        let fields = validate_fields(
            &mut checks,
            &input.name,
            input.email.as_deref(),
            input.education_stage,
            input.job_title.as_deref(),
        );
        let Some(national_id) = national_id.filter(|_| checks.is_empty()) else {
            return Ok(TeacherPayload::rejected(checks.into_errors()));
        };
        let (done, teacher, transfer) =
            add_to_roster(&access, &school, &national_id, &fields).await?;
        Ok(TeacherPayload {
            teacher: teacher.map(Teacher),
            outcome: Some(done.outcome),
            transfer,
            errors: vec![],
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
        let school = match school_for(&access, school_id, Operation::EditTeachers).await? {
            Ok(s) => s,
            Err(e) => return Ok(ImportTeachersPayload::rejected(vec![e])),
        };
        // Refuse early (before reading the file) when the hour's previews
        // are spent; `record_preview` decides for certain, under a lock.
        if dry_run && previews_this_hour(access.pool(), school.id).await? >= MAX_PREVIEWS_PER_HOUR {
            return Ok(ImportTeachersPayload::rejected(vec![too_many_previews()]));
        }
        let upload = file.value(ctx).map_err(|e| {
            crate::error::ApiError::BadRequest(format!("The file could not be read: {e}"))
        })?;
        let (format, rows) = match import::read_off_the_runtime(upload.content.clone()).await {
            Ok(v) => v,
            Err(e) => {
                return Ok(ImportTeachersPayload::rejected(vec![InputError::new(
                    "file",
                    ErrorCode::InvalidFormat,
                    e.message(),
                )]))
            }
        };
        Ok(
            match import_rows(&access, &school, format, rows, dry_run).await? {
                Ok(report) => ImportTeachersPayload {
                    report: Some(report),
                    errors: vec![],
                },
                Err(e) => ImportTeachersPayload::rejected(vec![e]),
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
        let school = match school_for(&access, school_id, Operation::EditTeachers).await? {
            Ok(s) => s,
            Err(e) => return Ok(TeacherPayload::rejected(vec![e])),
        };
        let Some(teacher) = leave_roster(&access, &school, teacher_id).await? else {
            return Ok(TeacherPayload::rejected(vec![InputError::new(
                "teacherId",
                ErrorCode::NotFound,
                format!("No teacher with this id serves at {}.", school.name),
            )]));
        };
        Ok(TeacherPayload {
            teacher: teacher.map(Teacher),
            outcome: Some(Outcome::Updated),
            transfer: None,
            errors: vec![],
        })
    }
}

/// Adds a teacher to `school`'s roster or updates them (or asks for the
/// transfer of one another school has), with its audit entry. Returns what
/// was done, the teacher's record unless a transfer was asked for (the
/// record is not the asking school's to see yet), and that transfer.
async fn add_to_roster(
    access: &Access<'_>,
    school: &Granted<UnitRow>,
    national_id: &NationalId,
    fields: &TeacherFields,
) -> ApiResult<(Upserted, Option<TeacherRow>, Option<TeacherTransfer>)> {
    let key = access.state().settings.national_id_key.expose().as_bytes();
    let links = Links::of(&access.state().settings);
    let mut tx = access.pool().begin().await?;
    let done = upsert(
        &mut tx,
        key,
        school.id,
        national_id,
        fields,
        StatementSource::SchoolAdmin,
        access.viewer().user_id(),
        Some(&links),
    )
    .await?;
    let entry = match done.transfer_id {
        // The teacher's id stays out of the asking school's audit log.
        Some(transfer) => Entry::ok("teacher.transfer.request")
            .target("teacher_transfer", transfer)
            .unit(school.id),
        None => Entry::ok("teacher.upsert")
            .target("teacher", done.teacher_id)
            .unit(school.id)
            .detail(format!("{:?}", done.outcome)),
    };
    audit::record(&mut *tx, access.request(), entry).await?;
    let teacher = match done.transfer_id {
        Some(_) => None,
        None => find_teacher(&mut *tx, Some(done.teacher_id), None).await?,
    };
    tx.commit().await?;
    let transfer = match done.transfer_id {
        Some(id) => transfers::find(access.pool(), id).await?,
        None => None,
    };
    Ok((done, teacher, transfer))
}

/// Marks a teacher as having left `school`, with its audit entry; `None`
/// when no teacher with this id serves there.
async fn leave_roster(
    access: &Access<'_>,
    school: &Granted<UnitRow>,
    teacher_id: Uuid,
) -> ApiResult<Option<Option<TeacherRow>>> {
    let mut tx = access.pool().begin().await?;
    if !mark_left(&mut tx, school, teacher_id, access.viewer().user_id()).await? {
        return Ok(None);
    }
    let entry = Entry::ok("teacher.left")
        .target("teacher", teacher_id)
        .unit(school.id);
    audit::record(&mut *tx, access.request(), entry).await?;
    let teacher = find_teacher(&mut *tx, Some(teacher_id), None).await?;
    tx.commit().await?;
    Ok(Some(teacher))
}

/// Imports the rows of a roster file at `school`, whole or not at all (a
/// row with an error imports none), or with `dry_run` previews them:
/// nothing is written and the preview counts against the hour's limit.
#[tracing::instrument(skip_all, fields(school_id = %school.id, rows = rows.len(), dry_run))]
async fn import_rows(
    access: &Access<'_>,
    school: &Granted<UnitRow>,
    format: SourceFormat,
    rows: Vec<import::Row>,
    dry_run: bool,
) -> ApiResult<Result<ImportReport, InputError>> {
    let key = access.state().settings.national_id_key.expose().as_bytes();
    let links = Links::of(&access.state().settings);
    let mut tx = access.pool().begin().await?;
    // Each row's hash, computed once for the lookup and the preview.
    let hashes: Vec<Option<Vec<u8>>> = rows
        .iter()
        .map(|r| r.national_id.as_ref().map(|id| id.keyed_hash(key)))
        .collect();
    let present: Vec<Vec<u8>> = hashes.iter().flatten().cloned().collect();
    let known: std::collections::HashMap<Vec<u8>, super::Known> =
        super::known(&mut tx, &present, school.id)
            .await?
            .into_iter()
            .map(|k| (k.hash.clone(), k))
            .collect();
    let has_errors = rows.iter().any(|r| !r.errors.is_empty());
    let commit = !dry_run && !has_errors;
    let mut out = Vec::with_capacity(rows.len());
    for (row, hash) in rows.into_iter().zip(hashes) {
        let fields = TeacherFields {
            name: row.name.clone(),
            email: row.email.clone(),
            education_stage: row.stage.clone(),
            job_title: row.job_title.clone(),
        };
        let outcome = match &row.national_id {
            Some(id) if row.errors.is_empty() => {
                if commit {
                    upsert(
                        &mut tx,
                        key,
                        school.id,
                        id,
                        &fields,
                        StatementSource::Import,
                        access.viewer().user_id(),
                        Some(&links),
                    )
                    .await?
                    .outcome
                    .into()
                } else {
                    super::classify(hash.and_then(|h| known.get(&h)), school.id, &fields).into()
                }
            }
            _ => ImportOutcome::Error,
        };
        out.push(ImportRow {
            line: row.line as i32,
            outcome,
            name: row.name,
            national_id_masked: row.national_id.as_ref().map(NationalId::masked),
            errors: row
                .errors
                .into_iter()
                .map(|e| ImportCellError {
                    column: e.column.map(|c| c.name().to_owned()),
                    code: e.code,
                    message: e.message,
                })
                .collect(),
        });
    }
    let report = report(format, out, commit);
    let counts = format!(
        "{} rows: {} new, {} joined, {} pending transfer, {} updated, {} unchanged, {} errors",
        report.rows.len(),
        report.new_count,
        report.joined_count,
        report.pending_transfer_count,
        report.updated_count,
        report.unchanged_count,
        report.error_count
    );
    if commit {
        let entry = Entry::ok("teacher.import").unit(school.id).detail(counts);
        audit::record(&mut *tx, access.request(), entry).await?;
        tx.commit().await?;
    } else {
        tx.rollback().await?;
        // The preview is an answer about who is in the network: it is
        // given only when it can be counted against the hour's limit.
        if let Err(e) = record_preview(access, school.id, counts).await? {
            return Ok(Err(e));
        }
    }
    Ok(Ok(report))
}

async fn previews_this_hour(db: impl sqlx::PgExecutor<'_>, school_id: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM audit_log
            WHERE unit_id = $1 AND action = 'teacher.import.preview'
              AND at > now() - interval '1 hour'"#,
        school_id
    )
    .fetch_one(db)
    .await
}

fn too_many_previews() -> InputError {
    InputError::new(
        "dryRun",
        ErrorCode::TooManyAttempts,
        format!(
            "This school has previewed {MAX_PREVIEWS_PER_HOUR} roster files in the last hour, \
             the most allowed; try again later or import without a preview."
        ),
    )
}

/// Audits a preview with its counts, unless the school has used up the
/// hour's previews. The count and the insert are one step under a lock per
/// school, so concurrent previews cannot all slip under the limit.
async fn record_preview(
    access: &Access<'_>,
    school_id: Uuid,
    counts: String,
) -> ApiResult<Result<(), InputError>> {
    let mut tx = access.pool().begin().await?;
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('teacher.import.preview:' || $1::text, 0))",
        school_id.to_string()
    )
    .execute(&mut *tx)
    .await?;
    if previews_this_hour(&mut *tx, school_id).await? >= MAX_PREVIEWS_PER_HOUR {
        return Ok(Err(too_many_previews()));
    }
    let entry = Entry::ok("teacher.import.preview")
        .unit(school_id)
        .detail(counts);
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}
