//! The `auditLog` query: operators see everything, admins their scope.

use async_graphql::{Context, InputObject, Object};
use serde_json::Value;

use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    log::{self, LogFilter},
    sql,
};
use crate::{
    authz::Access,
    error::{ApiError, ApiResult},
    graphql::pagination::{Page, PageRequest},
    units::{self, OrgUnit},
};

/// One audit row.
pub struct AuditEntry(sql::AuditRow);

#[Object]
impl AuditEntry {
    async fn id(&self) -> i64 {
        self.0.id
    }
    async fn at(&self) -> OffsetDateTime {
        self.0.at
    }
    async fn actor_id(&self) -> Option<Uuid> {
        self.0.actor_id
    }
    /// The actor's login at the time.
    async fn actor_login(&self) -> Option<&str> {
        self.0.actor_login.as_deref()
    }
    /// What was done, e.g. `contact.update`, `role.grant`, `session.login`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// `ok`, `denied` (refused by authorization) or `failed`.
    async fn outcome(&self) -> &str {
        &self.0.outcome
    }
    async fn target_type(&self) -> Option<&str> {
        self.0.target_type.as_deref()
    }
    async fn target_id(&self) -> Option<&str> {
        self.0.target_id.as_deref()
    }
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.0.unit_id).await
    }
    async fn request_id(&self) -> Option<Uuid> {
        self.0.request_id
    }
    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }
    /// Changed fields: `{"field": {"from": …, "to": …}}`.
    async fn changes(&self) -> Option<async_graphql::Json<&Value>> {
        self.0.changes.as_ref().map(async_graphql::Json)
    }
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }
    /// How many times this happened in the request: denials are written once
    /// per request and operation, counting every refusal; other entries are 1.
    async fn count(&self) -> i32 {
        self.0.count
    }
}

#[derive(InputObject, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    /// Entries about this unit and every unit it governs.
    pub unit_id: Option<Uuid>,
    /// Exact action (`contact.update`) or a prefix ending in `.` (`contact.`).
    pub action: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, newest first, limited to the units whose audit log the
    /// viewer may read.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<AuditEntry>> {
        let access = Access::of(ctx)?;
        let filter = filter.unwrap_or_default();
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                return Err(ApiError::BadRequest("`from` is after `to`.".into()));
            }
        }
        let action = filter
            .action
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty());
        let action_prefix = action
            .as_deref()
            .filter(|a| a.ends_with('.'))
            .map(|a| format!("{}%", units::like_pattern(a).trim_matches('%')));
        let action_exact = action.filter(|a| !a.ends_with('.'));
        let page = PageRequest::<i64>::new(first, after)?;
        let filter = LogFilter {
            actor_id: filter.actor_id,
            unit_id: filter.unit_id,
            action_exact,
            action_prefix,
            from: filter.from,
            to: filter.to,
        };
        let (rows, total) = log::read(&access, filter, &page).await?;
        let rows = rows.into_iter().map(|r| (r.id, AuditEntry(r))).collect();
        Ok(page.connection(rows, total))
    }
}
