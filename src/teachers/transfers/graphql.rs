//! GraphQL of transfers: each resolver calls one function of `transfers`
//! (mod.rs).

use async_graphql::{Context, Enum, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{TransferRow, TransferStatus};
use crate::{
    authz::Access,
    error::{ApiResult, Payload},
    graphql::pagination::Page,
    teachers::{rules::Party, Teacher},
    units::{self, OrgUnit},
};

/// A request of one school to add a teacher from another (待轉入確認).
pub struct TeacherTransfer(pub(crate) TransferRow);

/// What the viewer may do with a transfer.
#[derive(SimpleObject)]
#[graphql(name = "TeacherTransferViewerCan")]
pub struct TransferViewerCan {
    /// Confirm it (the former school, or the teacher).
    pub confirm: bool,
    /// Object to it (the former school, or the teacher); a reason is required.
    pub object: bool,
}

#[Object]
impl TeacherTransfer {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn status(&self) -> TransferStatus {
        self.0.status
    }
    /// The name as the asking school typed it (not the teacher's record).
    async fn stated_name(&self) -> &str {
        &self.0.stated_name
    }
    /// e.g. A12****789; the asking school typed the ID itself.
    async fn national_id_masked(&self) -> &str {
        &self.0.national_id_masked
    }
    async fn requested_at(&self) -> OffsetDateTime {
        self.0.requested_at
    }
    /// When it takes effect unless someone objects first.
    async fn takes_effect_at(&self) -> OffsetDateTime {
        self.0.takes_effect_at
    }
    async fn decided_at(&self) -> Option<OffsetDateTime> {
        self.0.decided_at
    }
    /// Why it was objected to.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// The school that asked.
    async fn to_school(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.to_school_id)).await
    }
    /// The school whose roster had the teacher: for that school and the
    /// teacher only (the asking school learns nothing of the record).
    async fn from_school(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        match self.0.party(&Access::of(ctx)?) {
            Party::Former | Party::Teacher => units::load_unit(ctx, self.0.from_school_id).await,
            _ => Ok(None),
        }
    }
    /// The teacher's record: for the former school and the teacher; for
    /// the asking school only once the transfer is confirmed.
    async fn teacher(&self, ctx: &Context<'_>) -> ApiResult<Option<Teacher>> {
        Ok(super::teacher_of(&Access::of(ctx)?, &self.0)
            .await?
            .map(Teacher::new))
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<TransferViewerCan> {
        let may = self.0.may_decide(&Access::of(ctx)?);
        Ok(TransferViewerCan {
            confirm: may,
            object: may,
        })
    }
}

/// Which of a school's transfers to list.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TransferDirection {
    /// Teachers the school asked to add.
    Incoming,
    /// Teachers of the school whom other schools asked to add.
    Outgoing,
}

#[derive(Default)]
pub struct TransfersQuery;

#[Object]
impl TransfersQuery {
    /// A school's transfers, newest first: those it asked for (INCOMING,
    /// with nothing of the teacher's record while pending) or those asking
    /// for its teachers (OUTGOING). Default: pending only. Audited.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn teacher_transfers(
        &self,
        ctx: &Context<'_>,
        school_id: Uuid,
        direction: TransferDirection,
        status: Option<Vec<TransferStatus>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<TeacherTransfer>> {
        let access = Access::of(ctx)?;
        super::list(&access, school_id, direction, status, first, after).await
    }
}

crate::payload! {
    pub struct TeacherTransferPayload {
        pub transfer: Option<TeacherTransfer>,
    }
}

#[derive(Default)]
pub struct TransfersMutation;

#[Object]
impl TransfersMutation {
    /// Confirms (`accept: true`) or objects to (`accept: false`, with a
    /// reason) a pending transfer: the teacher's former school or the
    /// teacher herself. Confirming moves her to the asking school's roster.
    async fn decide_teacher_transfer(
        &self,
        ctx: &Context<'_>,
        transfer_id: Uuid,
        accept: bool,
        reason: Option<String>,
    ) -> ApiResult<TeacherTransferPayload> {
        let access = Access::of(ctx)?;
        Ok(
            match super::decide(&access, transfer_id, accept, reason).await? {
                Ok(transfer) => TeacherTransferPayload {
                    transfer: transfer.map(TeacherTransfer),
                    errors: vec![],
                },
                Err(errors) => TeacherTransferPayload::rejected(errors),
            },
        )
    }
}
