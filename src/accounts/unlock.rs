//! Single-use links that lift the lock of an account (see [`super::throttle`]).
//!
//! Anyone can lock an account by guessing at its login from enough
//! addresses; the owner gets out with the link emailed when the lock
//! starts. The token is 256 random bits; only its SHA-256 is stored, it
//! expires after [`LINK_TTL_MINUTES`], and it works once. Using it clears
//! the login's failure count; it does not sign anyone in, so a leaked link
//! gives an attacker nothing but more guesses, which the per-address limit
//! still holds back.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{sql::UserRow, throttle};
use crate::mail::{self, templates::SignInUnlock, Links, Recipient};

/// How long an unlock link works.
pub const LINK_TTL_MINUTES: i64 = 60;

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Queues the unlock email for `user` in the caller's transaction; false
/// when the account has no email address (the lock then ends by itself).
pub async fn send_link(
    conn: &mut PgConnection,
    user: &UserRow,
    links: &Links,
) -> anyhow::Result<bool> {
    let Some(address) = user.email.clone() else {
        return Ok(false);
    };
    let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let expires_at = OffsetDateTime::now_utc() + Duration::minutes(LINK_TTL_MINUTES);
    sqlx::query!(
        "INSERT INTO sign_in_unlock_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        token_hash(&token),
        user.id,
        expires_at
    )
    .execute(&mut *conn)
    .await?;
    let email = SignInUnlock {
        recipient_name: user.display_name.clone(),
        login: user.login.clone(),
        unlock_url: links.page(&format!("/unlock?token={token}")),
        expires: crate::taipei::format(expires_at),
    };
    let to = Recipient {
        address,
        name: user.display_name.clone(),
        contact_id: None,
        unit_id: None,
    };
    mail::enqueue(
        conn,
        &to,
        Some("sign_in_unlock"),
        &email,
        &links.message_domain,
    )
    .await?;
    Ok(true)
}

/// What became of an unlock token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    /// The lock of this account is lifted.
    Unlocked {
        user_id: Uuid,
        login: String,
    },
    Unknown,
    AlreadyUsed,
    Expired,
}

/// Uses `token` once, in the caller's transaction.
pub async fn redeem(conn: &mut PgConnection, token: &str) -> sqlx::Result<Redeemed> {
    let hash = token_hash(token);
    // One UPDATE decides, so two uses at once cannot both succeed.
    let used = sqlx::query!(
        r#"UPDATE sign_in_unlock_tokens t SET used_at = now()
             FROM users u
            WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
              AND u.id = t.user_id
        RETURNING u.id, u.login"#,
        hash
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(u) = used {
        throttle::clear(&mut *conn, &u.login).await?;
        return Ok(Redeemed::Unlocked {
            user_id: u.id,
            login: u.login,
        });
    }
    let row = sqlx::query!(
        "SELECT used_at IS NOT NULL AS \"used!\" FROM sign_in_unlock_tokens WHERE token_hash = $1",
        hash
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        None => Redeemed::Unknown,
        Some(r) if r.used => Redeemed::AlreadyUsed,
        Some(_) => Redeemed::Expired,
    })
}

/// Deletes links that expired more than a day ago; how many. (Kept that
/// long so a late click is told "expired", not "unknown".)
pub async fn forget_expired(db: impl sqlx::PgExecutor<'_>) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "DELETE FROM sign_in_unlock_tokens WHERE expires_at < now() - interval '1 day'"
    )
    .execute(db)
    .await?
    .rows_affected())
}
