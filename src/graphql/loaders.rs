//! The DataLoaders of one request. Made fresh per request, so their caches
//! never serve one request's data to another.
//!
//! This module knows no domain: a domain declares its loader with
//! [`RequestLoader`] and reaches it with [`loader`]; the request makes each
//! loader on first use.

use std::{
    any::{Any, TypeId},
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_graphql::{dataloader::DataLoader, Context};
use sqlx::PgPool;

use crate::error::{ApiError, ApiResult};

/// Batching window. The default 1 ms is long next to a sub-millisecond
/// query on a local database; 200 µs still gathers every key a resolver
/// level asks for, because async-graphql polls sibling fields together.
const BATCH_DELAY: Duration = Duration::from_micros(200);

/// A batch loader that reads from the database, made per request.
pub trait RequestLoader: Send + Sync + 'static {
    fn new(pool: PgPool) -> Self;
}

/// The loaders one request has made so far, by type.
pub struct Loaders {
    pool: PgPool,
    made: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Loaders {
    pub fn new(pool: &PgPool) -> Self {
        Self {
            pool: pool.clone(),
            made: Mutex::default(),
        }
    }

    /// The request's loader of type `L`, made on first use.
    pub fn get<L: RequestLoader>(&self) -> Arc<DataLoader<L>> {
        // A poisoned lock only means another resolver panicked while holding
        // it; the map itself is always consistent.
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let entry = made.entry(TypeId::of::<L>()).or_insert_with(|| {
            Arc::new(DataLoader::new(L::new(self.pool.clone()), tokio::spawn).delay(BATCH_DELAY))
        });
        Arc::clone(entry)
            .downcast::<DataLoader<L>>()
            .expect("entries are stored under their own TypeId")
    }
}

/// The request's loader of type `L`.
pub fn loader<L: RequestLoader>(ctx: &Context<'_>) -> ApiResult<Arc<DataLoader<L>>> {
    ctx.data::<Arc<Loaders>>()
        .map(|l| l.get::<L>())
        .map_err(|_| ApiError::from(anyhow::anyhow!("Loaders missing from request data")))
}

/// Loader errors carry an `Arc<sqlx::Error>`; they are internal faults.
pub fn load_error(e: Arc<sqlx::Error>) -> ApiError {
    ApiError::from(anyhow::anyhow!(e).context("data loader query failed"))
}

/// Declares loaders of the form `struct L(PgPool)` as [`RequestLoader`]s.
#[macro_export]
macro_rules! request_loaders {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::graphql::loaders::RequestLoader for $t {
            fn new(pool: sqlx::PgPool) -> Self {
                Self(pool)
            }
        })*
    };
}
