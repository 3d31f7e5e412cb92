//! Accounts and their roles: the `users` list, creating accounts, granting
//! and revoking roles within the grant ceiling, and explaining a decision.
//! The GraphQL resolvers parse the input and call one function here.

use uuid::Uuid;

use super::{
    password,
    sql::{self, AssignmentRow, NewUser, UserListFilter, UserRow},
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Action, Granted, Operation, Role, UnitTarget, Viewer, ViewerUser},
    error::{ApiError, ApiResult, ErrorCode, InputError},
    graphql::pagination::PageRequest,
    refusal::Outcome,
    units::UnitRow,
};

/// A page of the accounts holding roles at units whose accounts the viewer
/// may list (at `unit_id`, holding `role`, matching `search`, when given),
/// by login; with how many there are.
pub async fn list(
    access: &Access<'_>,
    unit_id: Option<Uuid>,
    role: Option<Role>,
    search: Option<String>,
    page: &PageRequest<String>,
) -> ApiResult<(Vec<UserRow>, i64)> {
    access.user()?;
    if let Some(unit_id) = unit_id {
        existing_unit(access, unit_id, Operation::ReadUsers).await?;
    }
    let scope = access.require_scope(Operation::ReadUsers).await?;
    let f = UserListFilter {
        scope: &scope,
        unit_id,
        role,
        search,
    };
    let pool = access.pool();
    let rows = sql::list(pool, &f, page.after.as_deref(), page.fetch_limit()).await?;
    let total = sql::count(pool, &f).await?;
    Ok((rows, total))
}

/// Whether an account may do something at a unit, and why.
pub struct Explanation {
    pub allowed: bool,
    /// One sentence for people.
    pub summary: String,
    pub decided_by_role: Option<Role>,
    /// Where that role is held.
    pub decided_by_unit: Option<Uuid>,
    pub policy: Option<String>,
    /// The assignments the viewer may see of those that were weighed.
    pub considered: Vec<AssignmentRow>,
}

/// Explains whether the account `user_id` may do `action` at `unit_id`,
/// naming the role assignment and policy line that decided, for a viewer
/// allowed to explain permissions there and within whose scope the account
/// is.
pub async fn explain(
    access: &Access<'_>,
    user_id: Uuid,
    action: Action,
    unit_id: Uuid,
) -> ApiResult<Explanation> {
    access.user()?;
    let unit = existing_unit(access, unit_id, Operation::ExplainPermission).await?;
    let pool = access.pool();
    if !require_account_in_scope(access, user_id, Operation::ExplainPermission.into(), &unit)
        .await?
    {
        return Err(ApiError::NotFound("user"));
    }
    let user = sql::users_by_ids(pool, &[user_id])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("user"))?;
    let rows = sql::assignments_of(pool, &[user.id]).await?;
    let subject = Viewer {
        user: Some(ViewerUser {
            id: user.id,
            login: user.login.clone(),
            session_id: Uuid::nil(),
        }),
        assignments: rows.iter().filter_map(|r| r.to_assignment()).collect(),
    };
    // The decision weighs every assignment, but the answer shows only
    // those at units whose accounts the viewer may list (as `User.roles`
    // does): another county's assignments are not this viewer's business.
    let visible = |a: &AssignmentRow| {
        access.can(
            Operation::ReadUsers,
            &UnitTarget {
                id: a.unit_id,
                path: a.unit_path.clone(),
            },
        )
    };
    let considered: Vec<AssignmentRow> = rows.iter().filter(|a| visible(a)).cloned().collect();
    let what = format!("{} {}", action.describe(), unit.name);
    Ok(
        match access
            .state()
            .authz
            .decide(&subject, action, &unit.target())
        {
            Some(grant)
                if grant.assignment.as_ref().is_some_and(|a| {
                    !rows
                        .iter()
                        .any(|r| r.unit_id == a.unit_id && r.role == a.role.as_str() && visible(r))
                }) =>
            {
                // Allowed by an assignment the viewer may not see: say so,
                // without naming the role, the unit or the policy line.
                Explanation {
                    allowed: true,
                    summary: format!(
                        "{} may {what}: a role they hold outside your scope allows it.",
                        user.login
                    ),
                    decided_by_role: None,
                    decided_by_unit: None,
                    policy: None,
                    considered,
                }
            }
            Some(grant) => {
                let (role, held_at) = match &grant.assignment {
                    Some(a) => (Some(a.role), Some(a.unit_id)),
                    None => (None, None),
                };
                let summary = match &grant.assignment {
                    Some(a) => format!(
                        "{} may {what}: they hold {} at {}, and policy line “{}” allows it.",
                        user.login, a.role, a.unit_name, grant.policy
                    ),
                    None => format!("Everyone may {what} (policy line “{}”).", grant.policy),
                };
                Explanation {
                    allowed: true,
                    summary,
                    decided_by_role: role,
                    decided_by_unit: held_at,
                    policy: Some(grant.policy),
                    considered,
                }
            }
            None => Explanation {
                allowed: false,
                summary: if subject.assignments.is_empty() {
                    format!("{} may not {what}: they hold no role.", user.login)
                } else {
                    format!(
                        "{} may not {what}: none of their roles has a policy line that \
                         reaches this unit.",
                        user.login
                    )
                },
                decided_by_role: None,
                decided_by_unit: None,
                policy: None,
                considered,
            },
        },
    )
}

/// A new account as its input gave it, checked.
pub struct NewAccount {
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password: String,
}

/// Creates an account with its first role, `role` at the unit `unit_id`:
/// needs permission to create accounts at the unit and to grant that role
/// there (the grant ceiling holds for a new account as for an existing
/// one). `account`'s errors, with the role's placement, are the answer
/// once both are allowed.
pub async fn create_user(
    access: &Access<'_>,
    unit_id: Uuid,
    role: Role,
    account: Outcome<NewAccount>,
) -> ApiResult<Outcome<UserRow>> {
    let creator = access.user()?.id;
    let Some(unit) = access
        .fetch::<UnitRow>(unit_id, Operation::ManageUsers)
        .await?
    else {
        return Ok(Err(vec![unknown("unitId", "unit")]));
    };
    let unit = access
        .grant(unit.into_inner(), Action::assign(role))
        .await?;
    let account = match (account, placement_error(access, role, &unit)) {
        (Ok(account), None) => account,
        (account, placement) => {
            let errors = account.err().unwrap_or_default();
            return Ok(Err(errors.into_iter().chain(placement).collect()));
        }
    };
    let hash = match password::hash(account.password).await {
        Ok(hash) => hash,
        Err(password::HashError::Busy) => {
            return Ok(Err(vec![InputError::general(
                ErrorCode::TooBusy,
                "The server is busy checking other passwords. Try again in a few seconds.",
            )]))
        }
        Err(password::HashError::Failed(e)) => return Err(e.into()),
    };
    let new = NewUser {
        login: &account.login,
        display_name: &account.display_name,
        email: account.email.as_deref(),
        password_hash: &hash,
        created_by: Some(creator),
    };
    Ok(match create_account(access, &unit, &new, role).await? {
        Some(user) => Ok(user),
        None => Err(vec![InputError::new(
            "login",
            ErrorCode::AlreadyExists,
            format!("The login name “{}” is already taken.", account.login),
        )]),
    })
}

/// Writes a new account with its first role at `unit` (granted `ManageUsers`
/// and then the role's assignment); `None` when the login is taken.
#[tracing::instrument(skip_all, fields(unit_id = %unit.id, role = %role))]
async fn create_account(
    access: &Access<'_>,
    unit: &Granted<UnitRow>,
    new: &NewUser<'_>,
    role: Role,
) -> ApiResult<Option<UserRow>> {
    let mut tx = access.pool().begin().await?;
    let Some(user) = sql::insert_user(&mut tx, new).await? else {
        return Ok(None);
    };
    sql::grant(&mut tx, user.id, role, unit.id, new.created_by).await?;
    let entry = Entry::ok("user.create")
        .target("user", user.id)
        .unit(unit.id)
        .set("login", &user.login)
        .set("displayName", &user.display_name)
        .set("email", &user.email)
        .set("role", &role.as_str());
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Some(user))
}

/// A role at a unit, for an account.
pub struct RoleChange {
    pub user_id: Uuid,
    pub role: Role,
    pub unit_id: Uuid,
}

/// Grants a role at a unit, within the viewer's grant ceiling.
pub async fn grant_role(access: &Access<'_>, change: RoleChange) -> ApiResult<Outcome<UserRow>> {
    change_role(access, change, true).await
}

/// Revokes a role at a unit, within the viewer's grant ceiling. The last
/// operator assignment cannot be revoked.
pub async fn revoke_role(access: &Access<'_>, change: RoleChange) -> ApiResult<Outcome<UserRow>> {
    change_role(access, change, false).await
}

#[tracing::instrument(
    skip_all,
    fields(user_id = %input.user_id, unit_id = %input.unit_id, role = %input.role, grant)
)]
async fn change_role(
    access: &Access<'_>,
    input: RoleChange,
    grant: bool,
) -> ApiResult<Outcome<UserRow>> {
    let actor = access.user()?.id;
    let pool = access.pool();
    let Some(unit) = access
        .fetch::<UnitRow>(input.unit_id, Action::assign(input.role))
        .await?
    else {
        return Ok(Err(vec![unknown("unitId", "unit")]));
    };
    // Before anything of the account is read or answered: its login and
    // email are only for those whose scope it is in.
    if !require_account_in_scope(access, input.user_id, Action::assign(input.role), &unit).await? {
        return Ok(Err(vec![unknown("userId", "user")]));
    }
    let Some(user) = sql::users_by_ids(pool, &[input.user_id]).await?.pop() else {
        return Ok(Err(vec![unknown("userId", "user")]));
    };
    let error = |code, message: String| Ok(Err(vec![InputError::new("role", code, message)]));
    let mut tx = pool.begin().await?;
    if grant {
        if let Some(e) = placement_error(access, input.role, &unit) {
            return Ok(Err(vec![e]));
        }
        if !sql::grant(&mut tx, user.id, input.role, unit.id, Some(actor)).await? {
            return error(
                ErrorCode::AlreadyExists,
                format!(
                    "{} already holds {} at {}.",
                    user.login, input.role, unit.name
                ),
            );
        }
    } else {
        if input.role == Role::Operator && sql::lock_operator_count(&mut tx).await? <= 1 {
            return error(
                ErrorCode::Conflict,
                "This is the last operator; grant the role to someone else first.".into(),
            );
        }
        if !sql::revoke(&mut tx, user.id, input.role, unit.id).await? {
            return error(
                ErrorCode::NotFound,
                format!(
                    "{} does not hold {} at {}.",
                    user.login, input.role, unit.name
                ),
            );
        }
    }
    let entry = Entry::ok(if grant { "role.grant" } else { "role.revoke" })
        .target("user", user.id)
        .unit(unit.id)
        .set("role", &input.role.as_str())
        .set("login", &user.login);
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(user))
}

/// Refuses `action` (audited, `FORBIDDEN`, naming nothing of the account)
/// when `user_id` is not an account within the viewer's scope: one holding a role
/// at a unit whose accounts the viewer may list, or holding no role and
/// created by the viewer (docs/authorization.md). `false` when there is no
/// such account.
async fn require_account_in_scope(
    access: &Access<'_>,
    user_id: Uuid,
    action: Action,
    unit: &UnitRow,
) -> ApiResult<bool> {
    let viewer = access.user()?.id;
    let scope = access.scope(Operation::ReadUsers);
    match sql::account_in_scope(access.pool(), user_id, &scope, viewer).await? {
        None => Ok(false),
        Some(true) => Ok(true),
        Some(false) => {
            let (obj, act) = action.object_and_act();
            let doing = format!("{} {} for", action.describe(), unit.name);
            let what = format!(
                "{doing} this account: it holds no role at a unit whose accounts you may list"
            );
            let entry = Entry::denied(format!("{obj}.{act}"))
                .target("user", user_id)
                .unit(unit.id)
                .detail(format!("{doing} an account outside the viewer's scope"));
            Err(access.refuse(entry, what).await)
        }
    }
}

/// The unit `unit_id`, granted `op`; `NOT_FOUND` when there is none.
async fn existing_unit(
    access: &Access<'_>,
    unit_id: Uuid,
    op: Operation,
) -> ApiResult<Granted<UnitRow>> {
    access
        .fetch::<UnitRow>(unit_id, op)
        .await?
        .ok_or(ApiError::NotFound("unit"))
}

/// Checks that `role` may be held at `unit`, as an input error.
fn placement_error(access: &Access<'_>, role: Role, unit: &UnitRow) -> Option<InputError> {
    (!access.state().placements.allows(role, &unit.kind)).then(|| {
        InputError::new(
            "role",
            ErrorCode::InvalidPlacement,
            format!(
                "The role {role} cannot be held at {} (a unit of kind {}).",
                unit.name, unit.kind
            ),
        )
    })
}

fn unknown(field: &str, what: &str) -> InputError {
    InputError::new(
        field,
        ErrorCode::NotFound,
        format!("No {what} has this id."),
    )
}
