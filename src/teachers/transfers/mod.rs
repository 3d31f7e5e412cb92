//! Pending transfers (待轉入確認): a school asking to add a teacher who is on
//! another school's roster.
//!
//! The new school's request never touches the teacher's record: it learns
//! nothing of it (no name, code, history or hours) and changes nothing of
//! it (identity fields are the teacher's and her current school's). The
//! move happens when the former school confirms, when the teacher confirms
//! while signed in, or when [`NOTICE_DAYS`] have passed since the former
//! school was emailed without anyone objecting ([`confirm_due`], run by the
//! housekeeping loop). Until then the new school sees only its own request.
//!
//! Resolvers are in `graphql.rs`; each calls one function here.

mod graphql;

pub use graphql::{TeacherTransfer, TransfersMutation, TransfersQuery};

use sqlx::{PgConnection, PgPool};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use self::graphql::TransferDirection;
use super::{
    find_teacher, leave_other_schools, record_statement, roster::school_for, rules::Party,
    serve_at, StatementSource, TeacherFields, TeacherRow,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Operation},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError},
    graphql::pagination::{Page, PageRequest},
    mail::{enqueue, outbox::recipients_of, templates::TransferNotice, Links},
    refusal::Outcome,
    units::UnitRow,
};

/// How long the former school has to object before a transfer takes effect.
pub const NOTICE_DAYS: i64 = 14;

crate::text_enum! {
    /// Where a transfer stands.
    // Stored in `teacher_transfers.status`; decoded by sqlx, an unknown status is
    // an error.
    #[derive(async_graphql::Enum)]
    pub enum TransferStatus {
        /// Waiting for the former school, the teacher or the end of the notice.
        Pending => "pending",
        /// The teacher is on the new school's roster.
        Confirmed => "confirmed",
        /// The former school or the teacher objected; nothing changed.
        Objected => "objected",
    }
}

/// Records the new school's request (or returns the open one: asking twice
/// changes its stage and title, not its notice period) and emails the
/// former school's contacts the first time. Returns the transfer's id.
#[allow(clippy::too_many_arguments)]
pub async fn request(
    conn: &mut PgConnection,
    teacher_id: Uuid,
    from_school_id: Option<Uuid>,
    to_school_id: Uuid,
    fields: &TeacherFields,
    source: StatementSource,
    actor: Option<Uuid>,
    links: Option<&Links>,
) -> anyhow::Result<Uuid> {
    let takes_effect_at = OffsetDateTime::now_utc() + Duration::days(NOTICE_DAYS);
    // `xmax = 0` tells a fresh insert from the update of the open request.
    let row = sqlx::query!(
        r#"INSERT INTO teacher_transfers
               (teacher_id, from_school_id, to_school_id, stated_name, education_stage,
                job_title, source, requested_by, takes_effect_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (teacher_id, to_school_id) WHERE status = 'pending'
           DO UPDATE SET education_stage = EXCLUDED.education_stage,
                         job_title = EXCLUDED.job_title
           RETURNING id, (xmax = 0) AS "inserted!""#,
        teacher_id,
        from_school_id,
        to_school_id,
        fields.name,
        fields.education_stage,
        fields.job_title,
        source.as_str(),
        actor,
        takes_effect_at,
    )
    .fetch_one(&mut *conn)
    .await?;
    if let (true, Some(from), Some(links)) = (row.inserted, from_school_id, links) {
        notify_former_school(conn, row.id, from, links).await?;
    }
    Ok(row.id)
}

async fn notify_former_school(
    conn: &mut PgConnection,
    transfer_id: Uuid,
    from_school_id: Uuid,
    links: &Links,
) -> anyhow::Result<()> {
    let t = sqlx::query!(
        r#"SELECT t.name, t.national_id_masked, u.name AS to_school, x.takes_effect_at
             FROM teacher_transfers x
             JOIN teachers t ON t.id = x.teacher_id
             JOIN org_units u ON u.id = x.to_school_id
            WHERE x.id = $1"#,
        transfer_id
    )
    .fetch_one(&mut *conn)
    .await?;
    for r in recipients_of(&mut *conn, &[from_school_id]).await? {
        let email = TransferNotice {
            recipient_name: r.name.clone(),
            teacher_name: t.name.clone(),
            national_id_masked: t.national_id_masked.clone(),
            to_school: t.to_school.clone(),
            takes_effect: crate::taipei::format(t.takes_effect_at),
            console_url: links.page("/teachers/transfers"),
        };
        let topic = format!("transfer:{transfer_id}");
        enqueue(conn, &r, Some(&topic), &email, &links.message_domain).await?;
    }
    Ok(())
}

/// Moves the teacher to the new school's roster if the transfer is still
/// pending; whether it did. `decided_by` is None when the notice period
/// ended.
pub async fn confirm(
    conn: &mut PgConnection,
    transfer_id: Uuid,
    decided_by: Option<Uuid>,
) -> anyhow::Result<bool> {
    let Some(x) = sqlx::query!(
        r#"SELECT x.teacher_id, x.to_school_id, x.education_stage, x.job_title,
                  x.source AS "source: StatementSource",
                  x.requested_by, t.national_id_hash
             FROM teacher_transfers x JOIN teachers t ON t.id = x.teacher_id
            WHERE x.id = $1 AND x.status = 'pending'
            FOR UPDATE OF x"#,
        transfer_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(false);
    };
    // The same lock as `upsert`: one change of this person's rosters at a time.
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended(encode($1, 'hex'), 0))",
        x.national_id_hash
    )
    .execute(&mut *conn)
    .await?;
    leave_other_schools(conn, x.teacher_id, x.to_school_id).await?;
    serve_at(
        conn,
        x.to_school_id,
        x.teacher_id,
        x.education_stage.as_deref(),
        x.job_title.as_deref(),
    )
    .await?;
    record_statement(
        conn,
        x.teacher_id,
        Some(x.to_school_id),
        x.source,
        OffsetDateTime::now_utc(),
        decided_by.or(x.requested_by),
    )
    .await?;
    sqlx::query!(
        r#"UPDATE teacher_transfers SET status = 'confirmed', decided_by = $2, decided_at = now()
            WHERE id = $1"#,
        transfer_id,
        decided_by
    )
    .execute(&mut *conn)
    .await?;
    // Other schools' open requests now concern the new school, which gets
    // a full notice period of its own to answer them.
    sqlx::query!(
        r#"UPDATE teacher_transfers
              SET from_school_id = $2,
                  takes_effect_at = greatest(takes_effect_at, now() + make_interval(days => $3))
            WHERE teacher_id = $1 AND status = 'pending' AND id <> $4"#,
        x.teacher_id,
        x.to_school_id,
        NOTICE_DAYS as i32,
        transfer_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Confirms the transfers whose notice period has ended without objection;
/// how many. Safe to run on every instance at once (`SKIP LOCKED`).
pub async fn confirm_due(pool: &PgPool) -> anyhow::Result<u64> {
    let mut tx = pool.begin().await?;
    let due = sqlx::query_scalar!(
        r#"SELECT id FROM teacher_transfers
            WHERE status = 'pending' AND takes_effect_at <= now()
            ORDER BY takes_effect_at LIMIT 500
            FOR UPDATE SKIP LOCKED"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut done = 0;
    for id in due {
        if confirm(&mut tx, id, None).await? {
            // No request to attribute it to: the row says the notice ended.
            sqlx::query!(
                r#"INSERT INTO audit_log (action, outcome, target_type, target_id, unit_id, detail)
                   SELECT 'teacher.transfer.confirm', 'ok', 'teacher_transfer', id::text,
                          to_school_id, 'the notice period ended without objection'
                     FROM teacher_transfers WHERE id = $1"#,
                id
            )
            .execute(&mut *tx)
            .await?;
            done += 1;
        }
    }
    tx.commit().await?;
    Ok(done)
}

/// Confirms (`accept`) or objects to a pending transfer, once [`decide`]
/// has checked that the viewer may decide it ([`TransferRow::may_decide`]).
/// A conflict when someone else decided it first.
async fn record_decision(
    access: &Access<'_>,
    transfer: &TransferRow,
    accept: bool,
    reason: Option<String>,
) -> ApiResult<Result<(), InputError>> {
    let actor = access.viewer().user_id();
    let mut tx = access.pool().begin().await?;
    let changed = if accept {
        confirm(&mut tx, transfer.id, actor).await?
    } else {
        sqlx::query!(
            r#"UPDATE teacher_transfers
                  SET status = 'objected', decided_by = $2, decided_at = now(), reason = $3
                WHERE id = $1 AND status = 'pending'"#,
            transfer.id,
            actor,
            reason
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1
    };
    if !changed {
        return Ok(Err(InputError::new(
            "transferId",
            ErrorCode::Conflict,
            "This transfer has already been decided.",
        )));
    }
    let mut entry = Entry::ok(if accept {
        "teacher.transfer.confirm"
    } else {
        "teacher.transfer.object"
    })
    .target("teacher_transfer", transfer.id)
    .unit(transfer.to_school_id);
    if let Some(r) = &reason {
        entry = entry.detail(r.clone());
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// A transfer as its readers see it.
#[derive(Clone, Debug)]
pub struct TransferRow {
    pub id: Uuid,
    pub teacher_id: Uuid,
    pub teacher_user_id: Option<Uuid>,
    pub national_id_masked: String,
    pub from_school_id: Option<Uuid>,
    pub from_school_path: Option<String>,
    pub to_school_id: Uuid,
    pub to_school_path: String,
    pub stated_name: String,
    pub status: TransferStatus,
    pub requested_at: OffsetDateTime,
    pub takes_effect_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
}

/// The transfer `id`, or the newest transfers of `teacher_id` (at most 50).
async fn load(
    db: impl sqlx::PgExecutor<'_>,
    id: Option<Uuid>,
    teacher_id: Option<Uuid>,
) -> sqlx::Result<Vec<TransferRow>> {
    sqlx::query_as!(
        TransferRow,
        r#"SELECT x.id, x.teacher_id, t.user_id AS teacher_user_id, t.national_id_masked,
                  x.from_school_id, f.path::text AS "from_school_path?",
                  x.to_school_id, n.path::text AS "to_school_path!",
                  x.stated_name, x.status AS "status: TransferStatus", x.requested_at,
                  x.takes_effect_at, x.decided_at, x.reason
             FROM teacher_transfers x
             JOIN teachers t ON t.id = x.teacher_id
             LEFT JOIN org_units f ON f.id = x.from_school_id
             JOIN org_units n ON n.id = x.to_school_id
            WHERE x.id = $1 OR x.teacher_id = $2
            ORDER BY x.requested_at DESC, x.id
            LIMIT 50"#,
        id,
        teacher_id
    )
    .fetch_all(db)
    .await
}

/// One transfer.
pub async fn find(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<TransferRow>> {
    Ok(load(db, Some(id), None).await?.pop())
}

/// The transfers of `teacher`, newest first: for the teacher herself (she
/// may confirm or object), none for others.
pub async fn of_teacher(access: &Access<'_>, teacher: &TeacherRow) -> ApiResult<Vec<TransferRow>> {
    if !teacher.is_self(access) {
        return Ok(vec![]);
    }
    Ok(load(access.pool(), None, Some(teacher.id)).await?)
}

/// The teacher's record of a transfer: for the former school and the
/// teacher; for the asking school only once the transfer is confirmed.
pub async fn teacher_of(
    access: &Access<'_>,
    transfer: &TransferRow,
) -> ApiResult<Option<TeacherRow>> {
    if !transfer.shows_teacher_to(transfer.party(access)) {
        return Ok(None);
    }
    Ok(find_teacher(access.pool(), Some(transfer.teacher_id), None).await?)
}

/// A school's transfers, newest first: those it asked for (incoming) or
/// those asking for its teachers (outgoing); default pending only. Audited.
pub async fn list(
    access: &Access<'_>,
    school_id: Uuid,
    direction: TransferDirection,
    status: Option<Vec<TransferStatus>>,
    first: Option<i32>,
    after: Option<String>,
) -> ApiResult<Page<TeacherTransfer>> {
    let school = match school_for(access, school_id, Operation::ReadTeachers).await? {
        Ok(s) => s,
        Err(e) => return Err(ApiError::BadRequest(e.message)),
    };
    let page = PageRequest::<(String, Uuid)>::new(first, after)?;
    let statuses: Vec<String> = status
        .unwrap_or_else(|| vec![TransferStatus::Pending])
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    let incoming = direction == TransferDirection::Incoming;
    // Cursor: the request time as RFC 3339 text sorts like the time.
    let rows = sqlx::query!(
        r#"SELECT x.id, x.teacher_id, t.user_id AS teacher_user_id, t.national_id_masked,
                      x.from_school_id, f.path::text AS "from_school_path?",
                      x.to_school_id, n.path::text AS "to_school_path!",
                      x.stated_name, x.status AS "status: TransferStatus", x.requested_at,
                      x.takes_effect_at, x.decided_at,
                      x.reason, to_char(x.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
                          AS "cursor!",
                      count(*) OVER () AS "total!"
                 FROM teacher_transfers x
                 JOIN teachers t ON t.id = x.teacher_id
                 LEFT JOIN org_units f ON f.id = x.from_school_id
                 JOIN org_units n ON n.id = x.to_school_id
                WHERE (CASE WHEN $2 THEN x.to_school_id = $1 ELSE x.from_school_id = $1 END)
                  AND x.status = ANY($3)
                  AND ($4::text IS NULL
                       OR (to_char(x.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), x.id)
                          < ($4, $5::uuid))
                ORDER BY x.requested_at DESC, x.id DESC
                LIMIT $6"#,
        school.id,
        incoming,
        &statuses,
        page.after.as_ref().map(|a| a.0.as_str()),
        page.after.as_ref().map(|a| a.1),
        page.fetch_limit(),
    )
    .fetch_all(access.pool())
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let entry = Entry::ok("teacher.transfer.list")
        .unit(school.id)
        .detail(format!(
            "{} of {total} {} transfers",
            rows.len().min(page.size as usize),
            if incoming { "incoming" } else { "outgoing" }
        ));
    audit::record(access.pool(), access.request(), entry).await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            (
                (r.cursor, r.id),
                graphql::TeacherTransfer(TransferRow {
                    id: r.id,
                    teacher_id: r.teacher_id,
                    teacher_user_id: r.teacher_user_id,
                    national_id_masked: r.national_id_masked,
                    from_school_id: r.from_school_id,
                    from_school_path: r.from_school_path,
                    to_school_id: r.to_school_id,
                    to_school_path: r.to_school_path,
                    stated_name: r.stated_name,
                    status: r.status,
                    requested_at: r.requested_at,
                    takes_effect_at: r.takes_effect_at,
                    decided_at: r.decided_at,
                    reason: r.reason,
                }),
            )
        })
        .collect();
    Ok(page.connection(rows, total))
}

/// Confirms (`accept`) or objects to (with a reason) a pending transfer,
/// as the teacher's former school or the teacher herself; the transfer as
/// it stands afterwards. Confirming moves her to the asking school's roster.
#[tracing::instrument(skip_all, fields(transfer_id = %transfer_id, accept))]
pub async fn decide(
    access: &Access<'_>,
    transfer_id: Uuid,
    accept: bool,
    reason: Option<String>,
) -> ApiResult<Outcome<Option<TransferRow>>> {
    access.user()?;
    let not_found = || {
        vec![InputError::new(
            "transferId",
            ErrorCode::NotFound,
            "No such transfer.",
        )]
    };
    let Some(transfer) = find(access.pool(), transfer_id).await? else {
        return Ok(Err(not_found()));
    };
    if let Err(decided) = transfer.check_pending() {
        if transfer.party(access) == Party::None {
            return Ok(Err(not_found()));
        }
        return Ok(Err(vec![decided]));
    }
    if !transfer.may_decide_as_party(access) {
        // Through the one path, so the refusal is audited; the asking
        // school never decides its own request.
        if let Some(former) = transfer.from_school_id {
            access
                .fetch::<UnitRow>(former, Operation::EditTeachers)
                .await?;
        }
        return Err(ApiError::Forbidden(
            "Only the teacher or her former school decides a transfer.".into(),
        ));
    }
    let mut checks = Checks::new();
    let reason = checks.optional_text("reason", "Reason", reason.as_deref(), 500);
    if !accept && reason.is_none() {
        checks.push(InputError::new(
            "reason",
            ErrorCode::Required,
            "Say why you object; the asking school is shown the reason.",
        ));
    }
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    if let Err(e) = record_decision(access, &transfer, accept, reason).await? {
        return Ok(Err(vec![e]));
    }
    Ok(Ok(find(access.pool(), transfer_id).await?))
}
