//! Queries on `audit_log`.

use serde_json::Value;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::authz::Scope;

#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor_id: Option<Uuid>,
    pub actor_login: Option<String>,
    pub action: String,
    pub outcome: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub unit_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
    pub ip: Option<String>,
    pub changes: Option<Value>,
    pub detail: Option<String>,
    pub count: i32,
}

/// Which rows the `auditLog` query may show and was asked for.
pub struct AuditListFilter<'a> {
    /// Units whose log the viewer may read.
    pub scope: &'a Scope,
    /// The viewer may always read their own unit-less entries (sign-ins).
    pub viewer_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub within_path: Option<String>,
    pub action_exact: Option<String>,
    /// A LIKE pattern (escaped) for an action prefix.
    pub action_prefix: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

/// Newest first, before the id `before`.
pub async fn list(
    db: impl PgExecutor<'_>,
    f: &AuditListFilter<'_>,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as!(
        AuditRow,
        r#"SELECT a.id, a.at, a.actor_id, a.actor_login, a.action, a.outcome, a.target_type,
                  a.target_id, a.unit_id, a.request_id, host(a.ip) AS ip, a.changes, a.detail,
                  a.count
             FROM audit_log a
             LEFT JOIN org_units u ON u.id = a.unit_id
            WHERE (unit_in_scope(u.path, u.id, $1, $2, $3)
                   OR (a.unit_id IS NULL AND a.actor_id = $4))
              AND ($5::uuid IS NULL OR a.actor_id = $5)
              AND ($6::text IS NULL OR u.path <@ ($6::text)::ltree)
              AND ($7::text IS NULL OR a.action = $7)
              AND ($8::text IS NULL OR a.action LIKE $8)
              AND ($9::timestamptz IS NULL OR a.at >= $9)
              AND ($10::timestamptz IS NULL OR a.at <= $10)
              AND ($11::bigint IS NULL OR a.id < $11)
            ORDER BY a.id DESC
            LIMIT $12"#,
        f.scope.all,
        &f.scope.subtrees,
        &f.scope.units,
        f.viewer_id,
        f.actor_id,
        f.within_path,
        f.action_exact,
        f.action_prefix,
        f.from,
        f.to,
        before,
        limit,
    )
    .fetch_all(db)
    .await
}

pub async fn count(db: impl PgExecutor<'_>, f: &AuditListFilter<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
             FROM audit_log a
             LEFT JOIN org_units u ON u.id = a.unit_id
            WHERE (unit_in_scope(u.path, u.id, $1, $2, $3)
                   OR (a.unit_id IS NULL AND a.actor_id = $4))
              AND ($5::uuid IS NULL OR a.actor_id = $5)
              AND ($6::text IS NULL OR u.path <@ ($6::text)::ltree)
              AND ($7::text IS NULL OR a.action = $7)
              AND ($8::text IS NULL OR a.action LIKE $8)
              AND ($9::timestamptz IS NULL OR a.at >= $9)
              AND ($10::timestamptz IS NULL OR a.at <= $10)"#,
        f.scope.all,
        &f.scope.subtrees,
        &f.scope.units,
        f.viewer_id,
        f.actor_id,
        f.within_path,
        f.action_exact,
        f.action_prefix,
        f.from,
        f.to,
    )
    .fetch_one(db)
    .await
}
