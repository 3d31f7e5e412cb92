//! Login sessions. The client holds a random token (in an HttpOnly cookie or
//! as a bearer token); the database holds only its SHA-256.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};
use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::authz::{Assignment, Role, Viewer, ViewerUser};

pub const COOKIE_NAME: &str = "inservice_session";

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A new session: the token to give the client, and when it expires.
pub struct NewSession {
    pub id: Uuid,
    pub token: String,
    pub expires_at: OffsetDateTime,
}

pub async fn create(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    ttl_hours: i64,
    ip: Option<String>,
    user_agent: Option<&str>,
) -> sqlx::Result<NewSession> {
    let bytes: [u8; 32] = rand::random();
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let expires_at = OffsetDateTime::now_utc() + Duration::hours(ttl_hours);
    let id = sqlx::query_scalar!(
        r#"INSERT INTO sessions (token_hash, user_id, expires_at, ip, user_agent)
           VALUES ($1, $2, $3, ($4::text)::inet, $5) RETURNING id"#,
        token_hash(&token),
        user_id,
        expires_at,
        ip,
        user_agent.map(|ua| ua.chars().take(300).collect::<String>()),
    )
    .fetch_one(db)
    .await?;
    Ok(NewSession {
        id,
        token,
        expires_at,
    })
}

/// The viewer a token stands for, with every role assignment, in one query.
/// `None` when the token is unknown, expired, or its user is deactivated.
pub async fn viewer_for_token(
    db: impl PgExecutor<'_>,
    token: &str,
) -> sqlx::Result<Option<Viewer>> {
    // A token is 43 base64url characters; anything else cannot match, and
    // is not worth hashing.
    if token.len() != 43 {
        return Ok(None);
    }
    let rows = sqlx::query!(
        r#"SELECT s.id AS session_id, u.id AS user_id, u.login,
                  ra.role AS "role?", ra.unit_id AS "unit_id?", ou.name AS "unit_name?",
                  ou.path::text AS "unit_path?"
             FROM sessions s
             JOIN users u ON u.id = s.user_id AND u.is_active
             LEFT JOIN role_assignments ra ON ra.user_id = u.id
             LEFT JOIN org_units ou ON ou.id = ra.unit_id
            WHERE s.token_hash = $1 AND s.expires_at > now()
            ORDER BY ra.granted_at"#,
        token_hash(token),
    )
    .fetch_all(db)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let user = ViewerUser {
        id: first.user_id,
        login: first.login.clone(),
        session_id: first.session_id,
    };
    let assignments = rows
        .into_iter()
        .filter_map(|r| {
            Some(Assignment {
                role: r.role?.parse::<Role>().ok()?,
                unit_id: r.unit_id?,
                unit_name: r.unit_name?,
                unit_path: r.unit_path?,
            })
        })
        .collect();
    Ok(Some(Viewer {
        user: Some(user),
        assignments,
    }))
}

pub async fn delete(db: impl PgExecutor<'_>, session_id: Uuid) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM sessions WHERE id = $1", session_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Drops expired sessions (see `housekeeping`); how many.
pub async fn delete_expired(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM sessions WHERE expires_at <= now()")
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// The `Set-Cookie` value that stores `token` in the browser.
pub fn cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(secure: bool) -> String {
    cookie("", 0, secure)
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE_NAME && !value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        assert_eq!(
            token_from_cookie_header("theme=dark; inservice_session=abc; lang=zh-TW"),
            Some("abc")
        );
        assert_eq!(token_from_cookie_header("inservice_session="), None);
        assert_eq!(token_from_cookie_header("other=1"), None);
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site() {
        let c = cookie("tok", 3600, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("Secure"));
    }
}
