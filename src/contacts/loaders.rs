//! Contacts of many units in one query.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use super::sql::{self, ContactRow};

/// Every contact of each unit, in the unit's order. Visibility is applied by
/// the resolver, which knows the viewer.
pub struct ContactsOf(pub PgPool);

crate::request_loaders!(ContactsOf);

impl Loader<Uuid> for ContactsOf {
    type Value = Vec<ContactRow>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<ContactRow>>, Self::Error> {
        let mut by_unit: HashMap<Uuid, Vec<ContactRow>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for contact in sql::of_units(&self.0, keys).await? {
            by_unit.entry(contact.unit_id).or_default().push(contact);
        }
        Ok(by_unit)
    }
}
