//! Queries on users and role assignments.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::authz::{Assignment, Role, Scope};

#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: Uuid,
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub is_active: bool,
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug)]
pub struct AssignmentRow {
    pub user_id: Uuid,
    pub role: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub unit_path: String,
    pub granted_at: OffsetDateTime,
}

impl AssignmentRow {
    /// The assignment as the authorization path sees it (`None` for a role
    /// name this build does not know).
    pub fn to_assignment(&self) -> Option<Assignment> {
        Some(Assignment {
            role: self.role.parse::<Role>().ok()?,
            unit_id: self.unit_id,
            unit_name: self.unit_name.clone(),
            unit_path: self.unit_path.clone(),
        })
    }
}

pub async fn users_by_ids(db: impl PgExecutor<'_>, ids: &[Uuid]) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as!(
        UserRow,
        "SELECT id, login, display_name, email, is_active, created_at FROM users WHERE id = ANY($1)",
        ids
    )
    .fetch_all(db)
    .await
}

/// For sign-in: the account and its hash.
pub async fn credentials(
    db: impl PgExecutor<'_>,
    login: &str,
) -> sqlx::Result<Option<(Uuid, String)>> {
    Ok(sqlx::query!(
        "SELECT id, password_hash FROM users WHERE login = $1 AND is_active",
        login
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.id, r.password_hash)))
}

pub async fn assignments_of(
    db: impl PgExecutor<'_>,
    user_ids: &[Uuid],
) -> sqlx::Result<Vec<AssignmentRow>> {
    sqlx::query_as!(
        AssignmentRow,
        r#"SELECT ra.user_id, ra.role, ra.unit_id, ou.name AS unit_name,
                  ou.path::text AS "unit_path!", ra.granted_at
             FROM role_assignments ra JOIN org_units ou ON ou.id = ra.unit_id
            WHERE ra.user_id = ANY($1)
            ORDER BY ra.granted_at, ra.role"#,
        user_ids
    )
    .fetch_all(db)
    .await
}

/// Whether the account `user_id` is within `scope` (the viewer's `users`
/// list scope): it holds a role at a unit in scope, or it holds no role at
/// all and `viewer_id` created it. `None` when there is no such account.
/// See docs/authorization.md, "Accounts within your scope".
pub async fn account_in_scope(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    scope: &Scope,
    viewer_id: Uuid,
) -> sqlx::Result<Option<bool>> {
    sqlx::query_scalar!(
        r#"SELECT ($2
                   OR EXISTS (
                       SELECT 1 FROM role_assignments ra JOIN org_units ou ON ou.id = ra.unit_id
                        WHERE ra.user_id = u.id
                          AND unit_in_scope(ou.path, ou.id, false, $3, $4))
                   OR (u.created_by = $5
                       AND NOT EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id)))
                  AS "in_scope!"
             FROM users u
            WHERE u.id = $1"#,
        user_id,
        scope.all,
        &scope.subtrees,
        &scope.units,
        viewer_id,
    )
    .fetch_optional(db)
    .await
}

/// Filter of the `users` list.
pub struct UserListFilter<'a> {
    pub scope: &'a Scope,
    pub unit_id: Option<Uuid>,
    pub role: Option<Role>,
    pub search: Option<String>,
}

pub async fn list(
    db: impl PgExecutor<'_>,
    f: &UserListFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT u.id, u.login, u.display_name, u.email, u.is_active, u.created_at
             FROM users u
            WHERE (($1 AND $4::uuid IS NULL AND $5::text IS NULL)
                   OR EXISTS (
                       SELECT 1 FROM role_assignments ra JOIN org_units ou ON ou.id = ra.unit_id
                        WHERE ra.user_id = u.id
                          AND unit_in_scope(ou.path, ou.id, $1, $2, $3)
                          AND ($4::uuid IS NULL OR ou.id = $4)
                          AND ($5::text IS NULL OR ra.role = $5)))
              AND ($6::text IS NULL OR u.login ILIKE $6 OR u.display_name ILIKE $6)
              AND ($7::text IS NULL OR u.login > $7)
            ORDER BY u.login
            LIMIT $8"#,
        f.scope.all,
        &f.scope.subtrees,
        &f.scope.units,
        f.unit_id,
        f.role.map(Role::as_str),
        f.search.as_deref().map(crate::units::like_pattern),
        after,
        limit,
    )
    .fetch_all(db)
    .await
}

pub async fn count(db: impl PgExecutor<'_>, f: &UserListFilter<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
             FROM users u
            WHERE (($1 AND $4::uuid IS NULL AND $5::text IS NULL)
                   OR EXISTS (
                       SELECT 1 FROM role_assignments ra JOIN org_units ou ON ou.id = ra.unit_id
                        WHERE ra.user_id = u.id
                          AND unit_in_scope(ou.path, ou.id, $1, $2, $3)
                          AND ($4::uuid IS NULL OR ou.id = $4)
                          AND ($5::text IS NULL OR ra.role = $5)))
              AND ($6::text IS NULL OR u.login ILIKE $6 OR u.display_name ILIKE $6)"#,
        f.scope.all,
        &f.scope.subtrees,
        &f.scope.units,
        f.unit_id,
        f.role.map(Role::as_str),
        f.search.as_deref().map(crate::units::like_pattern),
    )
    .fetch_one(db)
    .await
}

pub struct NewUser<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub created_by: Option<Uuid>,
}

/// Inserts the user; `None` when the login is taken.
pub async fn insert_user(
    conn: &mut PgConnection,
    u: &NewUser<'_>,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"INSERT INTO users (login, display_name, email, password_hash, created_by)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (login) DO NOTHING
           RETURNING id, login, display_name, email, is_active, created_at"#,
        u.login,
        u.display_name,
        u.email,
        u.password_hash,
        u.created_by,
    )
    .fetch_optional(conn)
    .await
}

/// Grants the role; `false` when the user already held it there.
pub async fn grant(
    conn: &mut PgConnection,
    user_id: Uuid,
    role: Role,
    unit_id: Uuid,
    granted_by: Option<Uuid>,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query!(
        r#"INSERT INTO role_assignments (user_id, role, unit_id, granted_by)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT ON CONSTRAINT role_assignments_unique DO NOTHING"#,
        user_id,
        role.as_str(),
        unit_id,
        granted_by
    )
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Revokes the role; `false` when the user did not hold it there.
pub async fn revoke(
    conn: &mut PgConnection,
    user_id: Uuid,
    role: Role,
    unit_id: Uuid,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query!(
        "DELETE FROM role_assignments WHERE user_id = $1 AND role = $2 AND unit_id = $3",
        user_id,
        role.as_str(),
        unit_id
    )
    .execute(conn)
    .await?;
    Ok(deleted.rows_affected() == 1)
}

/// How many operator assignments exist, locking them (so two concurrent
/// revocations cannot both see "one more left").
pub async fn lock_operator_count(conn: &mut PgConnection) -> sqlx::Result<i64> {
    let ids =
        sqlx::query_scalar!("SELECT id FROM role_assignments WHERE role = 'operator' FOR UPDATE")
            .fetch_all(conn)
            .await?;
    Ok(ids.len() as i64)
}
