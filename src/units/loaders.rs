//! DataLoaders for unit relations, so a list of units with their parents,
//! authorities, counties and children costs one query per relation.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use super::sql::{self, UnitRow};

pub struct UnitById(pub PgPool);

crate::request_loaders!(UnitById, UnitByCode, ChildrenOf);

impl Loader<Uuid> for UnitById {
    type Value = UnitRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, UnitRow>, Self::Error> {
        Ok(sql::find_by_ids(&self.0, keys)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect())
    }
}

/// Units by their public code (counties are referenced by MOI code).
pub struct UnitByCode(pub PgPool);

impl Loader<String> for UnitByCode {
    type Value = UnitRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, UnitRow>, Self::Error> {
        Ok(sql::find_by_codes(&self.0, keys)
            .await?
            .into_iter()
            .map(|u| (u.code.clone(), u))
            .collect())
    }
}

/// The units directly governed by each key.
pub struct ChildrenOf(pub PgPool);

impl Loader<Uuid> for ChildrenOf {
    type Value = Vec<UnitRow>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<UnitRow>>, Self::Error> {
        let mut by_parent: HashMap<Uuid, Vec<UnitRow>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for unit in sql::children_of(&self.0, keys).await? {
            if let Some(parent) = unit.parent_id {
                by_parent.entry(parent).or_default().push(unit);
            }
        }
        Ok(by_parent)
    }
}
