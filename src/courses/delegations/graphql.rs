//! GraphQL of review delegations: the list, and setting and ending one.

use async_graphql::{Context, Object};
use std::ops::Bound;
use time::OffsetDateTime;
use uuid::Uuid;

use super::DelegationRow;
use crate::{
    authz::Access,
    error::{ApiResult, Checks, Payload},
    graphql::pagination::{Page, PageRequest},
    refusal::Outcome,
    units::{self, OrgUnit},
};

fn bound(b: &Bound<OffsetDateTime>) -> Option<OffsetDateTime> {
    match b {
        Bound::Included(t) | Bound::Excluded(t) => Some(*t),
        Bound::Unbounded => None,
    }
}

pub struct ReviewDelegation(DelegationRow);

#[Object]
impl ReviewDelegation {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// The competent authority whose review is handed over (with every unit
    /// it governs).
    async fn authority(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.authority_id)).await
    }
    /// Who reviews in its place.
    async fn delegate(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.delegate_unit_id)).await
    }
    /// Start of the period (null for a delegation ended before it began).
    async fn valid_from(&self) -> Option<OffsetDateTime> {
        bound(&self.0.valid.start)
    }
    /// End of the period, exclusive; null while open-ended.
    async fn valid_to(&self) -> Option<OffsetDateTime> {
        bound(&self.0.valid.end)
    }
    /// In force now.
    async fn is_active(&self) -> bool {
        self.0.active
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    async fn created_by_login(&self) -> Option<&str> {
        self.0.created_by_login.as_deref()
    }
    async fn ended_at(&self) -> Option<OffsetDateTime> {
        self.0.ended_at
    }
    async fn end_reason(&self) -> Option<&str> {
        self.0.end_reason.as_deref()
    }
}

#[derive(Default)]
pub struct DelegationsQuery;

#[Object]
impl DelegationsQuery {
    /// Review delegations concerning the authorities in the viewer's scope,
    /// newest first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn review_delegations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_ended: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<ReviewDelegation>> {
        let access = Access::of(ctx)?;
        let page = PageRequest::<(OffsetDateTime, Uuid)>::new(first, after)?;
        let (total, rows) =
            super::review_delegations(&access, include_ended, page.after, page.fetch_limit())
                .await?;
        let rows = rows
            .into_iter()
            .map(|r| ((r.created_at, r.id), ReviewDelegation(r)))
            .collect();
        Ok(page.connection(rows, total))
    }
}

crate::payload! {
    pub struct DelegationPayload {
        pub delegation: Option<ReviewDelegation>,
        /// Pending reviews that moved to another reviewer with this change.
        pub pending_moved: i32,
    }
}

impl DelegationPayload {
    fn of(outcome: Outcome<(DelegationRow, i32)>) -> Self {
        match outcome {
            Ok((row, pending_moved)) => Self {
                delegation: Some(ReviewDelegation(row)),
                pending_moved,
                errors: vec![],
            },
            Err(errors) => Self::rejected(errors),
        }
    }
}

#[derive(Default)]
pub struct DelegationsMutation;

#[Object]
impl DelegationsMutation {
    /// Hands `authorityId`'s course review (and that of every unit it
    /// governs) to `delegateUnitId` from `validFrom` (default now) until
    /// `validTo` (exclusive; open-ended when null). Pending reviews move at
    /// once.
    async fn set_review_delegation(
        &self,
        ctx: &Context<'_>,
        authority_id: Uuid,
        delegate_unit_id: Uuid,
        valid_from: Option<OffsetDateTime>,
        valid_to: Option<OffsetDateTime>,
        note: Option<String>,
    ) -> ApiResult<DelegationPayload> {
        let access = Access::of(ctx)?;
        let outcome = super::set_review_delegation(
            &access,
            authority_id,
            delegate_unit_id,
            valid_from,
            valid_to,
            note.as_deref(),
        )
        .await?;
        Ok(DelegationPayload::of(outcome))
    }

    /// Ends a delegation now (or cancels one that has not begun); pending
    /// reviews return to the authority at once.
    async fn end_review_delegation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason: Option<String>,
    ) -> ApiResult<DelegationPayload> {
        let access = Access::of(ctx)?;
        let mut checks = Checks::new();
        let reason = checks.optional_text("reason", "Reason", reason.as_deref(), 500);
        let outcome = super::end_review_delegation(&access, id, reason.as_deref(), checks).await?;
        Ok(DelegationPayload::of(outcome))
    }
}
