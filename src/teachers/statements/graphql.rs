//! GraphQL of service-unit statements: each resolver calls one function
//! of `statements` (mod.rs).

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::teachers::{
    graphql::{ServiceStatement, Teacher},
    RosterStatus,
};
use crate::{
    authz::Access,
    error::{ApiResult, Payload},
};

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// On this school's roster, but said to serve elsewhere (or nowhere).
    ServesElsewhere,
    /// Said to serve at this school, but not on its roster.
    ServesHere,
}

/// A disagreement between a school's roster and the newest statement.
#[derive(SimpleObject)]
pub struct ServiceConflict {
    pub kind: ConflictKind,
    pub teacher: Teacher,
    /// The teacher's row on this school's roster, if any.
    pub roster_status: Option<RosterStatus>,
    /// The newest statement, which disagrees with the roster.
    pub statement: ServiceStatement,
}

#[derive(InputObject)]
pub struct SignInStatementInput {
    pub personal_code: String,
    /// The unit's code (school code, MOI county code …); null: serves nowhere.
    pub unit_code: Option<String>,
    /// When the sign-in service saw it so.
    pub stated_at: OffsetDateTime,
}

crate::payload! {
    pub struct StatementsPayload {
        /// How many statements were recorded (all or none).
        pub recorded: i32,
    }
    /// `statements[i].personalCode` …, or `unitId` / `since`.
    errors
}

crate::payload! {
    pub struct ResolveConflictPayload {
        /// Whether the school's roster changed (accepting a move).
        pub roster_changed: bool,
    }
}

#[derive(Default)]
pub struct StatementsQuery;

#[Object]
impl StatementsQuery {
    /// Teachers whose newest service-unit statement disagrees with this
    /// school's roster, for the school to resolve.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    async fn service_conflicts(
        &self,
        ctx: &Context<'_>,
        school_id: Uuid,
    ) -> ApiResult<Vec<ServiceConflict>> {
        super::service_conflicts(&Access::of(ctx)?, school_id).await
    }
}

#[derive(Default)]
pub struct StatementsMutation;

#[Object]
impl StatementsMutation {
    /// The signed-in teacher states where they serve (null: nowhere in the
    /// network) since when (default now). It does not change any roster;
    /// a school whose roster disagrees sees a conflict.
    async fn state_service_unit(
        &self,
        ctx: &Context<'_>,
        unit_id: Option<Uuid>,
        since: Option<OffsetDateTime>,
    ) -> ApiResult<StatementsPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match super::state_service_unit(&access, unit_id, since).await? {
                Ok(()) => StatementsPayload {
                    recorded: 1,
                    errors: vec![],
                },
                Err(errors) => StatementsPayload::rejected(errors),
            },
        )
    }

    /// Records what a partner sign-in service saw: each teacher (by
    /// personal code) serving at a unit (by code) at a time. All or none.
    async fn record_sign_in_statements(
        &self,
        ctx: &Context<'_>,
        statements: Vec<SignInStatementInput>,
    ) -> ApiResult<StatementsPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match super::record_sign_in_statements(&access, &statements).await? {
                Ok(recorded) => StatementsPayload {
                    recorded: recorded as i32,
                    errors: vec![],
                },
                Err(errors) => StatementsPayload::rejected(errors),
            },
        )
    }

    /// Resolves a conflict at a school. Accepting makes the roster follow
    /// the statement (a teacher serving elsewhere leaves it; one serving
    /// here joins it); rejecting keeps the roster. Either way the school's
    /// answer is recorded as the newest statement.
    async fn resolve_service_conflict(
        &self,
        ctx: &Context<'_>,
        school_id: Uuid,
        teacher_id: Uuid,
        accept: bool,
    ) -> ApiResult<ResolveConflictPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match super::resolve_conflict(&access, school_id, teacher_id, accept).await? {
                Ok(roster_changed) => ResolveConflictPayload {
                    roster_changed,
                    errors: vec![],
                },
                Err(errors) => ResolveConflictPayload::rejected(errors),
            },
        )
    }
}
