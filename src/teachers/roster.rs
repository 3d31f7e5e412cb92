//! A school's roster: listing it (audited), adding or updating a teacher,
//! marking one as having left, and importing a roster file. Each function
//! checks the viewer's access to the school, then reads or writes in one
//! transaction with its audit entry.

use std::collections::HashMap;

use uuid::Uuid;

use super::{
    find_teacher,
    graphql::{
        ImportCellError, ImportOutcome, ImportReport, ImportRow, RosterEntry, Teacher,
        TeacherFilter, UpsertTeacherInput,
    },
    import::{self, SourceFormat},
    mark_left,
    national_id::NationalId,
    transfers::{self, TransferRow},
    upsert, RosterStatus, StatementSource, TeacherFields, TeacherRow, Upserted,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Operation},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError},
    graphql::pagination::{Page, PageRequest},
    mail::Links,
    refusal::Outcome,
    units::{self, EducationStage, UnitRow},
};

/// Roster previews (`importTeachers(dryRun: true)`) a school may run per
/// hour: each answers, for up to 5,000 national IDs, whether they are new
/// to the network, so they are counted (and audited) like lookups.
pub const MAX_PREVIEWS_PER_HOUR: i64 = 30;

/// The school `school_id`, granted `op` (a roster is guarded at its
/// school); an input error when there is no such unit or it is no school.
pub(super) async fn school_for(
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

/// A school's roster, by name (audited: personal data). A school the
/// viewer may read that does not exist, or is no school, is a bad request.
pub async fn list(
    access: &Access<'_>,
    filter: TeacherFilter,
    first: Option<i32>,
    after: Option<String>,
) -> ApiResult<Page<RosterEntry>> {
    let school = school_for(access, filter.school_id, Operation::ReadTeachers)
        .await?
        .map_err(|e| ApiError::BadRequest(e.message))?;
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
                    teacher: Teacher::new(TeacherRow {
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
                    education_stage: r.education_stage.as_deref().and_then(EducationStage::parse),
                    job_title: r.job_title,
                    joined_at: r.joined_at,
                    left_at: r.left_at,
                },
            )
        })
        .collect();
    Ok(page.connection(rows, total))
}

/// Checks a teacher's fields; the national ID is parsed separately so its
/// value never enters a message.
fn validate_fields(
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

/// What [`add_to_roster`] did: the upsert, the teacher's record unless a
/// transfer was asked for (the record is not the asking school's to see
/// yet), and that transfer.
pub struct Added {
    pub done: Upserted,
    pub teacher: Option<TeacherRow>,
    pub transfer: Option<TransferRow>,
}

/// Adds a teacher to a school's roster or updates them (or asks for the
/// transfer of one another school has), with its audit entry. The school
/// is checked before the input, so a viewer who may not edit its roster
/// learns nothing from the input's errors.
pub async fn add_to_roster(
    access: &Access<'_>,
    input: &UpsertTeacherInput,
) -> ApiResult<Outcome<Added>> {
    let school = match school_for(access, input.school_id, Operation::EditTeachers).await? {
        Ok(s) => s,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut checks = Checks::new();
    let national_id = match NationalId::parse(&input.national_id) {
        Ok(id) => Some(id),
        Err(e) => {
            checks.push(
                InputError::new("nationalId", ErrorCode::InvalidFormat, e.message())
                    .param("problem", e.problem()),
            );
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
        return Ok(Err(checks.into_errors()));
    };
    let key = access.state().settings.national_id_key.expose().as_bytes();
    let links = Links::of(&access.state().settings);
    let mut tx = access.pool().begin().await?;
    let done = upsert(
        &mut tx,
        key,
        school.id,
        &national_id,
        &fields,
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
    Ok(Ok(Added {
        done,
        teacher,
        transfer,
    }))
}

/// Marks a teacher as having left a school, with its audit entry; the
/// teacher's record.
pub async fn leave_roster(
    access: &Access<'_>,
    school_id: Uuid,
    teacher_id: Uuid,
) -> ApiResult<Outcome<Option<TeacherRow>>> {
    let school = match school_for(access, school_id, Operation::EditTeachers).await? {
        Ok(s) => s,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut tx = access.pool().begin().await?;
    if !mark_left(&mut tx, &school, teacher_id, access.viewer().user_id()).await? {
        return Ok(Err(vec![InputError::new(
            "teacherId",
            ErrorCode::NotFound,
            format!("No teacher with this id serves at {}.", school.name),
        )]));
    }
    let entry = Entry::ok("teacher.left")
        .target("teacher", teacher_id)
        .unit(school.id);
    audit::record(&mut *tx, access.request(), entry).await?;
    let teacher = find_teacher(&mut *tx, Some(teacher_id), None).await?;
    tx.commit().await?;
    Ok(Ok(teacher))
}

/// Imports a roster file at a school, whole or not at all (a row with an
/// error imports none), or with `dry_run` previews it: nothing is written
/// and the preview counts against the hour's limit.
pub async fn import(
    access: &Access<'_>,
    school_id: Uuid,
    file: bytes::Bytes,
    dry_run: bool,
) -> ApiResult<Outcome<ImportReport>> {
    let school = match school_for(access, school_id, Operation::EditTeachers).await? {
        Ok(s) => s,
        Err(e) => return Ok(Err(vec![e])),
    };
    // Refuse early (before reading the file) when the hour's previews
    // are spent; `record_preview` decides for certain, under a lock.
    if dry_run && previews_this_hour(access.pool(), school.id).await? >= MAX_PREVIEWS_PER_HOUR {
        return Ok(Err(vec![too_many_previews()]));
    }
    let (format, rows) = match import::read_off_the_runtime(file).await {
        Ok(v) => v,
        Err(e) => return Ok(Err(vec![e.refusal()])),
    };
    Ok(import_rows(access, &school, format, rows, dry_run)
        .await?
        .map_err(|e| vec![e]))
}

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
    let known: HashMap<Vec<u8>, super::Known> = super::known(&mut tx, &present, school.id)
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
                    params: e.params,
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
