//! Password hashing with argon2id (PHC strings carry salt and parameters).

use argon2::{
    password_hash::{PasswordHasher, PasswordVerifier},
    Argon2,
};

use crate::error::{ErrorCode, InputError};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// Hashes on a blocking thread: argon2 is deliberately slow.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
    })
    .await?
}

/// Verifies on a blocking thread. An unparseable stored hash is a mismatch.
pub async fn verify(password: String, stored_hash: String) -> anyhow::Result<bool> {
    Ok(tokio::task::spawn_blocking(move || {
        PasswordVerifier::<str>::verify_password(
            &Argon2::default(),
            password.as_bytes(),
            &stored_hash,
        )
        .is_ok()
    })
    .await?)
}

/// Verifies `password` against a hash of a random password, so an unknown
/// login takes as long to refuse as a wrong password.
pub async fn verify_decoy(password: String) -> anyhow::Result<bool> {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let decoy = match DECOY.get() {
        Some(h) => h.clone(),
        None => {
            let random: [u8; 16] = rand::random();
            let h = hash(base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                random,
            ))
            .await?;
            DECOY.get_or_init(|| h).clone()
        }
    };
    verify(password, decoy).await
}

/// Checks a new password; `login` must not be part of it.
pub fn check_new(password: &str, login: &str) -> Option<InputError> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Some(InputError::new(
            "password",
            ErrorCode::WeakPassword,
            format!("The password must have at least {MIN_LENGTH} characters."),
        ));
    }
    if len > MAX_LENGTH {
        return Some(InputError::new(
            "password",
            ErrorCode::TooLong,
            format!("The password may have at most {MAX_LENGTH} characters."),
        ));
    }
    if !login.is_empty() && password.to_lowercase().contains(&login.to_lowercase()) {
        return Some(InputError::new(
            "password",
            ErrorCode::WeakPassword,
            "The password must not contain the login name.",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), h.clone())
            .await
            .unwrap());
        assert!(!verify("wrong horse battery".into(), h).await.unwrap());
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_never_verifies() {
        assert!(!verify("anything at all".into(), "not-a-phc-string".into())
            .await
            .unwrap());
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        assert_eq!(
            check_new("short", "x").unwrap().code,
            ErrorCode::WeakPassword
        );
        assert_eq!(
            check_new("taipei-admin-2026", "taipei").unwrap().code,
            ErrorCode::WeakPassword
        );
        assert!(check_new("a long enough passphrase", "taipei").is_none());
    }
}
