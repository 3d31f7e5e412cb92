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
use crate::{
    audit::{self, Entry},
    authz::Access,
    error::{ApiResult, ErrorCode, InputError},
    mail::{self, templates::SignInUnlock, Links, Recipient},
    refusal::Outcome,
};

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

/// Lifts the lock of the account whose link carries `token` (the
/// `unlockSignIn` mutation), audited either way; the login that can sign in
/// again.
pub async fn unlock_sign_in(access: &Access<'_>, token: &str) -> ApiResult<Outcome<String>> {
    let mut tx = access.pool().begin().await?;
    // Tokens are 43 characters; anything much longer is not one.
    let redeemed = if token.len() > 128 {
        Redeemed::Unknown
    } else {
        redeem(&mut tx, token.trim()).await?
    };
    let refused = |why: &str, message: &str| {
        (
            Entry::failed("session.unlock").detail(why.to_owned()),
            Err(vec![InputError::new(
                "token",
                ErrorCode::InvalidLink,
                message,
            )]),
        )
    };
    let (entry, outcome) = match redeemed {
        Redeemed::Unlocked { user_id, login } => (
            Entry::ok("session.unlock").target("user", user_id),
            Ok(login),
        ),
        Redeemed::Unknown => refused(
            "unknown token",
            "This unlock link is not valid: check that the whole link was copied.",
        ),
        Redeemed::AlreadyUsed => refused(
            "token already used",
            "This unlock link was already used. If the account is locked again, a new \
             link is emailed.",
        ),
        Redeemed::Expired => refused(
            "token expired",
            "This unlock link has expired (links work for an hour). The account unlocks \
             by itself a day after the last failed sign-in.",
        ),
    };
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(outcome)
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
