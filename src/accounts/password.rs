//! Password hashing with argon2id (PHC strings carry salt and parameters),
//! and the strength check for new passwords (zxcvbn).
//!
//! Each argon2 run takes 19 MiB and most of a core. Runs happen on a few
//! dedicated threads, one per core, fed by a short queue: a burst of
//! sign-ins cannot take more memory or CPU than that, and beyond the queue
//! it gets [`Busy`] at once instead of waiting.
//!
//! Memory must also come back after a burst. glibc serves a 19 MiB block
//! with mmap at first, but on freeing it raises its mmap threshold to that
//! size, so later blocks come from malloc arenas, which fragment and keep
//! them (a test saw 65 checks leave 440 MB behind). Fixing the threshold
//! ([`return_large_blocks`]) turns that adjustment off: every argon2 block
//! is mapped and unmapped again.

use std::sync::{mpsc, Arc, Mutex, OnceLock};

use argon2::{
    password_hash::{PasswordHasher, PasswordVerifier},
    Argon2,
};

use crate::error::{ErrorCode, InputError};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;
/// Hashes that may wait for a thread, per hashing thread.
pub const QUEUE_PER_THREAD: usize = 32;
/// zxcvbn's score a new password needs (0–4; 3 is "safely unguessable").
pub const MIN_SCORE: u8 = 3;

/// All hashing threads are working and the queue is full: try again soon.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("too many passwords are being checked at once")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads and their queue, started on first use.
struct Pool {
    jobs: mpsc::SyncSender<Job>,
}

impl Pool {
    fn get() -> &'static Pool {
        static POOL: OnceLock<Pool> = OnceLock::new();
        POOL.get_or_init(|| {
            return_large_blocks();
            let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
            let (jobs, queue) = mpsc::sync_channel::<Job>(threads * QUEUE_PER_THREAD);
            let queue = Arc::new(Mutex::new(queue));
            for i in 0..threads {
                let queue = queue.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("argon2-{i}"))
                    .spawn(move || loop {
                        // The lock is held only while taking a job, not
                        // while running it.
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    });
                if let Err(e) = spawned {
                    tracing::error!(error = %e, "cannot start a password hashing thread");
                }
            }
            Pool { jobs }
        })
    }

    /// Runs `f` on a hashing thread, or refuses at once if the queue is full.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The caller may have gone away (request cancelled); nothing to do.
            let _ = tx.send(f());
        });
        self.jobs.try_send(job).map_err(|e| match e {
            mpsc::TrySendError::Full(_) => HashError::Busy,
            mpsc::TrySendError::Disconnected(_) => {
                HashError::Failed(anyhow::anyhow!("the password hashing threads are gone"))
            }
        })?;
        rx.await
            .map_err(|_| HashError::Failed(anyhow::anyhow!("a password hashing job was lost")))
    }
}

/// Makes glibc map allocations of 1 MiB and more and unmap them when freed,
/// instead of raising the threshold after the first free (see the module
/// doc). Process-wide; other allocators are left alone.
fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets an allocator parameter; glibc takes its
        // own locks, so calling it while other threads allocate is fine.
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
        if ok != 1 {
            tracing::warn!(
                "mallopt(M_MMAP_THRESHOLD) failed; freed argon2 blocks may stay resident"
            );
        }
    }
}

/// Hashes on a hashing thread: argon2 is deliberately slow.
pub async fn hash(password: String) -> Result<String, HashError> {
    Pool::get()
        .run(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
        })
        .await?
        .map_err(HashError::Failed)
}

/// Verifies on a hashing thread. An unparseable stored hash is a mismatch.
pub async fn verify(password: String, stored_hash: String) -> Result<bool, HashError> {
    Pool::get()
        .run(move || {
            PasswordVerifier::<str>::verify_password(
                &Argon2::default(),
                password.as_bytes(),
                &stored_hash,
            )
            .is_ok()
        })
        .await
}

/// Verifies `password` against a hash of a random password, so an unknown
/// login takes as long to refuse as a wrong password.
pub async fn verify_decoy(password: String) -> Result<bool, HashError> {
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

/// Checks a new password. `user_inputs` are the account's own data (login,
/// name, email): zxcvbn counts a password built from them as guessable.
pub fn check_new(password: &str, user_inputs: &[&str]) -> Option<InputError> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Some(InputError::new(
            "password",
            ErrorCode::WeakPassword,
            format!("The password must have at least {MIN_LENGTH} characters."),
        ));
    }
    if len > MAX_LENGTH {
        return Some(
            InputError::new(
                "password",
                ErrorCode::TooLong,
                format!("The password may have at most {MAX_LENGTH} characters."),
            )
            .param("max", MAX_LENGTH),
        );
    }
    let lower = password.to_lowercase();
    if let Some(login) = user_inputs.first().filter(|l| !l.is_empty()) {
        if lower.contains(&login.to_lowercase()) {
            return Some(InputError::new(
                "password",
                ErrorCode::WeakPassword,
                "The password must not contain the login name.",
            ));
        }
    }
    // zxcvbn also splits the inputs into words; an email's local part and
    // domain are matched separately.
    let mut inputs: Vec<&str> = user_inputs
        .iter()
        .flat_map(|i| i.split(['@', ' ', '.', '-', '_']))
        .chain(user_inputs.iter().copied())
        .filter(|i| !i.is_empty())
        .collect();
    inputs.dedup();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return None;
    }
    let mut why = String::from("The password is too easy to guess");
    match estimate.feedback().and_then(|f| f.warning()) {
        Some(w) => why.push_str(&format!(": {w}")),
        None => why.push('.'),
    }
    if let Some(hint) = estimate.feedback().and_then(|f| f.suggestions().first()) {
        why.push_str(&format!(" {hint}"));
    }
    Some(InputError::new("password", ErrorCode::WeakPassword, why))
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
            check_new("short", &["x"]).unwrap().code,
            ErrorCode::WeakPassword
        );
        assert_eq!(
            check_new("taipei-admin-2026", &["taipei"]).unwrap().code,
            ErrorCode::WeakPassword
        );
        for weak in ["1234567890", "aaaaaaaaaa", "password12", "qwertyuiop"] {
            let e = check_new(weak, &["someone"]).unwrap();
            assert_eq!(e.code, ErrorCode::WeakPassword, "{weak}");
            assert!(e.message.contains("too easy to guess"), "{}", e.message);
        }
        assert!(check_new("a long enough passphrase", &["taipei"]).is_none());
    }

    #[test]
    fn a_password_made_of_the_users_own_data_is_refused() {
        let inputs = ["wml-teacher", "Wang Meiling", "wang.meiling@xinan.example"];
        let e = check_new("meilingwang", &inputs).unwrap();
        assert!(e.message.contains("too easy to guess"), "{}", e.message);
    }
}
