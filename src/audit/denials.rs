//! The denials of one request, aggregated into one audit row per operation.
//!
//! A GraphQL request can ask for the same refused thing thousands of times
//! (aliases, batches). Each refusal is still counted, but the request writes
//! one row per distinct (action, target, unit, detail) with the number of
//! refusals in `count`. The rows are written when the request ends, whatever
//! its outcome, or, if the request is dropped before that (the client went
//! away), by a task started from `Drop`: no denial goes unrecorded.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
};

use sqlx::PgPool;
use uuid::Uuid;

use super::{write, Entry, Origin};
use crate::request::RequestContext;

/// Where the denials of one request go: straight to the log
/// ([`Denials::immediate`]) or collected until the request ends
/// ([`Denials::aggregated`]).
#[derive(Clone, Debug, Default)]
pub struct Denials(Option<Arc<Mutex<Pending>>>);

/// What makes two denials the same operation.
type Key = (
    String,
    Option<&'static str>,
    Option<String>,
    Option<Uuid>,
    Option<String>,
);

#[derive(Debug, Default)]
struct Pending {
    /// Set by the first denial: every entry of a request shares the pool and
    /// the origin.
    sink: Option<(PgPool, Origin)>,
    entries: Vec<Entry>,
    index: HashMap<Key, usize>,
}

impl Pending {
    fn add(&mut self, entry: Entry) {
        let key = (
            entry.action.clone(),
            entry.target_type,
            entry.target_id.clone(),
            entry.unit_id,
            entry.detail.clone(),
        );
        match self.index.get(&key) {
            Some(&i) => {
                let e = &mut self.entries[i];
                e.count = e.count.saturating_add(1);
            }
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    fn take(&mut self) -> Option<(PgPool, Origin, Vec<Entry>)> {
        self.index.clear();
        let entries = std::mem::take(&mut self.entries);
        if entries.is_empty() {
            return None;
        }
        let (pool, origin) = self.sink.clone()?;
        Some((pool, origin, entries))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let Some((pool, origin, entries)) = self.take() else {
            return;
        };
        // The request ended without `flush` (e.g. its future was dropped when
        // the client disconnected): write from a task of our own.
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(async move {
                    if let Err(e) = write_all(&pool, &origin, entries).await {
                        tracing::error!(error = %e, request_id = %origin.request_id,
                            "writing the denials of a dropped request failed");
                    }
                });
            }
            Err(_) => tracing::error!(
                request_id = %origin.request_id,
                denials = entries.len(),
                "denials of a request dropped outside a runtime were not written"
            ),
        }
    }
}

fn lock(pending: &Mutex<Pending>) -> MutexGuard<'_, Pending> {
    // A panic while holding the lock leaves the entries valid; keep them.
    pending.lock().unwrap_or_else(|e| e.into_inner())
}

async fn write_all(pool: &PgPool, origin: &Origin, entries: Vec<Entry>) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for entry in entries {
        write(&mut *tx, origin, entry).await?;
    }
    tx.commit().await
}

impl Denials {
    /// Each denial is written at once: for routes outside GraphQL, which
    /// check once per request, and for work outside HTTP.
    pub fn immediate() -> Self {
        Self(None)
    }

    /// Denials are collected and written by [`Denials::flush`] at the end of
    /// the request (or on drop).
    pub fn aggregated() -> Self {
        Self(Some(Arc::default()))
    }

    /// Records a denial of `request`.
    pub async fn record(
        &self,
        pool: &PgPool,
        request: &RequestContext,
        entry: Entry,
    ) -> sqlx::Result<()> {
        let Some(pending) = &self.0 else {
            return super::record(pool, request, entry).await;
        };
        let mut p = lock(pending);
        if p.sink.is_none() {
            p.sink = Some((pool.clone(), Origin::of(request)));
        }
        p.add(entry);
        Ok(())
    }

    /// Writes the denials collected so far, one row per operation.
    pub async fn flush(&self) -> sqlx::Result<()> {
        let Some(pending) = &self.0 else {
            return Ok(());
        };
        let taken = lock(pending).take();
        match taken {
            Some((pool, origin, entries)) => write_all(&pool, &origin, entries).await,
            None => Ok(()),
        }
    }
}
