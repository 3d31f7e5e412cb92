//! Where teachers serve, as the teacher and partner sign-in services state
//! it (提案三), and the conflicts a school resolves.
//!
//! Every statement is kept with its source and the time the fact was true
//! (`stated_at`). The newest statement wins: a sign-in that repeats an older
//! value arrives later but states an earlier time, so it cannot undo a
//! school's newer change. When the newest statement disagrees with a
//! school's roster — a teacher on the roster said to serve elsewhere, or one
//! said to serve here who is not on it — the school sees a conflict and
//! resolves it, which is itself a newer statement.
//!
//! Resolvers are in `graphql.rs`; each calls one function here, which
//! checks access, reads or writes in one transaction, and audits.

mod graphql;

pub use graphql::{StatementsMutation, StatementsQuery};

use time::OffsetDateTime;
use uuid::Uuid;

use self::graphql::{ConflictKind, ServiceConflict, SignInStatementInput};
use super::{
    graphql::{ServiceStatement, Teacher},
    leave_other_schools,
    personal_code::PersonalCode,
    record_statement,
    roster::school_for,
    RosterStatus, StatementSource, TeacherRow,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation, UnitTarget},
    error::{ApiError, ApiResult, ErrorCode, InputError},
    refusal::Outcome,
    registrations::own_record,
    units,
};

/// The newest statement of each teacher concerning `school_id` that
/// disagrees with its roster.
async fn conflicts(
    db: impl sqlx::PgExecutor<'_>,
    school_id: Uuid,
) -> sqlx::Result<Vec<ServiceConflict>> {
    let rows = sqlx::query!(
        r#"WITH relevant AS (
               SELECT teacher_id FROM school_teachers WHERE school_id = $1 AND status = 'active'
               UNION
               SELECT teacher_id FROM service_unit_statements WHERE unit_id = $1),
           latest AS (
               SELECT DISTINCT ON (s.teacher_id) s.*
                 FROM service_unit_statements s JOIN relevant USING (teacher_id)
                ORDER BY s.teacher_id, s.stated_at DESC, s.id DESC)
           SELECT l.unit_id, l.source AS "source: StatementSource", l.stated_at, l.recorded_at,
                  st.status AS "roster_status?: RosterStatus",
                  t.id, t.name, t.email, t.national_id_masked, t.personal_code, t.user_id,
                  a.school_id AS "active_school_id?", au.path::text AS "active_school_path?"
             FROM latest l
             JOIN teachers t ON t.id = l.teacher_id
             LEFT JOIN school_teachers st ON st.teacher_id = l.teacher_id AND st.school_id = $1
             LEFT JOIN school_teachers a ON a.teacher_id = t.id AND a.status = 'active'
             LEFT JOIN org_units au ON au.id = a.school_id
            WHERE (st.status = 'active' AND l.unit_id IS DISTINCT FROM $1)
               OR (l.unit_id = $1 AND st.status IS DISTINCT FROM 'active')
            ORDER BY t.name, t.id"#,
        school_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ServiceConflict {
            kind: if r.roster_status == Some(RosterStatus::Active) {
                ConflictKind::ServesElsewhere
            } else {
                ConflictKind::ServesHere
            },
            roster_status: r.roster_status,
            statement: ServiceStatement::new(r.unit_id, r.source, r.stated_at, r.recorded_at),
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
        })
        .collect())
}

fn no_later_than_now(field: &str, at: OffsetDateTime) -> Option<InputError> {
    (at > OffsetDateTime::now_utc() + time::Duration::minutes(5)).then(|| {
        InputError::new(
            field,
            ErrorCode::OutOfRange,
            "The time is in the future; state what is true now or was true before.",
        )
    })
}

/// The conflicts at a school whose roster the viewer may edit. A school
/// that does not exist, or is no school, is a bad request.
pub async fn service_conflicts(
    access: &Access<'_>,
    school_id: Uuid,
) -> ApiResult<Vec<ServiceConflict>> {
    let school = school_for(access, school_id, Operation::EditTeachers)
        .await?
        .map_err(|e| ApiError::BadRequest(e.message))?;
    Ok(conflicts(access.pool(), school.id).await?)
}

/// Resolves the open conflict about `teacher_id` at a school whose roster
/// the viewer may edit: accepting makes the roster follow the statement,
/// rejecting keeps it; either way the school's answer is the newest
/// statement. Whether the roster changed.
pub async fn resolve_conflict(
    access: &Access<'_>,
    school_id: Uuid,
    teacher_id: Uuid,
    accept: bool,
) -> ApiResult<Outcome<bool>> {
    let school = match school_for(access, school_id, Operation::EditTeachers).await? {
        Ok(s) => s,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut tx = access.pool().begin().await?;
    // Serialize with other changes of this teacher.
    sqlx::query!(
        "SELECT id FROM teachers WHERE id = $1 FOR UPDATE",
        teacher_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(conflict) = conflicts(&mut *tx, school.id)
        .await?
        .into_iter()
        .find(|c| c.teacher.id_value() == teacher_id)
    else {
        return Ok(Err(vec![InputError::new(
            "teacherId",
            ErrorCode::NotFound,
            "There is no open conflict about this teacher at this school.",
        )]));
    };
    let actor = access.viewer().user_id();
    let now = OffsetDateTime::now_utc();
    let (unit, roster_changed) = match (conflict.kind, accept) {
        (ConflictKind::ServesElsewhere, true) => {
            sqlx::query!(
                r#"UPDATE school_teachers SET status = 'left', left_at = now()
                        WHERE school_id = $1 AND teacher_id = $2 AND status = 'active'"#,
                school.id,
                teacher_id
            )
            .execute(&mut *tx)
            .await?;
            (conflict.statement.unit_id(), true)
        }
        (ConflictKind::ServesHere, true) => {
            leave_other_schools(&mut tx, teacher_id, school.id).await?;
            sqlx::query!(
                r#"INSERT INTO school_teachers (school_id, teacher_id) VALUES ($1, $2)
                       ON CONFLICT (school_id, teacher_id) DO UPDATE
                          SET status = 'active', left_at = NULL"#,
                school.id,
                teacher_id
            )
            .execute(&mut *tx)
            .await?;
            (Some(school.id), true)
        }
        // Rejected: the roster stands, stated anew.
        (ConflictKind::ServesElsewhere, false) => (Some(school.id), false),
        (ConflictKind::ServesHere, false) => (conflict.teacher.active_school_id(), false),
    };
    record_statement(
        &mut tx,
        teacher_id,
        unit,
        StatementSource::SchoolAdmin,
        now,
        actor,
    )
    .await?;
    let entry = Entry::ok("teacher.resolve_conflict")
        .target("teacher", teacher_id)
        .unit(school.id)
        .set("accepted", &accept);
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(roster_changed))
}

/// The signed-in teacher states where they serve (`None`: nowhere in the
/// network) since when (default now).
pub async fn state_service_unit(
    access: &Access<'_>,
    unit_id: Option<Uuid>,
    since: Option<OffsetDateTime>,
) -> ApiResult<Outcome<()>> {
    let me = match own_record(access, Operation::StateOwnServiceUnit).await? {
        Ok(me) => me,
        Err(e) => return Ok(Err(vec![e])),
    };
    let since = since.unwrap_or_else(OffsetDateTime::now_utc);
    if let Some(e) = no_later_than_now("since", since) {
        return Ok(Err(vec![e]));
    }
    if let Some(id) = unit_id {
        if units::find_by_id(access.pool(), id).await?.is_none() {
            return Ok(Err(vec![InputError::new(
                "unitId",
                ErrorCode::NotFound,
                "No such unit.",
            )]));
        }
    }
    let mut tx = access.pool().begin().await?;
    record_statement(
        &mut tx,
        me.teacher_id,
        unit_id,
        StatementSource::Teacher,
        since,
        access.viewer().user_id(),
    )
    .await?;
    let mut entry = Entry::ok("teacher.state_service_unit").target("teacher", me.teacher_id);
    if let Some(id) = unit_id {
        entry = entry.set("unitId", &id);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Records what a partner sign-in service saw (each teacher by personal
/// code serving at a unit by code at a time), all or none; how many.
pub async fn record_sign_in_statements(
    access: &Access<'_>,
    statements: &[SignInStatementInput],
) -> ApiResult<Outcome<usize>> {
    access.user()?;
    access
        .require(
            Operation::RecordSignInStatements,
            &UnitTarget::network(),
            "the network",
        )
        .await?;
    if statements.is_empty() || statements.len() > 5_000 {
        return Err(ApiError::BadRequest(
            "Send between 1 and 5,000 statements at a time.".into(),
        ));
    }
    let pool = access.pool();
    // Two lookups for the whole batch, not two per statement.
    let wanted: Vec<String> = statements
        .iter()
        .filter_map(|s| PersonalCode::parse(&s.personal_code).ok())
        .map(|c| c.as_str().to_owned())
        .collect();
    let teachers: std::collections::HashMap<String, Uuid> = sqlx::query!(
        "SELECT personal_code, id FROM teachers WHERE personal_code = ANY($1)",
        &wanted
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.personal_code, r.id))
    .collect();
    let unit_codes: Vec<String> = statements
        .iter()
        .filter_map(|s| s.unit_code.as_deref().map(|c| c.trim().to_owned()))
        .collect();
    let unit_ids: std::collections::HashMap<String, Uuid> = units::find_by_codes(pool, &unit_codes)
        .await?
        .into_iter()
        .map(|u| (u.code, u.id))
        .collect();
    let mut errors = vec![];
    let mut resolved = vec![];
    for (i, s) in statements.iter().enumerate() {
        let field = |f: &str| format!("statements[{i}].{f}");
        let teacher = match PersonalCode::parse(&s.personal_code) {
            Err(e) => {
                errors.push(InputError::new(
                    &field("personalCode"),
                    ErrorCode::InvalidFormat,
                    e.message(),
                ));
                None
            }
            Ok(code) => {
                let found = teachers.get(code.as_str()).copied();
                if found.is_none() {
                    errors.push(InputError::new(
                        &field("personalCode"),
                        ErrorCode::NotFound,
                        format!("No teacher has the personal code {}.", code.as_str()),
                    ));
                }
                found
            }
        };
        let unit = match s.unit_code.as_deref().map(str::trim) {
            None => Some(None),
            Some(code) => match unit_ids.get(code) {
                Some(id) => Some(Some(*id)),
                None => {
                    errors.push(InputError::new(
                        &field("unitCode"),
                        ErrorCode::NotFound,
                        format!("No unit has the code “{code}”."),
                    ));
                    None
                }
            },
        };
        if let Some(e) = no_later_than_now(&field("statedAt"), s.stated_at) {
            errors.push(e);
        }
        if let (Some(t), Some(u)) = (teacher, unit) {
            resolved.push((t, u, s.stated_at));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut tx = pool.begin().await?;
    for (teacher, unit, at) in &resolved {
        record_statement(
            &mut tx,
            *teacher,
            *unit,
            StatementSource::SignInService,
            *at,
            access.viewer().user_id(),
        )
        .await?;
    }
    let entry = Entry::ok("teacher.sign_in_statements").set("count", &resolved.len());
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(resolved.len()))
}
