//! The append-only audit log: writing entries, and reading them
//! (`log.rs`, for the `auditLog` query in `graphql.rs`).
//!
//! Changes are written in the caller's transaction. Denials are aggregated
//! per request ([`Denials`]): one row per request and operation with a
//! `count`, so a request of thousands of refused aliases writes one row, not
//! thousands, into a log no one may delete.

mod denials;
mod graphql;
mod log;
mod sql;

pub use denials::Denials;
pub use graphql::AuditQuery;

use serde_json::{Map, Value};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::request::RequestContext;

/// One audit row, built up before it is written.
#[derive(Debug, Clone)]
pub struct Entry {
    action: String,
    outcome: &'static str,
    target_type: Option<&'static str>,
    target_id: Option<String>,
    unit_id: Option<Uuid>,
    changes: Map<String, Value>,
    detail: Option<String>,
    /// How many times this happened in the request (denials only).
    count: i32,
}

impl Entry {
    fn new(action: impl Into<String>, outcome: &'static str) -> Self {
        Self {
            action: action.into(),
            outcome,
            target_type: None,
            target_id: None,
            unit_id: None,
            changes: Map::new(),
            detail: None,
            count: 1,
        }
    }

    /// A change that was made.
    pub fn ok(action: impl Into<String>) -> Self {
        Self::new(action, "ok")
    }

    /// An attempt the authorization path refused.
    pub fn denied(action: impl Into<String>) -> Self {
        Self::new(action, "denied")
    }

    /// An attempt that failed for another reason (e.g. a wrong password).
    pub fn failed(action: impl Into<String>) -> Self {
        Self::new(action, "failed")
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    pub fn unit(mut self, unit_id: Uuid) -> Self {
        self.unit_id = Some(unit_id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Records a field's old and new value when they differ.
    pub fn change<T: serde::Serialize + PartialEq>(
        mut self,
        field: &str,
        from: &T,
        to: &T,
    ) -> Self {
        if from != to {
            self.changes.insert(
                field.to_owned(),
                serde_json::json!({ "from": from, "to": to }),
            );
        }
        self
    }

    /// Records the value of a field set on creation.
    pub fn set<T: serde::Serialize>(mut self, field: &str, to: &T) -> Self {
        self.changes
            .insert(field.to_owned(), serde_json::json!({ "to": to }));
        self
    }

    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// A timestamp as audit logs and exports show it (RFC 3339).
pub fn timestamp(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// Writes `entry`, attributed to the request's viewer. Pass the mutation's
/// transaction so the audit row commits or rolls back with the change.
pub async fn record(
    executor: impl PgExecutor<'_>,
    request: &RequestContext,
    entry: Entry,
) -> Result<(), sqlx::Error> {
    write(executor, &Origin::of(request), entry).await
}

/// Who caused an entry and from where: the parts of a request an audit row
/// keeps.
#[derive(Clone, Debug)]
struct Origin {
    actor_id: Option<Uuid>,
    actor_login: Option<String>,
    request_id: Uuid,
    ip: Option<std::net::IpAddr>,
}

impl Origin {
    fn of(request: &RequestContext) -> Self {
        let actor = request.viewer.user.as_ref();
        Self {
            actor_id: actor.map(|u| u.id),
            actor_login: actor.map(|u| u.login.clone()),
            request_id: request.request_id,
            ip: request.ip,
        }
    }
}

async fn write(
    executor: impl PgExecutor<'_>,
    origin: &Origin,
    entry: Entry,
) -> Result<(), sqlx::Error> {
    let changes = (!entry.changes.is_empty()).then_some(Value::Object(entry.changes));
    sqlx::query!(
        r#"INSERT INTO audit_log
               (actor_id, actor_login, action, outcome, target_type, target_id,
                unit_id, request_id, ip, changes, detail, count)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ($9::text)::inet, $10, $11, $12)"#,
        origin.actor_id,
        origin.actor_login,
        entry.action,
        entry.outcome,
        entry.target_type,
        entry.target_id,
        entry.unit_id,
        origin.request_id,
        origin.ip.map(|ip| ip.to_string()),
        changes,
        entry.detail,
        entry.count,
    )
    .execute(executor)
    .await?;
    Ok(())
}
