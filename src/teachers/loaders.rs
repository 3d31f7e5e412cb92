//! DataLoaders of teachers.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use super::{graphql::ServiceStatement, StatementSource};

/// Each teacher's service-unit statements, newest first.
pub struct ServiceHistoryOf(pub PgPool);

crate::request_loaders!(ServiceHistoryOf);

impl Loader<Uuid> for ServiceHistoryOf {
    type Value = Vec<ServiceStatement>;
    type Error = Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<ServiceStatement>>, Self::Error> {
        let rows = sqlx::query!(
            r#"SELECT teacher_id, unit_id, source AS "source: StatementSource", stated_at, recorded_at
                 FROM service_unit_statements
                WHERE teacher_id = ANY($1) ORDER BY teacher_id, stated_at DESC, id DESC"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: HashMap<Uuid, Vec<ServiceStatement>> =
            keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            out.entry(r.teacher_id)
                .or_default()
                .push(ServiceStatement::new(
                    r.unit_id,
                    r.source,
                    r.stated_at,
                    r.recorded_at,
                ));
        }
        Ok(out)
    }
}
