//! The delivery worker: claims due outbox rows and sends them over SMTP.

use std::time::Duration;

use anyhow::Context;
use futures_util::{stream, StreamExt};
use lettre::{
    message::{Mailbox, MultiPart},
    transport::smtp::{self, PoolConfig},
    Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use rand::Rng;
use sqlx::{postgres::PgListener, PgPool};
use uuid::Uuid;

use crate::config::Settings;

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Rows claimed at once.
    pub batch: i64,
    /// Messages in flight at once (also the SMTP connection pool size).
    pub concurrency: usize,
    /// How long a claim lasts before another worker may take the row over.
    pub lease: Duration,
    /// First retry delay; doubles with every attempt, with ±20 % jitter.
    pub retry_base: Duration,
    /// Longest retry delay.
    pub retry_cap: Duration,
    /// Attempts before a temporarily failing message is given up (dead).
    pub max_attempts: i32,
    /// Polling interval when no notification wakes the worker.
    pub poll: Duration,
}

impl WorkerConfig {
    pub fn from_settings(s: &Settings) -> Self {
        Self {
            batch: 50,
            concurrency: 4,
            lease: Duration::from_secs(s.mail_lease_seconds),
            retry_base: Duration::from_secs_f64(s.mail_retry_base_seconds),
            retry_cap: Duration::from_secs(6 * 3600),
            max_attempts: s.mail_max_attempts,
            poll: Duration::from_millis(1000),
        }
    }

    /// Delay before attempt `attempts + 1`.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let exp = attempts.clamp(1, 30) as u32 - 1;
        let base = self.retry_base.as_secs_f64() * 2f64.powi(exp as i32);
        let capped = base.min(self.retry_cap.as_secs_f64());
        let jitter = rand::rng().random_range(0.8..1.2);
        Duration::from_secs_f64(capped * jitter)
    }
}

/// One claimed message.
#[derive(Debug)]
struct Claimed {
    id: Uuid,
    message_id: String,
    to_address: String,
    to_name: Option<String>,
    subject: String,
    body_text: String,
    body_html: String,
    contact_id: Option<Uuid>,
    attempts: i32,
}

/// How one attempt ended.
#[derive(Debug)]
enum Outcome {
    Sent,
    /// Worth retrying: connection refused, timeout, 4xx.
    Temporary {
        code: Option<i32>,
        detail: String,
    },
    /// Retrying cannot help: 5xx, or an address SMTP cannot carry.
    Permanent {
        code: Option<i32>,
        detail: String,
    },
}

pub struct Worker {
    pool: PgPool,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    config: WorkerConfig,
    /// Longest a whole send may take; past it the outcome is unknown and
    /// the message is tried again (same Message-ID).
    timeout: Duration,
}

impl Worker {
    /// A worker for `smtp_url` in lettre's URL form, e.g.
    /// `smtp://127.0.0.1:2525`, `smtps://user:pass@host:465`,
    /// `smtp://host:587?tls=required`. One pooled transport serves every
    /// message.
    pub fn new(
        pool: PgPool,
        smtp_url: &str,
        from: &str,
        config: WorkerConfig,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        let from: Mailbox = from
            .parse()
            .with_context(|| format!("INSERVICE_MAIL_FROM {from:?} is not a valid mailbox"))?;
        // The URL may carry a password: say only that it is malformed.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|_| {
                anyhow::anyhow!(
                    "INSERVICE_SMTP_URL is not a valid SMTP URL (e.g. smtp://127.0.0.1:2525)"
                )
            })?
            .timeout(Some(timeout))
            .pool_config(PoolConfig::new().max_size(config.concurrency as u32))
            .build();
        Ok(Self {
            pool,
            transport,
            from,
            config,
            timeout,
        })
    }

    /// Delivers until `shutdown` completes. Wakes on `NOTIFY
    /// inservice_outbox` (sent when a message is enqueued) or every poll
    /// interval (for retries that come due).
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut listener = match PgListener::connect_with(&self.pool).await {
            Ok(mut l) => match l.listen("inservice_outbox").await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: LISTEN failed; polling only");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "outbox: no listener connection; polling only");
                None
            }
        };
        loop {
            let busy = match self.tick().await {
                Ok(n) => n > 0,
                Err(e) => {
                    tracing::error!(error = ?e, "outbox: delivery round failed");
                    false
                }
            };
            if busy {
                continue;
            }
            let wake = async {
                match listener.as_mut() {
                    Some(l) => {
                        let _ = tokio::time::timeout(self.config.poll, l.recv()).await;
                    }
                    None => tokio::time::sleep(self.config.poll).await,
                }
            };
            tokio::select! {
                _ = &mut shutdown => break,
                _ = wake => {}
            }
        }
        tracing::info!("outbox worker stopped");
    }

    /// Claims one batch of due messages and attempts each; how many.
    pub async fn tick(&self) -> anyhow::Result<usize> {
        let claimed = sqlx::query_as!(
            Claimed,
            r#"UPDATE outbox o
                  SET status = 'sending', attempts = o.attempts + 1,
                      lease_until = now() + make_interval(secs => $2)
                WHERE o.id IN (
                      SELECT id FROM outbox
                       WHERE (status = 'pending' AND next_attempt_at <= now())
                          OR (status = 'sending' AND lease_until < now())
                       ORDER BY next_attempt_at
                       LIMIT $1
                       FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.message_id, o.to_address, o.to_name, o.subject, o.body_text,
                      o.body_html, o.contact_id, o.attempts"#,
            self.config.batch,
            self.config.lease.as_secs_f64(),
        )
        .fetch_all(&self.pool)
        .await?;
        let n = claimed.len();
        let results: Vec<anyhow::Result<()>> = stream::iter(claimed)
            .map(|m| async move {
                let outcome = self.send(&m).await;
                self.record(&m, outcome).await
            })
            .buffer_unordered(self.config.concurrency)
            .collect()
            .await;
        for r in results {
            r?;
        }
        Ok(n)
    }

    // The outbox id and attempt only: the address and text are personal data.
    #[tracing::instrument(skip_all, fields(outbox_id = %m.id, attempt = m.attempts))]
    async fn send(&self, m: &Claimed) -> Outcome {
        let address: Address = match m.to_address.parse() {
            Ok(a) => a,
            Err(e) => {
                return Outcome::Permanent {
                    code: None,
                    detail: format!("the address cannot be used for SMTP: {e}"),
                }
            }
        };
        let message = Message::builder()
            .message_id(Some(m.message_id.clone()))
            .from(self.from.clone())
            .to(Mailbox::new(m.to_name.clone(), address))
            .subject(m.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                m.body_text.clone(),
                m.body_html.clone(),
            ));
        let message = match message {
            Ok(msg) => msg,
            Err(e) => {
                return Outcome::Permanent {
                    code: None,
                    detail: format!("the message could not be built: {e}"),
                }
            }
        };
        // lettre's own timeout covers connecting; a server that accepts
        // the connection and then stalls is cut off here.
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_)) => Outcome::Sent,
            Ok(Err(e)) => classify(&e),
            Err(_) => Outcome::Temporary {
                code: None,
                detail: format!(
                    "no answer within {} s; the server may or may not have accepted it",
                    self.timeout.as_secs()
                ),
            },
        }
    }

    async fn record(&self, m: &Claimed, outcome: Outcome) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        match &outcome {
            Outcome::Sent => {
                sqlx::query!(
                    r#"UPDATE outbox SET status = 'sent', sent_at = now(), lease_until = NULL,
                                         last_error = NULL
                        WHERE id = $1"#,
                    m.id
                )
                .execute(&mut *tx)
                .await?;
                tracing::info!(outbox_id = %m.id, "email sent");
            }
            Outcome::Temporary { detail, .. } if m.attempts < self.config.max_attempts => {
                let delay = self.config.backoff(m.attempts);
                sqlx::query!(
                    r#"UPDATE outbox SET status = 'pending', lease_until = NULL, last_error = $2,
                                         next_attempt_at = now() + make_interval(secs => $3)
                        WHERE id = $1"#,
                    m.id,
                    detail,
                    delay.as_secs_f64(),
                )
                .execute(&mut *tx)
                .await?;
                tracing::warn!(outbox_id = %m.id, attempts = m.attempts, retry_in = ?delay, "email deferred: {detail}");
            }
            Outcome::Temporary { detail, .. } | Outcome::Permanent { detail, .. } => {
                let reason = match &outcome {
                    Outcome::Temporary { .. } => {
                        format!("gave up after {} attempts: {detail}", m.attempts)
                    }
                    _ => detail.clone(),
                };
                sqlx::query!(
                    "UPDATE outbox SET status = 'dead', lease_until = NULL, last_error = $2 WHERE id = $1",
                    m.id,
                    reason
                )
                .execute(&mut *tx)
                .await?;
                if matches!(outcome, Outcome::Permanent { .. }) {
                    // Suppress the address until someone edits it; the guard on
                    // the address keeps an edit made meanwhile from being undone.
                    sqlx::query!(
                        r#"UPDATE contacts SET email_suppressed_at = now(), email_suppressed_reason = $3
                            WHERE id = $1 AND email = $2"#,
                        m.contact_id,
                        m.to_address,
                        reason,
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                tracing::warn!(outbox_id = %m.id, "email dead: {reason}");
            }
        }
        let (kind, code, detail) = match outcome {
            Outcome::Sent => ("sent", None, None),
            Outcome::Temporary { code, detail } => ("temporary", code, Some(detail)),
            Outcome::Permanent { code, detail } => ("permanent", code, Some(detail)),
        };
        sqlx::query!(
            "INSERT INTO outbox_attempts (outbox_id, outcome, smtp_code, detail) VALUES ($1, $2, $3, $4)",
            m.id,
            kind,
            code,
            detail,
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// 5xx replies and client-side errors are permanent; everything else
/// (4xx, refused or dropped connections, timeouts, TLS trouble) may pass.
fn classify(e: &smtp::Error) -> Outcome {
    let code = e.status().map(|c| i32::from(u16::from(c)));
    let detail = e.to_string();
    if e.is_permanent() || e.is_client() {
        Outcome::Permanent { code, detail }
    } else {
        Outcome::Temporary { code, detail }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_with_jitter_up_to_a_cap() {
        let c = WorkerConfig {
            batch: 1,
            concurrency: 1,
            lease: Duration::from_secs(60),
            retry_base: Duration::from_secs(30),
            retry_cap: Duration::from_secs(3600),
            max_attempts: 8,
            poll: Duration::from_secs(1),
        };
        for (attempts, nominal) in [(1, 30.0), (2, 60.0), (3, 120.0), (10, 3600.0)] {
            let d = c.backoff(attempts).as_secs_f64();
            assert!(d >= nominal * 0.8 && d <= nominal * 1.2, "{attempts}: {d}");
        }
    }
}
