//! GraphQL: sign-in, the viewer, accounts, role grants and explanations.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    password, session, sign_in,
    sql::{AssignmentRow, UserRow},
    unlock,
    users::{self, NewAccount, RoleChange},
};
use crate::{
    authz::{Access, Action, Operation, Role},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    refusal::Outcome,
    units::{self, OrgUnit},
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

crate::payload! {
    pub struct LoginPayload {
        /// For API clients: send as `Authorization: Bearer <token>`. Browsers
        /// also receive it as an HttpOnly cookie and need not keep it.
        pub token: Option<String>,
        pub expires_at: Option<OffsetDateTime>,
        pub user: Option<User>,
        /// With `TOO_MANY_ATTEMPTS`: seconds until the next attempt is allowed.
        pub retry_after_seconds: Option<i32>,
    }
}

crate::payload! {
    pub struct UnlockPayload {
        /// The login that can sign in again (null when refused).
        pub login: Option<String>,
    }
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

crate::payload! {
    pub struct UserPayload {
        pub user: Option<User>,
    }
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
        let filter = filter.unwrap_or_default();
        let page = PageRequest::<String>::new(first, after)?;
        let search = filter
            .search
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        let (rows, total) =
            users::list(&access, filter.unit_id, filter.role, search, &page).await?;
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
        if action == Operation::AssignRole && role.is_none() {
            return Err(ApiError::BadRequest(
                "`role` is required with ASSIGN_ROLE.".into(),
            ));
        }
        let action = Action {
            operation: action,
            role,
        };
        let e = users::explain(&access, user_id, action, unit_id).await?;
        Ok(PermissionExplanation {
            allowed: e.allowed,
            summary: e.summary,
            decided_by_role: e.decided_by_role,
            decided_by_unit: units::load_unit(ctx, e.decided_by_unit).await?,
            policy: e.policy,
            considered: e.considered.into_iter().map(RoleAssignment).collect(),
        })
    }
}

/// The payload of a change to an account.
fn user_payload(outcome: Outcome<UserRow>) -> UserPayload {
    outcome.map_or_else(UserPayload::rejected, |user| UserPayload {
        user: Some(User::other(user)),
        errors: vec![],
    })
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
        let access = Access::of(ctx)?;
        let login = normalize_login(&input.login);
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
        let signed_in = if login.chars().count() > 64
            || input.password.chars().count() > password::MAX_LENGTH
        {
            Err(sign_in::Refused::wrong())
        } else {
            sign_in::sign_in(&access, &login, input.password).await?
        };
        Ok(match signed_in {
            Ok(signed_in) => {
                ctx.append_http_header("Set-Cookie", signed_in.cookie);
                LoginPayload {
                    token: Some(signed_in.session.token),
                    expires_at: Some(signed_in.session.expires_at),
                    user: signed_in.user.map(|row| User { row, own: true }),
                    retry_after_seconds: None,
                    errors: vec![],
                }
            }
            Err(refused) => LoginPayload {
                retry_after_seconds: refused.retry_after_seconds,
                ..LoginPayload::rejected(refused.errors)
            },
        })
    }

    /// Lifts the lock of an account, with the token of the link emailed to
    /// its owner when too many failed sign-ins locked it. A link works once
    /// and for an hour; it does not sign in.
    async fn unlock_sign_in(&self, ctx: &Context<'_>, token: String) -> ApiResult<UnlockPayload> {
        let access = Access::of(ctx)?;
        let outcome = unlock::unlock_sign_in(&access, &token).await?;
        Ok(
            outcome.map_or_else(UnlockPayload::rejected, |login| UnlockPayload {
                login: Some(login),
                errors: vec![],
            }),
        )
    }

    /// Ends the current session and clears the cookie.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<LogoutPayload> {
        let access = Access::of(ctx)?;
        ctx.append_http_header(
            "Set-Cookie",
            session::clearing_cookie(access.state().settings.cookie_secure),
        );
        Ok(LogoutPayload {
            ok: sign_in::sign_out(&access).await?,
        })
    }

    /// Creates an account with its first role. Needs permission to create
    /// accounts at the unit and to grant that role there.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> ApiResult<UserPayload> {
        let access = Access::of(ctx)?;
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
        let account = if checks.is_empty() {
            Ok(NewAccount {
                login,
                display_name,
                email,
                password: input.password,
            })
        } else {
            Err(checks.into_errors())
        };
        let outcome = users::create_user(&access, input.unit_id, input.role, account).await?;
        Ok(user_payload(outcome))
    }

    /// Grants a role at a unit, within the viewer's grant ceiling.
    async fn grant_role(
        &self,
        ctx: &Context<'_>,
        input: RoleAssignmentInput,
    ) -> ApiResult<UserPayload> {
        let access = Access::of(ctx)?;
        Ok(user_payload(
            users::grant_role(&access, input.into()).await?,
        ))
    }

    /// Revokes a role at a unit, within the viewer's grant ceiling. The
    /// last operator assignment cannot be revoked.
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        input: RoleAssignmentInput,
    ) -> ApiResult<UserPayload> {
        let access = Access::of(ctx)?;
        Ok(user_payload(
            users::revoke_role(&access, input.into()).await?,
        ))
    }
}

impl From<RoleAssignmentInput> for RoleChange {
    fn from(input: RoleAssignmentInput) -> Self {
        Self {
            user_id: input.user_id,
            role: input.role,
            unit_id: input.unit_id,
        }
    }
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
