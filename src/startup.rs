//! Builds the application and runs the server.

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use tokio::net::TcpListener as TokioListener;

use crate::{
    authz::Authz,
    config::Settings,
    courses, db, graphql, housekeeping, http,
    mail::{worker::WorkerConfig, Links, Worker},
    roster,
    state::{AppState, Placements},
    statistics,
};

/// A server bound to its address, ready to run.
pub struct Application {
    listener: TokioListener,
    state: AppState,
}

impl Application {
    /// Connects, optionally migrates, and binds (port 0 picks a free port).
    pub async fn build(settings: Settings, migrate: bool) -> anyhow::Result<Self> {
        let pool = db::connect(&settings).await?;
        if migrate {
            db::migrate(&pool).await?;
        }
        let listener = TokioListener::bind(settings.listen)
            .await
            .with_context(|| format!("binding {}", settings.listen))?;
        let placements = Placements::load(&pool)
            .await
            .context("loading role placements (has the database been migrated?)")?;
        let state = AppState {
            pool,
            authz: Arc::new(Authz::new().await?),
            settings: Arc::new(settings),
            placements: Arc::new(placements),
        };
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| self.state.settings.listen)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    /// The email worker runs alongside when an SMTP server is configured.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let (stop_worker, worker_stopped) = tokio::sync::watch::channel(false);
        let worker = match &self.state.settings.smtp_url {
            Some(url) => {
                let settings = &self.state.settings;
                let worker = Worker::new(
                    self.state.pool.clone(),
                    url.expose(),
                    &settings.mail_from,
                    WorkerConfig::from_settings(settings),
                    std::time::Duration::from_secs(settings.smtp_timeout_seconds),
                )?;
                let mut stopped = worker_stopped;
                Some(tokio::spawn(worker.run(async move {
                    let _ = stopped.wait_for(|s| *s).await;
                })))
            }
            None => {
                tracing::warn!("INSERVICE_SMTP_URL is not set: email stays in the outbox");
                None
            }
        };
        let scheduled = self.state.settings.scheduled_email.then(|| {
            let settings = &self.state.settings;
            let mut stopped = stop_worker.subscribe();
            tokio::spawn(run_scheduled(
                self.state.pool.clone(),
                Links::of(settings),
                std::time::Duration::from_secs(10 * 60),
                async move {
                    let _ = stopped.wait_for(|s| *s).await;
                },
            ))
        });
        let jobs = self.state.settings.run_jobs.then(|| {
            let mut stopped = stop_worker.subscribe();
            tokio::spawn(
                statistics::jobs::Runner::new(self.state.pool.clone(), &self.state.settings).run(
                    async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    },
                ),
            )
        });
        let housekeeping = {
            let mut stopped = stop_worker.subscribe();
            tokio::spawn(housekeeping::run(self.state.pool.clone(), async move {
                let _ = stopped.wait_for(|s| *s).await;
            }))
        };
        let schema = graphql::schema(self.state.clone());
        http::serve(self.listener, self.state.clone(), schema, shutdown).await?;
        let _ = stop_worker.send(true);
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        if let Some(scheduled) = scheduled {
            let _ = scheduled.await;
        }
        if let Some(jobs) = jobs {
            let _ = jobs.await;
        }
        let _ = housekeeping.await;
        Ok(())
    }
}

/// Runs the scheduled email every `every` until `shutdown`: roster
/// reminders and the reviewers' daily digests. Each is safe to run on every
/// instance at once (see their docs).
async fn run_scheduled(
    pool: sqlx::PgPool,
    links: Links,
    every: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        if let Err(e) = roster::send_due_reminders(&pool, &links).await {
            tracing::error!(error = ?e, "roster reminders failed");
        }
        let now = time::OffsetDateTime::now_utc();
        if let Err(e) = courses::send_review_digests(&pool, &links, now).await {
            tracing::error!(error = ?e, "review digests failed");
        }
        tokio::select! {
            _ = &mut shutdown => break,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

/// Completes on SIGINT or SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled, so a signal that arrives
/// while the server starts is not lost (nor fatal, as it would be with the
/// default disposition).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (mut interrupt, mut terminate) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = wait(interrupt.take()) => {},
                _ = wait(terminate.take()) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down");
    }
}
