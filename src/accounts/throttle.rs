//! Slows down repeated failed sign-ins per login name.
//!
//! After `FREE_FAILURES` consecutive failures, each further attempt must wait
//! 30 s × 2^(n - FREE_FAILURES) after the last failure (capped at 15
//! minutes); attempts inside the wait are refused without checking the
//! password. Unknown login names are throttled the same way, so the throttle
//! does not reveal which logins exist. A success clears the count, and so
//! does a day without failures (`forget_stale`, run by `housekeeping`).

use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};

const FREE_FAILURES: i32 = 5;
const FIRST_WAIT_SECONDS: i64 = 30;
const MAX_WAIT_SECONDS: i64 = 15 * 60;

/// Seconds to wait after `failures` consecutive failures.
pub fn wait_after(failures: i32) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let exp = (failures - FREE_FAILURES).min(20) as u32;
    (FIRST_WAIT_SECONDS << exp).min(MAX_WAIT_SECONDS)
}

/// `Some(seconds)` while the login must wait before another attempt.
pub async fn must_wait(db: impl PgExecutor<'_>, login_key: &str) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query!(
        "SELECT failures, last_failure_at FROM login_throttle WHERE login_key = $1",
        login_key
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|r| {
        let until = r.last_failure_at + Duration::seconds(wait_after(r.failures));
        let left_ms = (until - OffsetDateTime::now_utc()).whole_milliseconds();
        // Round up, so "try again in 0 seconds" is never said.
        (left_ms > 0).then(|| ((left_ms + 999) / 1000) as i64)
    }))
}

pub async fn record_failure(db: impl PgExecutor<'_>, login_key: &str) -> sqlx::Result<()> {
    sqlx::query!(
        r#"INSERT INTO login_throttle (login_key, failures, last_failure_at)
           VALUES ($1, 1, now())
           ON CONFLICT (login_key) DO UPDATE
              SET failures = login_throttle.failures + 1, last_failure_at = now()"#,
        login_key
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets counts whose last failure is more than a day old; how many.
pub async fn forget_stale(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM login_throttle WHERE last_failure_at < now() - interval '1 day'")
            .execute(db)
            .await?
            .rows_affected(),
    )
}

pub async fn clear(db: impl PgExecutor<'_>, login_key: &str) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM login_throttle WHERE login_key = $1", login_key)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wait_after;

    #[test]
    fn waits_grow_exponentially_after_the_free_failures() {
        assert_eq!(wait_after(4), 0);
        assert_eq!(wait_after(5), 30);
        assert_eq!(wait_after(6), 60);
        assert_eq!(wait_after(9), 480);
        assert_eq!(wait_after(10), 900);
        assert_eq!(wait_after(40), 900);
    }
}
