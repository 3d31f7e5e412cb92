//! One `Settings` struct, read from an optional TOML file and the environment
//! (the environment wins). Secrets never appear in `Debug` output.

use std::{fmt, net::SocketAddr, path::Path};

use anyhow::Context;
use serde::Deserialize;

/// Where the service runs: development allows demo data and introspection.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

impl std::str::FromStr for Environment {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> anyhow::Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(Self::Development),
            "production" | "prod" => Ok(Self::Production),
            other => {
                anyhow::bail!("INSERVICE_ENV must be `development` or `production`, not `{other}`")
            }
        }
    }
}

/// A string that prints as `[redacted]`.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The national-ID hash key outside production, so development needs no
/// setup; production refuses to start without its own.
const DEVELOPMENT_NATIONAL_ID_KEY: &str = "development only: never use this key for real data";

/// All runtime settings of the service.
#[derive(Clone, Debug)]
pub struct Settings {
    pub environment: Environment,
    /// PostgreSQL connection URL; it may carry a password, hence `Secret`.
    pub database_url: Secret,
    pub database_max_connections: u32,
    pub listen: SocketAddr,
    /// How long a login session lasts.
    pub session_ttl_hours: i64,
    /// Send the session cookie only over HTTPS. Defaults to true in production.
    pub cookie_secure: bool,
    /// Largest accepted request body in bytes.
    pub max_body_bytes: usize,
    /// Emit logs as JSON lines (for log shippers) instead of human text.
    pub log_json: bool,
    /// Behind a reverse proxy: take the client address from the last entry
    /// of `X-Forwarded-For` (the one the proxy added) for audit rows.
    pub trust_proxy: bool,
    /// SMTP server in lettre's URL form; `None` leaves mail in the outbox.
    pub smtp_url: Option<Secret>,
    /// Key of the keyed hash under which national IDs are stored (HMAC).
    /// Changing it orphans every stored hash, so it is set once per
    /// deployment and kept like a database backup key.
    pub national_id_key: Secret,
    /// Sender of every message, e.g. `全國教師在職進修資訊網 <no-reply@example.tw>`.
    pub mail_from: String,
    /// Give up a temporarily failing message after this many attempts.
    pub mail_max_attempts: i32,
    /// First retry delay in seconds (doubles per attempt).
    pub mail_retry_base_seconds: f64,
    /// How long a worker's claim on a message lasts, in seconds.
    pub mail_lease_seconds: u64,
    /// SMTP command timeout, in seconds.
    pub smtp_timeout_seconds: u64,
    /// Run the scheduled email (roster reminders, reviewers' daily digests)
    /// on this instance. Safe on every instance; off only where something
    /// else drives it (the tests call the jobs directly).
    pub scheduled_email: bool,
    /// Where people reach the console, for links in email.
    pub public_url: String,
    /// Largest accepted attachment, in bytes.
    pub attachment_max_bytes: usize,
    /// How long statistics results and data-exchange exports may be
    /// downloaded after they are produced, in hours.
    pub download_ttl_hours: i64,
    /// How long a background job's claim lasts without renewal before
    /// another instance takes the job over (its instance died), in seconds.
    pub job_lease_seconds: u64,
    /// Run background jobs (statistics, exports) on this instance.
    pub run_jobs: bool,
}

/// The optional TOML file; every key is optional and mirrors an env variable.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    environment: Option<Environment>,
    database_url: Option<Secret>,
    database_max_connections: Option<u32>,
    listen: Option<SocketAddr>,
    session_ttl_hours: Option<i64>,
    cookie_secure: Option<bool>,
    max_body_bytes: Option<usize>,
    log_json: Option<bool>,
    trust_proxy: Option<bool>,
    smtp_url: Option<Secret>,
    national_id_key: Option<Secret>,
    mail_from: Option<String>,
    mail_max_attempts: Option<i32>,
    mail_retry_base_seconds: Option<f64>,
    mail_lease_seconds: Option<u64>,
    smtp_timeout_seconds: Option<u64>,
    scheduled_email: Option<bool>,
    public_url: Option<String>,
    attachment_max_bytes: Option<usize>,
    download_ttl_hours: Option<i64>,
    job_lease_seconds: Option<u64>,
    run_jobs: Option<bool>,
}

impl Settings {
    /// Reads the TOML file named by `config_file` (if any), then the
    /// environment. `lookup` is `std::env::var` outside tests.
    pub fn load(
        config_file: Option<&Path>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let file: FileSettings = match config_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading settings file {}", path.display()))?;
                toml::from_str(&text)
                    .with_context(|| format!("parsing settings file {}", path.display()))?
            }
            None => FileSettings::default(),
        };

        fn parsed<T: std::str::FromStr>(
            lookup: &impl Fn(&str) -> Option<String>,
            key: &str,
        ) -> anyhow::Result<Option<T>>
        where
            T::Err: fmt::Display,
        {
            match lookup(key) {
                Some(v) if !v.trim().is_empty() => v
                    .trim()
                    .parse::<T>()
                    .map(Some)
                    .map_err(|e| anyhow::anyhow!("{key}={v:?} is not valid: {e}")),
                _ => Ok(None),
            }
        }

        let environment = parsed::<Environment>(&lookup, "INSERVICE_ENV")?
            .or(file.environment)
            .unwrap_or(Environment::Development);
        let database_url = lookup("DATABASE_URL")
            .filter(|v| !v.trim().is_empty())
            .map(Secret::new)
            .or(file.database_url)
            .context(
                "DATABASE_URL is not set: set it in the environment or in the settings file \
                 (`make run` provisions a private PostgreSQL and sets it for you)",
            )?;
        let listen = parsed(&lookup, "INSERVICE_LISTEN")?
            .or(file.listen)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let public_url = lookup("INSERVICE_PUBLIC_URL")
            .filter(|v| !v.trim().is_empty())
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{listen}"))
            .trim_end_matches('/')
            .to_owned();
        let settings = Settings {
            environment,
            database_url,
            database_max_connections: parsed(&lookup, "INSERVICE_DATABASE_MAX_CONNECTIONS")?
                .or(file.database_max_connections)
                .unwrap_or(10),
            listen,
            session_ttl_hours: parsed(&lookup, "INSERVICE_SESSION_TTL_HOURS")?
                .or(file.session_ttl_hours)
                .unwrap_or(12),
            cookie_secure: parsed(&lookup, "INSERVICE_COOKIE_SECURE")?
                .or(file.cookie_secure)
                .unwrap_or(environment == Environment::Production),
            max_body_bytes: parsed(&lookup, "INSERVICE_MAX_BODY_BYTES")?
                .or(file.max_body_bytes)
                .unwrap_or(256 * 1024),
            log_json: parsed(&lookup, "INSERVICE_LOG_JSON")?
                .or(file.log_json)
                .unwrap_or(false),
            trust_proxy: parsed(&lookup, "INSERVICE_TRUST_PROXY")?
                .or(file.trust_proxy)
                .unwrap_or(false),
            smtp_url: lookup("INSERVICE_SMTP_URL")
                .filter(|v| !v.trim().is_empty())
                .map(Secret::new)
                .or(file.smtp_url),
            national_id_key: match lookup("INSERVICE_NATIONAL_ID_KEY")
                .filter(|v| !v.trim().is_empty())
                .map(Secret::new)
                .or(file.national_id_key)
            {
                Some(key) => key,
                None if environment == Environment::Production => anyhow::bail!(
                    "INSERVICE_NATIONAL_ID_KEY is not set: production needs a secret of at least \
                     32 characters (e.g. `openssl rand -base64 48`), kept for the life of the data"
                ),
                None => Secret::new(DEVELOPMENT_NATIONAL_ID_KEY),
            },
            mail_from: lookup("INSERVICE_MAIL_FROM")
                .filter(|v| !v.trim().is_empty())
                .or(file.mail_from)
                .unwrap_or_else(|| "全國教師在職進修資訊網 <no-reply@inservice.invalid>".into()),
            mail_max_attempts: parsed(&lookup, "INSERVICE_MAIL_MAX_ATTEMPTS")?
                .or(file.mail_max_attempts)
                .unwrap_or(8),
            mail_retry_base_seconds: parsed(&lookup, "INSERVICE_MAIL_RETRY_BASE_SECONDS")?
                .or(file.mail_retry_base_seconds)
                .unwrap_or(30.0),
            mail_lease_seconds: parsed(&lookup, "INSERVICE_MAIL_LEASE_SECONDS")?
                .or(file.mail_lease_seconds)
                .unwrap_or(300),
            smtp_timeout_seconds: parsed(&lookup, "INSERVICE_SMTP_TIMEOUT_SECONDS")?
                .or(file.smtp_timeout_seconds)
                .unwrap_or(30),
            scheduled_email: parsed(&lookup, "INSERVICE_SCHEDULED_EMAIL")?
                .or(file.scheduled_email)
                .unwrap_or(true),
            public_url,
            attachment_max_bytes: parsed(&lookup, "INSERVICE_ATTACHMENT_MAX_BYTES")?
                .or(file.attachment_max_bytes)
                .unwrap_or(10 * 1024 * 1024),
            download_ttl_hours: parsed(&lookup, "INSERVICE_DOWNLOAD_TTL_HOURS")?
                .or(file.download_ttl_hours)
                .unwrap_or(7 * 24),
            job_lease_seconds: parsed(&lookup, "INSERVICE_JOB_LEASE_SECONDS")?
                .or(file.job_lease_seconds)
                .unwrap_or(60),
            run_jobs: parsed(&lookup, "INSERVICE_RUN_JOBS")?
                .or(file.run_jobs)
                .unwrap_or(true),
        };
        anyhow::ensure!(
            (1..=24 * 366).contains(&settings.download_ttl_hours),
            "INSERVICE_DOWNLOAD_TTL_HOURS must be between 1 and 8784 (a year)"
        );
        anyhow::ensure!(
            settings.job_lease_seconds >= 3,
            "INSERVICE_JOB_LEASE_SECONDS must be at least 3"
        );
        anyhow::ensure!(
            (1..=50).contains(&settings.mail_max_attempts),
            "INSERVICE_MAIL_MAX_ATTEMPTS must be between 1 and 50"
        );
        anyhow::ensure!(
            settings.mail_retry_base_seconds > 0.0,
            "INSERVICE_MAIL_RETRY_BASE_SECONDS must be positive"
        );
        anyhow::ensure!(
            settings.mail_lease_seconds >= 1,
            "INSERVICE_MAIL_LEASE_SECONDS must be at least 1"
        );
        anyhow::ensure!(
            (1..=24 * 30).contains(&settings.session_ttl_hours),
            "INSERVICE_SESSION_TTL_HOURS must be between 1 and 720"
        );
        anyhow::ensure!(
            settings.national_id_key.expose().len() >= 32,
            "INSERVICE_NATIONAL_ID_KEY must be at least 32 characters"
        );
        anyhow::ensure!(
            settings.database_max_connections >= 2,
            "INSERVICE_DATABASE_MAX_CONNECTIONS must be at least 2"
        );
        Ok(settings)
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// The domain part of the sender address, for Message-IDs.
    pub fn mail_domain(&self) -> String {
        self.mail_from
            .rsplit('@')
            .next()
            .map(|d| d.trim_end_matches('>').trim().to_owned())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "inservice.invalid".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let s = Settings::load(
            None,
            env(&[("DATABASE_URL", "postgres://app:hunter2@db/inservice")]),
        )
        .unwrap();
        let printed = format!("{s:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn production_defaults_to_secure_cookies() {
        let s = Settings::load(
            None,
            env(&[
                ("DATABASE_URL", "postgres://x"),
                ("INSERVICE_ENV", "production"),
                (
                    "INSERVICE_NATIONAL_ID_KEY",
                    "0123456789abcdef0123456789abcdef",
                ),
            ]),
        )
        .unwrap();
        assert!(s.cookie_secure);
        assert!(s.is_production());
    }

    #[test]
    fn production_needs_its_own_national_id_key() {
        let err = Settings::load(
            None,
            env(&[
                ("DATABASE_URL", "postgres://x"),
                ("INSERVICE_ENV", "production"),
            ]),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("INSERVICE_NATIONAL_ID_KEY"),
            "{err}"
        );
        let short = Settings::load(
            None,
            env(&[
                ("DATABASE_URL", "postgres://x"),
                ("INSERVICE_NATIONAL_ID_KEY", "short"),
            ]),
        );
        assert!(short.is_err());
    }

    #[test]
    fn message_ids_use_the_sender_domain() {
        let s = Settings::load(
            None,
            env(&[
                ("DATABASE_URL", "postgres://x"),
                (
                    "INSERVICE_MAIL_FROM",
                    "全國教師在職進修資訊網 <no-reply@inservice.edu.tw>",
                ),
            ]),
        )
        .unwrap();
        assert_eq!(s.mail_domain(), "inservice.edu.tw");
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn the_smtp_url_is_redacted_too() {
        let s = Settings::load(
            None,
            env(&[
                ("DATABASE_URL", "postgres://x"),
                (
                    "INSERVICE_SMTP_URL",
                    "smtps://mailer:s3cret@smtp.example:465",
                ),
            ]),
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("s3cret"));
    }

    #[test]
    fn a_missing_database_url_is_explained() {
        let err = Settings::load(None, env(&[])).unwrap_err();
        assert!(err.to_string().contains("DATABASE_URL is not set"));
    }

    #[test]
    fn a_malformed_value_names_the_variable() {
        let err = Settings::load(
            None,
            env(&[
                ("DATABASE_URL", "postgres://x"),
                ("INSERVICE_LISTEN", "nowhere"),
            ]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("INSERVICE_LISTEN"), "{err}");
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("inservice-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("inservice.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\nsession_ttl_hours = 2\n",
        )
        .unwrap();
        let s = Settings::load(
            Some(&file),
            env(&[
                ("DATABASE_URL", "postgres://x"),
                ("INSERVICE_LISTEN", "127.0.0.1:9100"),
            ]),
        )
        .unwrap();
        assert_eq!(s.listen.port(), 9100);
        assert_eq!(s.session_ttl_hours, 2);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
