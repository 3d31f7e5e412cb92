//! Limits password guesses, per client address and per login name.
//!
//! Every attempt is *reserved* before the password is checked: one
//! `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING` counts the attempt
//! as a failure and says whether it may go ahead, atomically. However many
//! attempts arrive at once (batched, in parallel requests, on several
//! instances), no more passwords are checked than the limits allow. A
//! success gives its reservation back.
//!
//! - **Per address** (an IPv4 address or an IPv6 /64): after
//!   [`ADDRESS_FREE_FAILURES`] failures, each further attempt must wait
//!   30 s × 2^(n − free) after the last one (at most 15 minutes).
//! - **Per login**: after [`LOGIN_LOCK_FAILURES`] failures from any
//!   addresses, the login is locked; attempts are refused without checking
//!   the password, the right one too. The owner of an account is emailed a
//!   single-use unlock link ([`super::unlock`]); otherwise the lock ends a
//!   day after the last failure (`forget_stale`).
//!
//! The per-address limit is far below the per-login one, so someone typing
//! another person's login from one address is stopped long before the
//! account locks. Unknown logins are counted the same way (no account
//! enumeration), but stored only as a keyed hash ([`login_key`]): people
//! type passwords into the login field.

use std::net::IpAddr;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};

/// Failures an address may have before it must wait.
pub const ADDRESS_FREE_FAILURES: i32 = 10;
/// Failures that lock a login.
pub const LOGIN_LOCK_FAILURES: i32 = 20;
const FIRST_WAIT_SECONDS: i64 = 30;
const MAX_WAIT_SECONDS: i64 = 15 * 60;
/// How long a lock lasts when no one unlocks it: counts are forgotten a day
/// after the last failure.
pub const FORGET_AFTER_SECONDS: i64 = 24 * 3600;

/// Seconds an address must wait after `failures` failures.
pub fn wait_after(failures: i32) -> i64 {
    if failures < ADDRESS_FREE_FAILURES {
        return 0;
    }
    let exp = (failures - ADDRESS_FREE_FAILURES).min(20) as u32;
    (FIRST_WAIT_SECONDS << exp).min(MAX_WAIT_SECONDS)
}

/// The throttle's key for a login: the login itself for an account, and for
/// anything else `#` and an HMAC-SHA-256 under the server secret, so what
/// was typed is never stored, yet the same typing is counted together. (`#`
/// cannot start a login name, so the two kinds never meet.)
pub fn login_key(login: &str, is_account: bool, secret: &[u8]) -> String {
    if is_account {
        return login.to_owned();
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(b"sign-in login\0");
    mac.update(login.as_bytes());
    format!("#{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// What the audit log shows of a login that is not an account: its first
/// two characters and its length, never all of it.
pub fn masked_login(login: &str) -> String {
    let start: String = login.chars().take(2).collect();
    format!(
        "unknown login “{start}…” ({} characters)",
        login.chars().count()
    )
}

/// The network an address is counted under: IPv6 clients usually have a
/// whole /64 to pick addresses from.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("{v4}/32"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("{v4}/32"),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

/// Seconds left until `last + wait`, rounded up so "try again in 0
/// seconds" is never said.
fn seconds_left(last: OffsetDateTime, wait: i64) -> i64 {
    let left_ms = (last + Duration::seconds(wait) - OffsetDateTime::now_utc()).whole_milliseconds();
    ((left_ms.max(0) + 999) / 1000) as i64
}

/// Reserves one guess from `address`: `Ok(())`, or `Err(seconds)` to wait.
pub async fn reserve_address(
    db: impl PgExecutor<'_> + Copy,
    address: &str,
) -> sqlx::Result<Result<(), i64>> {
    // The WHERE of ON CONFLICT runs on the locked row, so concurrent
    // reservations are decided one after the other.
    let granted = sqlx::query_scalar!(
        r#"INSERT INTO sign_in_address_throttle AS t (address, failures, last_failure_at)
           VALUES ($1::text::cidr, 1, now())
           ON CONFLICT (address) DO UPDATE
              SET failures = t.failures + 1, last_failure_at = now()
            WHERE t.failures < $2
               OR t.last_failure_at
                  + make_interval(secs => least($3 * power(2, least(t.failures - $2, 20)), $4))
                  <= now()
           RETURNING failures"#,
        address,
        ADDRESS_FREE_FAILURES,
        FIRST_WAIT_SECONDS as f64,
        MAX_WAIT_SECONDS as f64,
    )
    .fetch_optional(db)
    .await?;
    if granted.is_some() {
        return Ok(Ok(()));
    }
    let row = sqlx::query!(
        "SELECT failures, last_failure_at FROM sign_in_address_throttle WHERE address = $1::text::cidr",
        address
    )
    .fetch_optional(db)
    .await?;
    Ok(Err(row.map_or(1, |r| {
        seconds_left(r.last_failure_at, wait_after(r.failures)).max(1)
    })))
}

/// Gives back a reservation of `address` (the password was right, or was
/// not checked after all).
pub async fn release_address(db: impl PgExecutor<'_>, address: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE sign_in_address_throttle SET failures = greatest(failures - 1, 0)
          WHERE address = $1::text::cidr",
        address
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A granted reservation of a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginReservation {
    /// Failures counted so far, this attempt included.
    pub failures: i32,
}

impl LoginReservation {
    /// If this attempt fails, it is the one that locks the login (exactly
    /// one attempt is, however many run at once).
    pub fn locks_on_failure(&self) -> bool {
        self.failures == LOGIN_LOCK_FAILURES
    }
}

/// Reserves one guess at `login_key`, or `Err(seconds)` until the lock ends
/// by itself.
pub async fn reserve_login(
    db: impl PgExecutor<'_> + Copy,
    login_key: &str,
) -> sqlx::Result<Result<LoginReservation, i64>> {
    let granted = sqlx::query_scalar!(
        r#"INSERT INTO login_throttle AS t (login_key, failures, last_failure_at)
           VALUES ($1, 1, now())
           ON CONFLICT (login_key) DO UPDATE
              SET failures = t.failures + 1, last_failure_at = now()
            WHERE t.failures < $2
           RETURNING failures"#,
        login_key,
        LOGIN_LOCK_FAILURES,
    )
    .fetch_optional(db)
    .await?;
    if let Some(failures) = granted {
        return Ok(Ok(LoginReservation { failures }));
    }
    let last = sqlx::query_scalar!(
        "SELECT last_failure_at FROM login_throttle WHERE login_key = $1",
        login_key
    )
    .fetch_optional(db)
    .await?;
    Ok(Err(last.map_or(1, |at| {
        seconds_left(at, FORGET_AFTER_SECONDS).max(1)
    })))
}

/// Gives back a reservation of a login whose password was not checked.
pub async fn release_login(db: impl PgExecutor<'_>, login_key: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE login_key = $1",
        login_key
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets counts whose last failure is more than a day old, of logins and
/// of addresses; how many.
pub async fn forget_stale(db: impl PgExecutor<'_> + Copy) -> sqlx::Result<u64> {
    let logins = sqlx::query!(
        "DELETE FROM login_throttle WHERE last_failure_at < now() - make_interval(secs => $1)",
        FORGET_AFTER_SECONDS as f64
    )
    .execute(db)
    .await?
    .rows_affected();
    let addresses = sqlx::query!(
        "DELETE FROM sign_in_address_throttle
          WHERE last_failure_at < now() - make_interval(secs => $1)",
        FORGET_AFTER_SECONDS as f64
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(logins + addresses)
}

/// Clears the count of a login: after a successful sign-in, or an unlock.
pub async fn clear(db: impl PgExecutor<'_>, login_key: &str) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM login_throttle WHERE login_key = $1", login_key)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_waits_grow_exponentially_after_the_free_failures() {
        assert_eq!(wait_after(9), 0);
        assert_eq!(wait_after(10), 30);
        assert_eq!(wait_after(11), 60);
        assert_eq!(wait_after(14), 480);
        assert_eq!(wait_after(15), 900);
        assert_eq!(wait_after(40), 900);
    }

    #[test]
    fn unknown_logins_are_keyed_by_a_hash_and_accounts_by_name() {
        let typed = login_key("my-secret-password", false, b"key one");
        assert!(typed.starts_with('#'));
        assert!(!typed.contains("secret"));
        assert_eq!(typed, login_key("my-secret-password", false, b"key one"));
        assert_ne!(typed, login_key("my-secret-password", false, b"key two"));
        assert_eq!(login_key("taipei", true, b"key one"), "taipei");
    }

    #[test]
    fn a_masked_login_shows_two_characters_and_the_length() {
        assert_eq!(
            masked_login("hunter2hunter2"),
            "unknown login “hu…” (14 characters)"
        );
        assert_eq!(
            masked_login("林怡君"),
            "unknown login “林怡…” (3 characters)"
        );
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_network() {
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            address_key("::ffff:203.0.113.9".parse().unwrap()),
            "203.0.113.9/32"
        );
        assert_eq!(address_key("127.0.0.1".parse().unwrap()), "127.0.0.1/32");
    }
}
