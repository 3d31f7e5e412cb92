//! Teachers (教師): the school roster, national IDs kept only as a keyed
//! hash and a masked form, personal codes (個人專用識別碼) and the
//! provenance of each teacher's service unit.
//!
//! Resolvers (`graphql.rs`, `statements/graphql.rs`, `transfers/graphql.rs`)
//! make one call each to the functions here, in `roster.rs` (a school's
//! roster: listing, adding, leaving, importing), `statements/` and
//! `transfers/`, which check access, run the queries and write in one
//! transaction.

mod graphql;
pub mod import;
mod loaders;
pub mod national_id;
pub mod personal_code;
mod roster;
mod rules;
mod statements;
pub mod transfers;

pub use graphql::{teacher_of_viewer, Teacher, TeachersMutation, TeachersQuery};
pub use loaders::ServiceHistoryOf;
pub use roster::MAX_PREVIEWS_PER_HOUR;
pub use statements::{StatementsMutation, StatementsQuery};
pub use transfers::{TransfersMutation, TransfersQuery};

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use self::{national_id::NationalId, personal_code::PersonalCode};
use crate::{
    authz::{Access, Granted},
    error::ApiResult,
    mail::Links,
    units::UnitRow,
};

crate::text_enum! {
    /// Where a statement about a teacher's service unit came from.
    #[derive(async_graphql::Enum)]
    pub enum StatementSource {
        /// A school admin in the console or API.
        SchoolAdmin => "school_admin",
        /// A roster import.
        Import => "import",
        /// The teacher.
        Teacher => "teacher",
        /// A partner sign-in service.
        SignInService => "sign_in_service",
    }
}

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

/// The teacher record of the signed-in account, if any.
pub async fn of_viewer(access: &Access<'_>) -> ApiResult<Option<TeacherRow>> {
    let Some(user) = access.viewer().user_id() else {
        return Ok(None);
    };
    Ok(find_teacher(access.pool(), None, Some(user)).await?)
}

crate::text_enum! {
    // Stored in `school_teachers.status`; decoded by sqlx, an unknown status is
    // an error.
    #[derive(async_graphql::Enum)]
    pub enum RosterStatus {
        Active => "active",
        Left => "left",
        /// Another school has added them since.
        Moved => "moved",
    }
}

/// What a school states about one of its teachers.
#[derive(Clone, Debug)]
pub struct TeacherFields {
    pub name: String,
    pub email: Option<String>,
    pub education_stage: Option<String>,
    pub job_title: Option<String>,
}

/// What `upsertTeacher` (and [`upsert`]) did.
#[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "UpsertOutcome")]
pub enum Outcome {
    /// A teacher new to the network, with a new personal code.
    Created,
    /// Back on this roster: the school that last had them, and no other
    /// school has them now.
    Joined,
    /// On another school's roster (or last there): a transfer is requested
    /// and nothing of the record is shown or changed until the former
    /// school or the teacher confirms, or the notice period ends.
    PendingTransfer,
    /// Already on this roster; fields updated.
    Updated,
    /// Already on this roster, nothing different.
    Unchanged,
}

/// A teacher already in the network, as a school's upload is compared with.
#[derive(Clone, Debug)]
pub struct Known {
    pub hash: Vec<u8>,
    pub teacher_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    /// Their row on this school's roster, if any.
    pub status: Option<RosterStatus>,
    pub stage: Option<String>,
    pub job_title: Option<String>,
    /// The school whose roster has them as active, else the one that had
    /// them last.
    pub last_school: Option<Uuid>,
}

/// The teachers with these national-ID hashes, with their row at `school_id`.
pub async fn known(
    conn: &mut PgConnection,
    hashes: &[Vec<u8>],
    school_id: Uuid,
) -> sqlx::Result<Vec<Known>> {
    sqlx::query_as!(
        Known,
        r#"SELECT t.national_id_hash AS hash, t.id AS teacher_id, t.name, t.email,
                  st.status AS "status?: RosterStatus", st.education_stage AS "stage?",
                  st.job_title AS "job_title?", last.school_id AS "last_school?"
             FROM teachers t
             LEFT JOIN school_teachers st ON st.teacher_id = t.id AND st.school_id = $2
             LEFT JOIN LATERAL (
                   SELECT s.school_id FROM school_teachers s WHERE s.teacher_id = t.id
                    ORDER BY s.status = 'active' DESC, s.left_at DESC NULLS FIRST,
                             s.joined_at DESC
                    LIMIT 1) last ON true
            WHERE t.national_id_hash = ANY($1)"#,
        hashes,
        school_id
    )
    .fetch_all(conn)
    .await
}

/// What writing `fields` for this person at `school_id` would do. A
/// person another school has (or had last) is a transfer to ask for, never
/// a takeover: identity fields belong to the teacher and her current school.
pub fn classify(existing: Option<&Known>, school_id: Uuid, fields: &TeacherFields) -> Outcome {
    let Some(t) = existing else {
        return Outcome::Created;
    };
    if t.status != Some(RosterStatus::Active) {
        return if t.last_school == Some(school_id) {
            Outcome::Joined
        } else {
            Outcome::PendingTransfer
        };
    }
    let same = t.name == fields.name
        && t.email == fields.email
        && t.stage == fields.education_stage
        && t.job_title == fields.job_title;
    if same {
        Outcome::Unchanged
    } else {
        Outcome::Updated
    }
}

/// What [`upsert`] did.
#[derive(Clone, Copy, Debug)]
pub struct Upserted {
    /// Internal: never shown to the school when `outcome` is
    /// [`Outcome::PendingTransfer`].
    pub teacher_id: Uuid,
    pub outcome: Outcome,
    /// The transfer requested, for [`Outcome::PendingTransfer`].
    pub transfer_id: Option<Uuid>,
}

/// Adds a teacher to a school's roster, or updates them, matched by the
/// keyed hash of their national ID, or asks for the transfer of one another
/// school has (emailing that school when `notice` is given). The caller has
/// authorized the change and validated `fields`.
#[allow(clippy::too_many_arguments)]
pub async fn upsert(
    conn: &mut PgConnection,
    key: &[u8],
    school_id: Uuid,
    id: &NationalId,
    fields: &TeacherFields,
    source: StatementSource,
    actor: Option<Uuid>,
    notice: Option<&Links>,
) -> anyhow::Result<Upserted> {
    let hash = id.keyed_hash(key);
    // Serialize concurrent upserts of the same person.
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended(encode($1, 'hex'), 0))",
        hash
    )
    .execute(&mut *conn)
    .await?;
    let existing = known(&mut *conn, std::slice::from_ref(&hash), school_id)
        .await?
        .pop();
    let now = OffsetDateTime::now_utc();
    let outcome = classify(existing.as_ref(), school_id, fields);
    let done = |teacher_id| Upserted {
        teacher_id,
        outcome,
        transfer_id: None,
    };
    let teacher_id = match &existing {
        Some(e) if outcome == Outcome::Unchanged => return Ok(done(e.teacher_id)),
        Some(e) if outcome == Outcome::PendingTransfer => {
            let transfer = transfers::request(
                conn,
                e.teacher_id,
                e.last_school,
                school_id,
                fields,
                source,
                actor,
                notice,
            )
            .await?;
            return Ok(Upserted {
                transfer_id: Some(transfer),
                ..done(e.teacher_id)
            });
        }
        None => insert_teacher(conn, &hash, &id.masked(), fields).await?,
        // Rejoining keeps the record as it is.
        Some(e) if outcome == Outcome::Joined => e.teacher_id,
        Some(e) => {
            sqlx::query!(
                "UPDATE teachers SET name = $2, email = $3 WHERE id = $1",
                e.teacher_id,
                fields.name,
                fields.email
            )
            .execute(&mut *conn)
            .await?;
            e.teacher_id
        }
    };
    if outcome != Outcome::Updated {
        leave_other_schools(conn, teacher_id, school_id).await?;
        record_statement(conn, teacher_id, Some(school_id), source, now, actor).await?;
    }
    serve_at(
        conn,
        school_id,
        teacher_id,
        fields.education_stage.as_deref(),
        fields.job_title.as_deref(),
    )
    .await?;
    Ok(done(teacher_id))
}

/// Whoever had the teacher active, other than `school_id`, now shows them
/// as moved.
async fn leave_other_schools(
    conn: &mut PgConnection,
    teacher_id: Uuid,
    school_id: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"UPDATE school_teachers SET status = 'moved', left_at = now()
                WHERE teacher_id = $1 AND status = 'active' AND school_id <> $2"#,
        teacher_id,
        school_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Puts the teacher on `school_id`'s roster as serving, with this stage
/// and title (back on it, if they were there before).
async fn serve_at(
    conn: &mut PgConnection,
    school_id: Uuid,
    teacher_id: Uuid,
    education_stage: Option<&str>,
    job_title: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"INSERT INTO school_teachers (school_id, teacher_id, education_stage, job_title)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (school_id, teacher_id) DO UPDATE
              SET education_stage = EXCLUDED.education_stage, job_title = EXCLUDED.job_title,
                  status = 'active', left_at = NULL"#,
        school_id,
        teacher_id,
        education_stage,
        job_title,
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_teacher(
    conn: &mut PgConnection,
    hash: &[u8],
    masked: &str,
    fields: &TeacherFields,
) -> anyhow::Result<Uuid> {
    // A collision of two random 45-bit codes is rare; draw again when it
    // happens (the unique index decides).
    for _ in 0..5 {
        let code = PersonalCode::generate();
        let inserted = sqlx::query_scalar!(
            r#"INSERT INTO teachers (national_id_hash, national_id_masked, personal_code, name, email)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (personal_code) DO NOTHING
               RETURNING id"#,
            hash,
            masked,
            code.as_str(),
            fields.name,
            fields.email,
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = inserted {
            return Ok(id);
        }
    }
    anyhow::bail!("five personal-code collisions in a row: the generator is broken")
}

/// Records where a teacher serves according to `source`, as of `stated_at`.
pub async fn record_statement(
    conn: &mut PgConnection,
    teacher_id: Uuid,
    unit_id: Option<Uuid>,
    source: StatementSource,
    stated_at: OffsetDateTime,
    actor: Option<Uuid>,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"INSERT INTO service_unit_statements (teacher_id, unit_id, source, stated_at, recorded_by)
           VALUES ($1, $2, $3, $4, $5)"#,
        teacher_id,
        unit_id,
        source.as_str(),
        stated_at,
        actor,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a teacher as having left a school (whose roster the viewer may edit).
pub async fn mark_left(
    conn: &mut PgConnection,
    school: &Granted<UnitRow>,
    teacher_id: Uuid,
    actor: Option<Uuid>,
) -> anyhow::Result<bool> {
    let changed = sqlx::query!(
        r#"UPDATE school_teachers SET status = 'left', left_at = now()
            WHERE school_id = $1 AND teacher_id = $2 AND status = 'active'"#,
        school.id,
        teacher_id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if changed {
        record_statement(
            conn,
            teacher_id,
            None,
            StatementSource::SchoolAdmin,
            OffsetDateTime::now_utc(),
            actor,
        )
        .await?;
    }
    Ok(changed)
}
