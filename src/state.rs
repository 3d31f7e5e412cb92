//! State shared by every request of one server instance.

use std::{collections::HashSet, sync::Arc};

use sqlx::PgPool;

use crate::{
    authz::{Authz, Role},
    config::Settings,
};

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub authz: Arc<Authz>,
    pub settings: Arc<Settings>,
    pub placements: Arc<Placements>,
}

/// Where each role can be held (table `role_placements`), loaded at start:
/// it changes only with a migration.
#[derive(Debug, Default)]
pub struct Placements(HashSet<(Role, String)>);

impl Placements {
    pub async fn load(pool: &PgPool) -> sqlx::Result<Self> {
        let rows = sqlx::query!("SELECT role, unit_kind FROM role_placements")
            .fetch_all(pool)
            .await?;
        Ok(Self(
            rows.into_iter()
                .filter_map(|r| Some((r.role.parse::<Role>().ok()?, r.unit_kind)))
                .collect(),
        ))
    }

    pub fn allows(&self, role: Role, unit_kind: &str) -> bool {
        self.0.contains(&(role, unit_kind.to_owned()))
    }
}
