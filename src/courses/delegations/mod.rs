//! Delegation of course review authority (e.g. the operator reviewing, on
//! the K-12 Education Administration's behalf, the courses of schools its
//! divisions govern). A data change through the API, audited, in force at
//! once: routing reads the delegations at every read, so pending reviews move
//! to the new reviewer in the same transaction.
//!
//! The operations here (`review_delegations`, `set_review_delegation`,
//! `end_review_delegation`) authorize, write and commit; `graphql.rs` only
//! parses input, calls one of them and builds the payload. `create` is the
//! write the seed shares.

mod graphql;

pub use graphql::{DelegationsMutation, DelegationsQuery};

use sqlx::{postgres::types::PgRange, PgConnection, Postgres, Transaction};
use std::ops::Bound;
use time::OffsetDateTime;
use tracing::instrument;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    authz::{Access, Operation, UnitTarget},
    error::{ApiResult, Checks, ErrorCode, InputError},
    refusal::Outcome,
    units,
};

/// Kinds of unit that review courses and may hand that over.
const AUTHORITY_KINDS: [&str; 5] = [
    "ministry",
    "ministry_division",
    "k12_administration",
    "k12_division",
    "county_bureau",
];

#[derive(Clone, Debug)]
pub struct DelegationRow {
    pub id: Uuid,
    pub authority_id: Uuid,
    pub delegate_unit_id: Uuid,
    pub valid: PgRange<OffsetDateTime>,
    pub note: Option<String>,
    pub created_at: OffsetDateTime,
    pub created_by_login: Option<String>,
    pub ended_at: Option<OffsetDateTime>,
    pub end_reason: Option<String>,
    /// In force now (`valid @> now()`).
    pub active: bool,
    /// In force now or yet to begin (`delegation_is_open`): it can be ended.
    pub open: bool,
}

/// `SELECT`s `DelegationRow`s; `$tail` adds the `WHERE` clause (and a lock).
macro_rules! select_delegations {
    ($tail:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            DelegationRow,
            r#"SELECT d.id, d.authority_id, d.delegate_unit_id, d.valid, d.note, d.created_at,
                      u.login AS "created_by_login?", d.ended_at, d.end_reason,
                      d.valid @> now() AS "active!", delegation_is_open(d.valid) AS "open!"
                 FROM review_delegations d LEFT JOIN users u ON u.id = d.created_by
            "# + $tail
            $(, $arg)*
        )
    };
}

async fn find(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<DelegationRow>> {
    select_delegations!("WHERE d.id = $1", id)
        .fetch_optional(conn)
        .await
}

/// Locks a delegation for a change and reads it as the previous holder of
/// the lock left it.
async fn lock(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<DelegationRow>> {
    select_delegations!("WHERE d.id = $1 FOR UPDATE OF d", id)
        .fetch_optional(conn)
        .await
}

/// The reviewer of every pending course whose authority is `authority` or
/// a unit it governs.
async fn pending_reviewers(
    conn: &mut PgConnection,
    authority: Uuid,
) -> sqlx::Result<Vec<(Uuid, Uuid)>> {
    Ok(sqlx::query!(
        r#"SELECT c.id, reviewer_for(review_authority_of(c.organizer_id), now()) AS "reviewer!"
             FROM courses c
             JOIN org_units a ON a.id = review_authority_of(c.organizer_id)
            WHERE c.status = 'submitted'
              AND a.path <@ (SELECT path FROM org_units WHERE id = $1)
            ORDER BY c.id"#,
        authority
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.reviewer))
    .collect())
}

fn moved(before: &[(Uuid, Uuid)], after: &[(Uuid, Uuid)]) -> i32 {
    before
        .iter()
        .zip(after)
        .filter(|(b, a)| b.0 == a.0 && b.1 != a.1)
        .count() as i32
}

/// Creates a delegation (used by the API and the demo seed). Checks the
/// input; `Err` carries what is wrong and nothing is written. Without
/// `valid_from` it begins at the transaction's time, so it is in force for
/// the reads that follow in the same transaction.
pub async fn create(
    conn: &mut PgConnection,
    request: &crate::request::RequestContext,
    authority_id: Uuid,
    delegate_unit_id: Uuid,
    valid_from: Option<OffsetDateTime>,
    valid_to: Option<OffsetDateTime>,
    note: Option<&str>,
) -> anyhow::Result<Outcome<(Uuid, i32)>> {
    let mut checks = Checks::new();
    let note = checks.optional_text("note", "Note", note, 500);
    let authority = units::find_by_id(&mut *conn, authority_id).await?;
    let delegate = units::find_by_id(&mut *conn, delegate_unit_id).await?;
    match &authority {
        None => checks.push(InputError::new(
            "authorityId",
            ErrorCode::NotFound,
            "No such unit.",
        )),
        Some(a) if !AUTHORITY_KINDS.contains(&a.kind.as_str()) => checks.push(InputError::new(
            "authorityId",
            ErrorCode::InvalidPlacement,
            format!(
                "{} is not a competent authority; only ministry units, K-12 divisions and \
                 county bureaus review courses.",
                a.name
            ),
        )),
        _ => {}
    }
    if delegate.is_none() {
        checks.push(InputError::new(
            "delegateUnitId",
            ErrorCode::NotFound,
            "No such unit.",
        ));
    }
    if authority_id == delegate_unit_id {
        checks.push(InputError::new(
            "delegateUnitId",
            ErrorCode::Conflict,
            "A unit cannot delegate its review to itself.",
        ));
    }
    let now: OffsetDateTime = sqlx::query_scalar!(r#"SELECT now() AS "now!""#)
        .fetch_one(&mut *conn)
        .await?;
    let valid_from = valid_from.unwrap_or(now);
    if let Some(to) = valid_to {
        if to <= valid_from {
            checks.push(InputError::new(
                "validTo",
                ErrorCode::OutOfRange,
                "The delegation must end after it begins.",
            ));
        } else if to <= now {
            checks.push(InputError::new(
                "validTo",
                ErrorCode::OutOfRange,
                "The delegation would already be over.",
            ));
        }
    }
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    let (Some(authority), Some(delegate)) = (authority, delegate) else {
        unreachable!("checked above");
    };
    let valid = PgRange {
        start: Bound::Included(valid_from),
        end: valid_to.map_or(Bound::Unbounded, Bound::Excluded),
    };
    let overlapping = sqlx::query!(
        r#"SELECT u.name, lower(d.valid) AS "from?", upper(d.valid) AS "to?"
             FROM review_delegations d JOIN org_units u ON u.id = d.delegate_unit_id
            WHERE d.authority_id = $1 AND d.valid && $2
            LIMIT 1"#,
        authority_id,
        valid.clone(),
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(o) = overlapping {
        let until =
            o.to.map(crate::taipei::format)
                .unwrap_or_else(|| "further notice".into());
        return Ok(Err(vec![InputError::new(
            "validFrom",
            ErrorCode::Conflict,
            format!(
                "{}'s review is already delegated to {} from {} until {until}; end that \
                 delegation first or choose a period that does not overlap.",
                authority.name,
                o.name,
                o.from.map(crate::taipei::format).unwrap_or_default()
            ),
        )]));
    }
    let before = pending_reviewers(conn, authority_id).await?;
    let inserted = sqlx::query_scalar!(
        r#"INSERT INTO review_delegations (authority_id, delegate_unit_id, valid, note, created_by)
           VALUES ($1, $2, $3, $4, $5) RETURNING id"#,
        authority_id,
        delegate_unit_id,
        valid,
        note,
        request.viewer.user_id(),
    )
    .fetch_one(&mut *conn)
    .await;
    let id = match inserted {
        Ok(id) => id,
        // Another request created an overlapping delegation since the check.
        Err(sqlx::Error::Database(e))
            if e.constraint() == Some("review_delegations_no_overlap") =>
        {
            return Ok(Err(vec![InputError::new(
                "validFrom",
                ErrorCode::Conflict,
                format!(
                    "{}'s review was just delegated for an overlapping period; reload and \
                     end that delegation first.",
                    authority.name
                ),
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    let after = pending_reviewers(conn, authority_id).await?;
    let moved = moved(&before, &after);
    let entry = Entry::ok("delegation.create")
        .target("review_delegation", id)
        .unit(authority_id)
        .set("authority", &authority.name)
        .set("delegate", &delegate.name)
        .set("validFrom", &audit::timestamp(valid_from))
        .set("validTo", &valid_to.map(audit::timestamp))
        .set("pendingMoved", &moved);
    audit::record(&mut *conn, request, entry).await?;
    Ok(Ok((id, moved)))
}

/// One page of the review delegations concerning the authorities in the
/// viewer's scope, newest first, after `after` (a created-at and id); and
/// the count of those matching from there.
pub async fn review_delegations(
    access: &Access<'_>,
    include_ended: bool,
    after: Option<(OffsetDateTime, Uuid)>,
    limit: i64,
) -> ApiResult<(i64, Vec<DelegationRow>)> {
    let scope = access.require_scope(Operation::ReadDelegations).await?;
    let rows = sqlx::query!(
        r#"SELECT d.id, d.authority_id, d.delegate_unit_id, d.valid, d.note, d.created_at,
                  u.login AS "created_by_login?", d.ended_at, d.end_reason,
                  d.valid @> now() AS "active!", delegation_is_open(d.valid) AS "open!",
                  count(*) OVER () AS "total!"
             FROM review_delegations d
             JOIN org_units a ON a.id = d.authority_id
             JOIN org_units g ON g.id = d.delegate_unit_id
             LEFT JOIN users u ON u.id = d.created_by
            WHERE (unit_in_scope(a.path, a.id, $1, $2, $3)
                   OR unit_in_scope(g.path, g.id, $1, $2, $3))
              AND ($4 OR delegation_is_open(d.valid))
              AND ($5::timestamptz IS NULL OR (d.created_at, d.id) < ($5, $6::uuid))
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT $7"#,
        scope.all,
        &scope.subtrees,
        &scope.units,
        include_ended,
        after.map(|a| a.0),
        after.map(|a| a.1),
        limit,
    )
    .fetch_all(access.pool())
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let rows = rows
        .into_iter()
        .map(|r| DelegationRow {
            id: r.id,
            authority_id: r.authority_id,
            delegate_unit_id: r.delegate_unit_id,
            valid: r.valid,
            note: r.note,
            created_at: r.created_at,
            created_by_login: r.created_by_login,
            ended_at: r.ended_at,
            end_reason: r.end_reason,
            active: r.active,
            open: r.open,
        })
        .collect();
    Ok((total, rows))
}

/// Delegations are managed network-wide (operators, the commissioner).
async fn require_manager(access: &Access<'_>) -> ApiResult<()> {
    access.user()?;
    access
        .require(
            Operation::ManageDelegations,
            &UnitTarget::network(),
            "the network",
        )
        .await?;
    Ok(())
}

/// Reads the delegation as `tx` wrote it, for the payload, and commits.
async fn finish(mut tx: Transaction<'_, Postgres>, id: Uuid) -> ApiResult<DelegationRow> {
    let Some(row) = find(&mut tx, id).await? else {
        return Err(
            anyhow::anyhow!("delegation {id}, written in this transaction, is missing").into(),
        );
    };
    tx.commit().await?;
    Ok(row)
}

/// Hands `authority_id`'s course review to `delegate_unit_id` (see
/// [`create`]); the delegation and how many pending reviews moved.
#[instrument(skip_all, fields(authority = %authority_id))]
pub async fn set_review_delegation(
    access: &Access<'_>,
    authority_id: Uuid,
    delegate_unit_id: Uuid,
    valid_from: Option<OffsetDateTime>,
    valid_to: Option<OffsetDateTime>,
    note: Option<&str>,
) -> ApiResult<Outcome<(DelegationRow, i32)>> {
    require_manager(access).await?;
    let mut tx = access.pool().begin().await?;
    let created = create(
        &mut tx,
        access.request(),
        authority_id,
        delegate_unit_id,
        valid_from,
        valid_to,
        note,
    )
    .await?;
    let (id, pending_moved) = match created {
        Ok(created) => created,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(Ok((finish(tx, id).await?, pending_moved)))
}

/// Ends a delegation now (or cancels one that has not begun); pending
/// reviews return to the authority at once. `checks` holds the input's
/// problems, reported once the viewer is allowed.
#[instrument(skip_all, fields(id = %id))]
pub async fn end_review_delegation(
    access: &Access<'_>,
    id: Uuid,
    reason: Option<&str>,
    checks: Checks,
) -> ApiResult<Outcome<(DelegationRow, i32)>> {
    require_manager(access).await?;
    if !checks.is_empty() {
        return Ok(Err(checks.into_errors()));
    }
    let mut tx = access.pool().begin().await?;
    let Some(current) = lock(&mut tx, id).await? else {
        return Ok(Err(vec![InputError::new(
            "id",
            ErrorCode::NotFound,
            "No such delegation.",
        )]));
    };
    if current.ended_at.is_some() || !current.open {
        return Ok(Err(vec![InputError::new(
            "id",
            ErrorCode::Conflict,
            "This delegation has already ended.",
        )]));
    }
    let before = pending_reviewers(&mut tx, current.authority_id).await?;
    sqlx::query!(
        r#"UPDATE review_delegations
              SET valid = tstzrange(lower(valid), greatest(lower(valid), now())),
                  ended_at = now(), ended_by = $2, end_reason = $3
            WHERE id = $1"#,
        id,
        access.viewer().user_id(),
        reason,
    )
    .execute(&mut *tx)
    .await?;
    let after = pending_reviewers(&mut tx, current.authority_id).await?;
    let pending_moved = moved(&before, &after);
    let mut entry = Entry::ok("delegation.end")
        .target("review_delegation", id)
        .unit(current.authority_id)
        .set("pendingMoved", &pending_moved);
    if let Some(reason) = reason {
        entry = entry.detail(reason);
    }
    audit::record(&mut *tx, access.request(), entry).await?;
    Ok(Ok((finish(tx, id).await?, pending_moved)))
}
