//! Users and their role assignments, batched.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use super::sql::{self, AssignmentRow, UserRow};

pub struct UserById(pub PgPool);

crate::request_loaders!(UserById, AssignmentsOf);

impl Loader<Uuid> for UserById {
    type Value = UserRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, UserRow>, Self::Error> {
        Ok(sql::users_by_ids(&self.0, keys)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect())
    }
}

pub struct AssignmentsOf(pub PgPool);

impl Loader<Uuid> for AssignmentsOf {
    type Value = Vec<AssignmentRow>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<AssignmentRow>>, Self::Error> {
        let mut by_user: HashMap<Uuid, Vec<AssignmentRow>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for a in sql::assignments_of(&self.0, keys).await? {
            by_user.entry(a.user_id).or_default().push(a);
        }
        Ok(by_user)
    }
}
