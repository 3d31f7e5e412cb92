//! The handle resolvers use to reach authorization: one per request.
//!
//! A check that concerns one row returns the row as a capability:
//! [`Access::fetch`] loads a [`Guarded`] row and hands it back as
//! [`Granted`] only when the operation is allowed where the row sits, and
//! write functions take `&Granted<T>`, so a write cannot be reached without
//! the check.

use std::{future::Future, ops::Deref};

use async_graphql::Context;
use sqlx::PgPool;

use super::{Action, Grant, Scope, UnitTarget, Viewer, ViewerUser};
use crate::{
    audit,
    error::{ApiError, ApiResult},
    request::RequestContext,
    state::AppState,
};

/// Everything a resolver needs to decide and to record: the app state and
/// who is asking. Every check goes through [`Access::require`] or
/// [`Access::can`]; lists use [`Access::scope`].
pub struct Access<'a> {
    state: &'a AppState,
    request: &'a RequestContext,
}

/// A row whose access is decided at one unit (a course at its organizer, a
/// teacher at her school …).
pub trait Guarded: Sized + Send {
    type Id: Copy + Send + Sync;

    /// Loads the row; `None` when there is no such row.
    fn load(pool: &PgPool, id: Self::Id) -> impl Future<Output = ApiResult<Option<Self>>> + Send;

    /// The unit where an operation on the row is decided.
    fn unit(&self) -> UnitTarget;

    /// That unit's name, for the refusal message.
    fn unit_name(&self) -> &str;
}

/// A row the viewer was allowed an operation on: the proof a write takes.
/// Only [`Access::fetch`] and [`Access::grant`] make one.
#[derive(Debug)]
pub struct Granted<T> {
    row: T,
}

impl<T> Granted<T> {
    /// A row the system itself acts on, with no viewer to ask: the demo
    /// seed, which writes its history through the same domain functions as
    /// people do. Only `src/seed/` may call it (`src/structure.rs` keeps it
    /// so); everything a person does passes [`Access::fetch`] or
    /// [`Access::grant`].
    pub fn by_system(row: T) -> Self {
        Self { row }
    }

    pub fn into_inner(self) -> T {
        self.row
    }
}

impl<T> Deref for Granted<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.row
    }
}

impl<'a> Access<'a> {
    pub fn new(state: &'a AppState, request: &'a RequestContext) -> Self {
        Self { state, request }
    }

    pub fn of(ctx: &'a Context<'_>) -> ApiResult<Self> {
        let state = ctx
            .data::<AppState>()
            .map_err(|_| ApiError::from(anyhow::anyhow!("AppState missing from schema data")))?;
        let request = ctx
            .data::<RequestContext>()
            .map_err(|_| ApiError::from(anyhow::anyhow!("RequestContext missing from request")))?;
        Ok(Self { state, request })
    }

    pub fn viewer(&self) -> &Viewer {
        &self.request.viewer
    }

    pub fn state(&self) -> &'a AppState {
        self.state
    }

    pub fn pool(&self) -> &'a PgPool {
        &self.state.pool
    }

    /// Who is asking, from where (for audit entries).
    pub fn request(&self) -> &'a RequestContext {
        self.request
    }

    /// Loads the row `id` and requires `action` where it sits (a refusal is
    /// audited and is the error). `Ok(None)`: no such row. Signed-in
    /// viewers only.
    pub async fn fetch<T: Guarded>(
        &self,
        id: T::Id,
        action: impl Into<Action>,
    ) -> ApiResult<Option<Granted<T>>> {
        self.user()?;
        match T::load(&self.state.pool, id).await? {
            Some(row) => self.grant(row, action).await.map(Some),
            None => Ok(None),
        }
    }

    /// Requires `action` where the already loaded `row` sits.
    pub async fn grant<T: Guarded>(
        &self,
        row: T,
        action: impl Into<Action>,
    ) -> ApiResult<Granted<T>> {
        self.require(action, &row.unit(), row.unit_name()).await?;
        Ok(Granted { row })
    }

    /// The signed-in user, or `Unauthenticated`.
    pub fn user(&self) -> ApiResult<&ViewerUser> {
        self.request
            .viewer
            .user
            .as_ref()
            .ok_or(ApiError::Unauthenticated)
    }

    /// Whether the viewer may do `action` at `target` (for `viewerCan`).
    pub fn can(&self, action: impl Into<Action>, target: &UnitTarget) -> bool {
        self.state
            .authz
            .allows(&self.request.viewer, action.into(), target)
    }

    /// Allows or refuses `action` at `target`. A refusal is audited and
    /// becomes a `FORBIDDEN` (or `UNAUTHENTICATED`, for anonymous viewers)
    /// top-level error.
    pub async fn require(
        &self,
        action: impl Into<Action>,
        target: &UnitTarget,
        unit_name: &str,
    ) -> ApiResult<Grant> {
        let action = action.into();
        if let Some(grant) = self
            .state
            .authz
            .decide(&self.request.viewer, action, target)
        {
            return Ok(grant);
        }
        let unit = (!target.is_network()).then_some(target.id);
        Err(self.deny(action, unit, unit_name).await)
    }

    /// Audits a refusal and turns it into the error the client gets:
    /// `UNAUTHENTICATED` for anonymous viewers, `FORBIDDEN` otherwise.
    async fn deny(&self, action: Action, unit: Option<uuid::Uuid>, place: &str) -> ApiError {
        let (obj, act) = action.object_and_act();
        let what = format!("{} {place}", action.describe());
        let mut entry = audit::Entry::denied(format!("{obj}.{act}")).detail(what.clone());
        if let Some(unit) = unit {
            entry = entry.unit(unit);
        }
        self.refuse(entry, what).await
    }

    /// Refuses what the policy allows at a unit but a rule of the domain
    /// forbids (e.g. an account outside the viewer's scope): audited as
    /// `entry` (built with [`audit::Entry::denied`]), answered as
    /// `FORBIDDEN` with `what` ("You may not {what}.").
    pub async fn refuse(&self, entry: audit::Entry, what: String) -> ApiError {
        // Aggregated per request (one row per operation, with a count) for
        // GraphQL requests; see `audit::Denials`.
        if let Err(e) = self
            .request
            .denials
            .record(&self.state.pool, self.request, entry)
            .await
        {
            return e.into();
        }
        if self.request.viewer.user.is_none() {
            return ApiError::Unauthenticated;
        }
        ApiError::Forbidden(what)
    }

    /// Where the viewer may do `action`, for SQL filters.
    pub fn scope(&self, action: impl Into<Action>) -> Scope {
        self.state.authz.scope(&self.request.viewer, action.into())
    }

    /// Like [`Access::scope`], but an empty scope is a refusal (audited).
    pub async fn require_scope(&self, action: impl Into<Action>) -> ApiResult<Scope> {
        let action = action.into();
        let scope = self.scope(action);
        if !scope.is_empty() {
            return Ok(scope);
        }
        Err(self.deny(action, None, "any unit").await)
    }
}
