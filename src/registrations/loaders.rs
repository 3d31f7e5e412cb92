//! DataLoaders for registrations, so a page of courses showing the
//! viewer's own registration costs one query.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use super::sql::{self, RegistrationRow};

/// The live registration of a (user, course) pair.
pub struct LiveRegistrationOf(pub PgPool);

crate::request_loaders!(LiveRegistrationOf);

impl Loader<(Uuid, Uuid)> for LiveRegistrationOf {
    type Value = RegistrationRow;
    type Error = Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[(Uuid, Uuid)],
    ) -> Result<HashMap<(Uuid, Uuid), RegistrationRow>, Self::Error> {
        Ok(sql::live_of_users(&self.0, keys)
            .await?
            .into_iter()
            .filter_map(|r| Some(((r.teacher_user_id?, r.course_id), r)))
            .collect())
    }
}
