//! Reading the log: the entries the `auditLog` query may show the viewer.

use time::OffsetDateTime;
use uuid::Uuid;

use super::sql::{self, AuditListFilter, AuditRow};
use crate::{
    authz::{Access, Operation},
    error::{ApiError, ApiResult},
    graphql::pagination::PageRequest,
    units::UnitRow,
};

/// What the `auditLog` query asks for, parsed.
pub struct LogFilter {
    pub actor_id: Option<Uuid>,
    /// Entries about this unit and every unit it governs.
    pub unit_id: Option<Uuid>,
    pub action_exact: Option<String>,
    /// A LIKE pattern (escaped) for an action prefix.
    pub action_prefix: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

/// A page of the entries of the units whose log the viewer may read (and
/// the viewer's own unit-less ones), newest first, with how many match.
pub async fn read(
    access: &Access<'_>,
    filter: LogFilter,
    page: &PageRequest<i64>,
) -> ApiResult<(Vec<AuditRow>, i64)> {
    access.user()?;
    let within = match filter.unit_id {
        Some(id) => {
            let unit = access
                .fetch::<UnitRow>(id, Operation::ReadAudit)
                .await?
                .ok_or(ApiError::NotFound("unit"))?;
            Some(unit.into_inner().path)
        }
        None => None,
    };
    let scope = access.require_scope(Operation::ReadAudit).await?;
    let f = AuditListFilter {
        scope: &scope,
        viewer_id: access.viewer().user_id(),
        actor_id: filter.actor_id,
        within_path: within,
        action_exact: filter.action_exact,
        action_prefix: filter.action_prefix,
        from: filter.from,
        to: filter.to,
    };
    let pool = access.pool();
    let rows = sql::list(pool, &f, page.after, page.fetch_limit()).await?;
    let total = sql::count(pool, &f).await?;
    Ok((rows, total))
}
