//! GraphQL: sign-in, the viewer, accounts, role grants and explanations.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    password, session,
    sql::{self, AssignmentRow, NewUser, UserListFilter, UserRow},
    throttle, unlock,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Action, Granted, Operation, Role, Viewer, ViewerUser},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    payloads,
    request::RequestContext,
    units::{self, OrgUnit, UnitRow},
};

/// An account.
pub struct User {
    pub row: UserRow,
    /// Show every role even to a viewer who could not list them: the
    /// account is the viewer's own (e.g. in the `login` payload, before the
    /// request has a signed-in viewer).
    pub own: bool,
}

impl User {
    fn other(row: UserRow) -> Self {
        Self { row, own: false }
    }
}

/// A role held at a unit.
pub struct RoleAssignment(pub AssignmentRow);

#[Object]
impl RoleAssignment {
    async fn role(&self) -> ApiResult<Role> {
        self.0
            .role
            .parse()
            .map_err(|e: String| ApiError::from(anyhow::anyhow!(e)))
    }
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.unit_id)).await
    }
    async fn granted_at(&self) -> OffsetDateTime {
        self.0.granted_at
    }
}

#[Object]
impl User {
    async fn id(&self) -> Uuid {
        self.row.id
    }
    async fn login(&self) -> &str {
        &self.row.login
    }
    async fn display_name(&self) -> &str {
        &self.row.display_name
    }
    async fn email(&self) -> Option<&str> {
        self.row.email.as_deref()
    }
    async fn is_active(&self) -> bool {
        self.row.is_active
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.row.created_at
    }
    /// The teacher record of this account: only for the account itself
    /// (`me { teacher { personalCode } }`), null for everyone else.
    async fn teacher(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::teachers::Teacher>> {
        let access = Access::of(ctx)?;
        if access.viewer().user_id() != Some(self.row.id) {
            return Ok(None);
        }
        crate::teachers::teacher_of_viewer(ctx).await
    }
    /// The roles this user holds. Others see only the assignments at units
    /// whose accounts they may list.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROLES, child_complexity)"
    )]
    async fn roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<RoleAssignment>> {
        let access = Access::of(ctx)?;
        let rows = loader::<crate::accounts::loaders::AssignmentsOf>(ctx)?
            .load_one(self.row.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        let is_self = self.own || access.viewer().user_id() == Some(self.row.id);
        Ok(rows
            .into_iter()
            .filter(|a| {
                is_self
                    || access.can(
                        Operation::ReadUsers,
                        &crate::authz::UnitTarget {
                            id: a.unit_id,
                            path: a.unit_path.clone(),
                        },
                    )
            })
            .map(RoleAssignment)
            .collect())
    }
}

#[derive(InputObject)]
pub struct LoginInput {
    pub login: String,
    pub password: String,
}

#[derive(SimpleObject, Default)]
pub struct LoginPayload {
    /// For API clients: send as `Authorization: Bearer <token>`. Browsers
    /// also receive it as an HttpOnly cookie and need not keep it.
    pub token: Option<String>,
    pub expires_at: Option<OffsetDateTime>,
    pub user: Option<User>,
    /// With `TOO_MANY_ATTEMPTS`: seconds until the next attempt is allowed.
    pub retry_after_seconds: Option<i32>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject, Default)]
pub struct UnlockPayload {
    /// The login that can sign in again (null when refused).
    pub login: Option<String>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(SimpleObject)]
pub struct LogoutPayload {
    /// Whether a session was ended.
    pub ok: bool,
}

#[derive(InputObject, Default)]
pub struct UserFilter {
    /// Only accounts holding a role at this unit.
    pub unit_id: Option<Uuid>,
    pub role: Option<Role>,
    /// Substring of the login or display name.
    pub search: Option<String>,
}

#[derive(InputObject)]
pub struct CreateUserInput {
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password: String,
    /// The first role of the account, granted with it.
    pub role: Role,
    pub unit_id: Uuid,
}

#[derive(SimpleObject, Default)]
pub struct UserPayload {
    pub user: Option<User>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

#[derive(InputObject)]
pub struct RoleAssignmentInput {
    pub user_id: Uuid,
    pub role: Role,
    pub unit_id: Uuid,
}

/// Why someone may or may not do something at a unit.
#[derive(SimpleObject)]
pub struct PermissionExplanation {
    pub allowed: bool,
    /// One sentence for people.
    pub summary: String,
    /// The role that allowed it (null when denied, or when everyone may).
    pub decided_by_role: Option<Role>,
    /// The unit where that role is held.
    pub decided_by_unit: Option<OrgUnit>,
    /// The line of policies/policy.csv that allowed it.
    pub policy: Option<String>,
    /// Every role assignment that was considered.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROLES, child_complexity)"
    )]
    pub considered: Vec<RoleAssignment>,
}

/// What `TOO_BUSY` asks a client to wait.
const BUSY_RETRY_SECONDS: i32 = 2;

fn normalize_login(login: &str) -> String {
    login.trim().to_lowercase()
}

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// The signed-in user, or null.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let access = Access::of(ctx)?;
        let Some(id) = access.viewer().user_id() else {
            return Ok(None);
        };
        Ok(loader::<crate::accounts::loaders::UserById>(ctx)?
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(User::other))
    }

    /// Accounts holding roles at units whose accounts the viewer may list.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        filter: Option<UserFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<User>> {
        let access = Access::of(ctx)?;
        access.user()?;
        let filter = filter.unwrap_or_default();
        if let Some(unit_id) = filter.unit_id {
            existing_unit(&access, unit_id, Operation::ReadUsers).await?;
        }
        let scope = access.require_scope(Operation::ReadUsers).await?;
        let page = PageRequest::<String>::new(first, after)?;
        let f = UserListFilter {
            scope: &scope,
            unit_id: filter.unit_id,
            role: filter.role,
            search: filter
                .search
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
        };
        let pool = access.pool();
        let rows = sql::list(pool, &f, page.after.as_deref(), page.fetch_limit()).await?;
        let total = sql::count(pool, &f).await?;
        let rows = rows
            .into_iter()
            .map(|u| (u.login.clone(), User::other(u)))
            .collect();
        Ok(page.connection(rows, total))
    }

    /// Explains whether `userId` may do `action` at `unitId`, naming the
    /// role assignment and policy line that decided. `role` is required for
    /// `ASSIGN_ROLE`.
    async fn explain_permission(
        &self,
        ctx: &Context<'_>,
        user_id: Uuid,
        action: Operation,
        unit_id: Uuid,
        role: Option<Role>,
    ) -> ApiResult<PermissionExplanation> {
        let access = Access::of(ctx)?;
        access.user()?;
        let unit = existing_unit(&access, unit_id, Operation::ExplainPermission).await?;
        if action == Operation::AssignRole && role.is_none() {
            return Err(ApiError::BadRequest(
                "`role` is required with ASSIGN_ROLE.".into(),
            ));
        }
        let pool = access.pool();
        let action = Action {
            operation: action,
            role,
        };
        if !require_account_in_scope(&access, user_id, Operation::ExplainPermission.into(), &unit)
            .await?
        {
            return Err(ApiError::NotFound("user"));
        }
        let user = sql::users_by_ids(pool, &[user_id])
            .await?
            .pop()
            .ok_or(ApiError::NotFound("user"))?;
        let rows = loader::<crate::accounts::loaders::AssignmentsOf>(ctx)?
            .load_one(user.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
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
                &crate::authz::UnitTarget {
                    id: a.unit_id,
                    path: a.unit_path.clone(),
                },
            )
        };
        let considered: Vec<RoleAssignment> = rows
            .iter()
            .filter(|a| visible(a))
            .cloned()
            .map(RoleAssignment)
            .collect();
        let what = format!("{} {}", action.describe(), unit.name);
        Ok(
            match access
                .state()
                .authz
                .decide(&subject, action, &unit.target())
            {
                Some(grant)
                    if grant.assignment.as_ref().is_some_and(|a| {
                        !rows.iter().any(|r| {
                            r.unit_id == a.unit_id && r.role == a.role.as_str() && visible(r)
                        })
                    }) =>
                {
                    // Allowed by an assignment the viewer may not see: say so,
                    // without naming the role, the unit or the policy line.
                    PermissionExplanation {
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
                    PermissionExplanation {
                        allowed: true,
                        summary,
                        decided_by_role: role,
                        decided_by_unit: units::load_unit(ctx, held_at).await?,
                        policy: Some(grant.policy),
                        considered,
                    }
                }
                None => PermissionExplanation {
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

#[derive(Default)]
pub struct AccountsMutation;

#[Object]
impl AccountsMutation {
    /// Signs in. The same error answers an unknown login and a wrong
    /// password. Guesses are limited per client address and per login
    /// (`TOO_MANY_ATTEMPTS`, with `retryAfterSeconds`); a login locked by
    /// guessing is unlocked by its owner through an emailed link
    /// (`unlockSignIn`). `TOO_BUSY`: the server is checking as many
    /// passwords as it can; try again in a few seconds.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> ApiResult<LoginPayload> {
        sign_in(ctx, input).await
    }

    /// Lifts the lock of an account, with the token of the link emailed to
    /// its owner when too many failed sign-ins locked it. A link works once
    /// and for an hour; it does not sign in.
    async fn unlock_sign_in(&self, ctx: &Context<'_>, token: String) -> ApiResult<UnlockPayload> {
        let access = Access::of(ctx)?;
        let mut tx = access.pool().begin().await?;
        // Tokens are 43 characters; anything much longer is not one.
        let redeemed = if token.len() > 128 {
            unlock::Redeemed::Unknown
        } else {
            unlock::redeem(&mut tx, token.trim()).await?
        };
        let refused = |why: &str, message: &str| {
            (
                Entry::failed("session.unlock").detail(why.to_owned()),
                UnlockPayload::rejected(vec![InputError::new(
                    "token",
                    ErrorCode::InvalidLink,
                    message,
                )]),
            )
        };
        let (entry, payload) = match redeemed {
            unlock::Redeemed::Unlocked { user_id, login } => (
                Entry::ok("session.unlock").target("user", user_id),
                UnlockPayload {
                    login: Some(login),
                    errors: vec![],
                },
            ),
            unlock::Redeemed::Unknown => refused(
                "unknown token",
                "This unlock link is not valid: check that the whole link was copied.",
            ),
            unlock::Redeemed::AlreadyUsed => refused(
                "token already used",
                "This unlock link was already used. If the account is locked again, a new \
                 link is emailed.",
            ),
            unlock::Redeemed::Expired => refused(
                "token expired",
                "This unlock link has expired (links work for an hour). The account unlocks \
                 by itself a day after the last failed sign-in.",
            ),
        };
        audit::record(&mut *tx, access.request(), entry).await?;
        tx.commit().await?;
        Ok(payload)
    }

    /// Ends the current session and clears the cookie.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<LogoutPayload> {
        let access = Access::of(ctx)?;
        ctx.append_http_header(
            "Set-Cookie",
            session::clearing_cookie(access.state().settings.cookie_secure),
        );
        let Some(user) = access.viewer().user.as_ref() else {
            return Ok(LogoutPayload { ok: false });
        };
        let mut tx = access.pool().begin().await?;
        session::delete(&mut *tx, user.session_id).await?;
        audit::record(
            &mut *tx,
            access.request(),
            Entry::ok("session.logout").target("user", user.id),
        )
        .await?;
        tx.commit().await?;
        Ok(LogoutPayload { ok: true })
    }

    /// Creates an account with its first role. Needs permission to create
    /// accounts at the unit and to grant that role there.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> ApiResult<UserPayload> {
        let access = Access::of(ctx)?;
        let creator = access.user()?.id;
        let Some(unit) = access
            .fetch::<UnitRow>(input.unit_id, Operation::ManageUsers)
            .await?
        else {
            return Ok(UserPayload::rejected(vec![unknown("unitId", "unit")]));
        };
        // Creating an account with a role needs both: the grant ceiling
        // holds for a new account as for an existing one.
        let unit = access
            .grant(unit.into_inner(), Action::assign(input.role))
            .await?;

        let mut checks = Checks::new();
        let login = normalize_login(&input.login);
        if login.is_empty() {
            checks.push(InputError::new(
                "login",
                ErrorCode::Required,
                "Login name is required.",
            ));
        } else if !is_valid_login(&login) {
            checks.push(InputError::new(
                "login",
                ErrorCode::InvalidFormat,
                "A login name has 2 to 63 characters: lower-case letters, digits, '.', '_' \
                 or '-', starting with a letter or digit.",
            ));
        }
        let display_name =
            checks.required_text("displayName", "Display name", &input.display_name, 100);
        let email = checks.optional_email("email", input.email.as_deref());
        let email_input = input.email.as_deref().unwrap_or_default();
        if let Some(e) = password::check_new(
            &input.password,
            &[login.as_str(), input.display_name.trim(), email_input],
        ) {
            checks.push(e);
        }
        if let Some(e) = placement_error(&access, input.role, &unit) {
            checks.push(e);
        }
        if !checks.is_empty() {
            return Ok(UserPayload::rejected(checks.into_errors()));
        }

        let hash = match password::hash(input.password).await {
            Ok(hash) => hash,
            Err(password::HashError::Busy) => {
                return Ok(UserPayload::rejected(vec![InputError::general(
                    ErrorCode::TooBusy,
                    "The server is busy checking other passwords. Try again in a few seconds.",
                )]))
            }
            Err(password::HashError::Failed(e)) => return Err(e.into()),
        };
        let new = NewUser {
            login: &login,
            display_name: &display_name,
            email: email.as_deref(),
            password_hash: &hash,
            created_by: Some(creator),
        };
        let Some(user) = create_account(&access, &unit, &new, input.role).await? else {
            return Ok(UserPayload::rejected(vec![InputError::new(
                "login",
                ErrorCode::AlreadyExists,
                format!("The login name “{login}” is already taken."),
            )]));
        };
        Ok(UserPayload {
            user: Some(User::other(user)),
            errors: vec![],
        })
    }

    /// Grants a role at a unit, within the viewer's grant ceiling.
    async fn grant_role(
        &self,
        ctx: &Context<'_>,
        input: RoleAssignmentInput,
    ) -> ApiResult<UserPayload> {
        change_role(ctx, input, true).await
    }

    /// Revokes a role at a unit, within the viewer's grant ceiling. The
    /// last operator assignment cannot be revoked.
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        input: RoleAssignmentInput,
    ) -> ApiResult<UserPayload> {
        change_role(ctx, input, false).await
    }
}

/// Signs in (the `login` mutation). Neither the login name nor the
/// password is a field of the span: people type passwords into the login.
#[tracing::instrument(skip_all)]
async fn sign_in(ctx: &Context<'_>, input: LoginInput) -> ApiResult<LoginPayload> {
    let access = Access::of(ctx)?;
    let pool = access.pool();
    let login = normalize_login(&input.login);
    let failed =
        |code, message: String| LoginPayload::rejected(vec![InputError::general(code, message)]);
    let wrong = || {
        failed(
            ErrorCode::InvalidCredentials,
            "The login name or password is wrong.".into(),
        )
    };
    if login.is_empty() || input.password.is_empty() {
        let mut errors = vec![];
        if login.is_empty() {
            errors.push(InputError::new(
                "login",
                ErrorCode::Required,
                "Enter the login name.",
            ));
        }
        if input.password.is_empty() {
            errors.push(InputError::new(
                "password",
                ErrorCode::Required,
                "Enter the password.",
            ));
        }
        return Ok(LoginPayload::rejected(errors));
    }
    if login.chars().count() > 64 || input.password.chars().count() > password::MAX_LENGTH {
        return Ok(wrong());
    }
    let credentials = sql::credentials(pool, &login).await?;
    let key = throttle::login_key(
        &login,
        credentials.is_some(),
        access.state().settings.national_id_key.expose().as_bytes(),
    );
    // What the audit log may show of the login: people type passwords
    // into that field, so only an account's login is shown whole.
    let shown = match credentials {
        Some(_) => login.clone(),
        None => throttle::masked_login(&login),
    };
    let audit_failure = |detail: String| {
        audit::record(
            pool,
            access.request(),
            Entry::failed("session.login").detail(detail),
        )
    };
    let too_many = |wait: i64, message: String| LoginPayload {
        retry_after_seconds: Some(wait.min(i64::from(i32::MAX)) as i32),
        ..failed(ErrorCode::TooManyAttempts, message)
    };

    // Reserve the guess before checking it: address first, so an
    // address that is waiting does not count against the login.
    let address = access.request().ip.map(throttle::address_key);
    if let Some(address) = &address {
        if let Err(wait) = throttle::reserve_address(pool, address).await? {
            audit_failure(format!("throttled (address): {shown}")).await?;
            return Ok(too_many(
                wait,
                format!("Too many failed sign-ins from your network. Try again in {wait} seconds."),
            ));
        }
    }
    let release_address = || async {
        match &address {
            Some(a) => throttle::release_address(pool, a).await,
            None => Ok(()),
        }
    };
    let reservation = match throttle::reserve_login(pool, &key).await? {
        Ok(r) => r,
        Err(wait) => {
            release_address().await?;
            audit_failure(format!("throttled (locked): {shown}")).await?;
            return Ok(too_many(
                wait,
                format!(
                    "This account is locked after too many failed sign-ins. Its owner can \
                     unlock it with the link emailed to the account's address; otherwise \
                     try again in {} hours.",
                    (wait + 3599) / 3600
                ),
            ));
        }
    };
    let checked = match &credentials {
        Some((id, hash)) => password::verify(input.password, hash.clone())
            .await
            .map(|ok| ok.then_some(*id)),
        None => password::verify_decoy(input.password).await.map(|_| None),
    };
    let verified = match checked {
        Ok(v) => v,
        Err(password::HashError::Busy) => {
            // Nothing was checked: give both reservations back.
            throttle::release_login(pool, &key).await?;
            release_address().await?;
            return Ok(LoginPayload {
                retry_after_seconds: Some(BUSY_RETRY_SECONDS),
                ..failed(
                    ErrorCode::TooBusy,
                    format!(
                        "The server is busy checking other sign-ins. Try again in \
                         {BUSY_RETRY_SECONDS} seconds."
                    ),
                )
            });
        }
        Err(password::HashError::Failed(e)) => return Err(e.into()),
    };
    let Some(user_id) = verified else {
        let mut tx = pool.begin().await?;
        let mut detail = format!("wrong credentials: {shown}");
        if reservation.locks_on_failure() {
            detail.push_str("; login locked");
            if let Some((id, _)) = &credentials {
                if let Some(user) = sql::users_by_ids(&mut *tx, &[*id]).await?.pop() {
                    let links = crate::mail::Links::of(&access.state().settings);
                    if unlock::send_link(&mut tx, &user, &links).await? {
                        detail.push_str(", unlock link emailed");
                    }
                }
            }
        }
        let entry = Entry::failed("session.login").detail(detail);
        let entry = match &credentials {
            Some((id, _)) => entry.target("user", *id),
            None => entry,
        };
        audit::record(&mut *tx, access.request(), entry).await?;
        tx.commit().await?;
        return Ok(wrong());
    };
    release_address().await?;
    let settings = &access.state().settings;
    let mut tx = pool.begin().await?;
    throttle::clear(&mut *tx, &key).await?;
    let new = session::create(
        &mut *tx,
        user_id,
        settings.session_ttl_hours,
        access.request().ip.map(|ip| ip.to_string()),
        access.request().user_agent.as_deref(),
    )
    .await?;
    let as_user = RequestContext {
        viewer: Viewer {
            user: Some(ViewerUser {
                id: user_id,
                login: login.clone(),
                session_id: new.id,
            }),
            assignments: vec![],
        },
        ..access.request().clone()
    };
    audit::record(
        &mut *tx,
        &as_user,
        Entry::ok("session.login").target("user", user_id),
    )
    .await?;
    tx.commit().await?;
    ctx.append_http_header(
        "Set-Cookie",
        session::cookie(
            &new.token,
            settings.session_ttl_hours * 3600,
            settings.cookie_secure,
        ),
    );
    let user = sql::users_by_ids(pool, &[user_id])
        .await?
        .pop()
        .map(|row| User { row, own: true });
    Ok(LoginPayload {
        token: Some(new.token),
        expires_at: Some(new.expires_at),
        user,
        retry_after_seconds: None,
        errors: vec![],
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

#[tracing::instrument(
    skip_all,
    fields(user_id = %input.user_id, unit_id = %input.unit_id, role = %input.role, grant)
)]
async fn change_role(
    ctx: &Context<'_>,
    input: RoleAssignmentInput,
    grant: bool,
) -> ApiResult<UserPayload> {
    let access = Access::of(ctx)?;
    let actor = access.user()?.id;
    let pool = access.pool();
    let Some(unit) = access
        .fetch::<UnitRow>(input.unit_id, Action::assign(input.role))
        .await?
    else {
        return Ok(UserPayload::rejected(vec![unknown("unitId", "unit")]));
    };
    // Before anything of the account is read or answered: its login and
    // email are only for those whose scope it is in.
    if !require_account_in_scope(&access, input.user_id, Action::assign(input.role), &unit).await? {
        return Ok(UserPayload::rejected(vec![unknown("userId", "user")]));
    }
    let Some(user) = sql::users_by_ids(pool, &[input.user_id]).await?.pop() else {
        return Ok(UserPayload::rejected(vec![unknown("userId", "user")]));
    };
    let error = |code, message: String| {
        Ok(UserPayload::rejected(vec![InputError::new(
            "role", code, message,
        )]))
    };
    let mut tx = pool.begin().await?;
    if grant {
        if let Some(e) = placement_error(&access, input.role, &unit) {
            return Ok(UserPayload::rejected(vec![e]));
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
    Ok(UserPayload {
        user: Some(User::other(user)),
        errors: vec![],
    })
}

/// Same rule as the `users.login` check constraint.
pub fn is_valid_login(login: &str) -> bool {
    let mut chars = login.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (2..=63).contains(&login.len())
        && (first.is_ascii_lowercase() || first.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

payloads!(LoginPayload, UserPayload, UnlockPayload);
