//! Deletes what has outlived its use, once a minute on every instance:
//! - the frozen rows of expired data-exchange exports (identified data is
//!   kept no longer than it may be downloaded);
//! - expired sessions;
//! - failed sign-in counts (per login and per address) whose last failure
//!   is more than a day old: that ends a lock no one unlocked, and no
//!   address wait is longer than 15 minutes;
//! - sign-in unlock links that expired more than a day ago;
//! - (not a deletion) it also confirms the teacher transfers whose notice
//!   period ended without objection.
//!
//! Without it the last two grow for ever: a session is otherwise only
//! deleted at sign-out, and every unknown login name tried gets a row.
//! Each statement is idempotent, so instances running it at once do no harm.

use std::time::Duration;

use sqlx::PgPool;

use crate::{accounts, statistics::exchange, teachers::transfers};

/// How often each instance prunes.
pub const EVERY: Duration = Duration::from_secs(60);

/// Rows deleted by one pass.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub export_rows: u64,
    pub sessions: u64,
    pub throttles: u64,
    pub unlock_links: u64,
}

/// Confirms the teacher transfers whose notice period ended without an
/// objection (`teachers::transfers`); how many. Errors are logged.
async fn confirm_due_transfers(pool: &PgPool) -> u64 {
    match transfers::confirm_due(pool).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = ?e, "confirming due teacher transfers failed");
            0
        }
    }
}

/// One pass.
pub async fn prune(pool: &PgPool) -> sqlx::Result<Pruned> {
    Ok(Pruned {
        export_rows: exchange::delete_expired(pool).await?,
        sessions: accounts::session::delete_expired(pool).await?,
        throttles: accounts::throttle::forget_stale(pool).await?,
        unlock_links: accounts::unlock::forget_expired(pool).await?,
    })
}

/// Prunes every [`EVERY`] until `shutdown`.
pub async fn run(pool: PgPool, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let moved = confirm_due_transfers(&pool).await;
        if moved > 0 {
            tracing::info!(transfers = moved, "teacher transfers took effect");
        }
        match prune(&pool).await {
            Ok(p) if p != Pruned::default() => tracing::info!(
                export_rows = p.export_rows,
                sessions = p.sessions,
                throttles = p.throttles,
                unlock_links = p.unlock_links,
                "pruned"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = ?e, "pruning failed"),
        }
        tokio::select! {
            _ = &mut shutdown => break,
            _ = tokio::time::sleep(EVERY) => {}
        }
    }
}
