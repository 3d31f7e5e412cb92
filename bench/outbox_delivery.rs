//! Delivers 10,000 queued messages to a local SMTP server and reports
//! messages per second and the process's peak memory (the worker runs in
//! this process, as in the server).
//!
//!     DATABASE_URL=postgres://…/postgres cargo bench --bench outbox_delivery
//!
//! Needs Debian's python3-aiosmtpd for the SMTP server (tests/smtp/sink.py).
//! Creates and drops its own database on DATABASE_URL's server.

#[path = "common.rs"]
mod common;

use std::{
    io::BufRead,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use inservice::{
    db,
    mail::{
        enqueue,
        templates::RosterOpened,
        worker::{Worker, WorkerConfig},
        Recipient,
    },
};
use sqlx::PgPool;

const MESSAGES: usize = 10_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    common::on_scratch_database("outbox_delivery", |url| async move { run(&url).await }).await
}

async fn run(url: &str) -> anyhow::Result<()> {
    let pool = PgPool::connect(url).await?;
    db::migrate(&pool).await?;

    let out = std::env::temp_dir().join(format!("inservice-bench-{}.jsonl", std::process::id()));
    let mut sink = Command::new("/usr/bin/python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/sink.py"))
        .arg("--out")
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(sink.stdout.take().expect("stdout")).read_line(&mut line)?;
    let port: u16 = line.trim().trim_start_matches("PORT ").parse()?;

    let queued = Instant::now();
    let mut tx = pool.begin().await?;
    for i in 0..MESSAGES {
        let to = Recipient {
            address: format!("teacher{i}@school.example"),
            name: format!("教師 {i}"),
            contact_id: None,
            unit_id: None,
        };
        let email = RosterOpened {
            recipient_name: to.name.clone(),
            unit_name: "臺北市大安區幸安國民小學".into(),
            school_year: 115,
            deadline: "2026-09-30".into(),
            console_url: "https://inservice.example/roster/115".into(),
        };
        enqueue(&mut tx, &to, None, &email, "inservice.example").await?;
    }
    tx.commit().await?;
    let queue_time = queued.elapsed();

    let config = WorkerConfig {
        batch: 50,
        concurrency: 4,
        lease: Duration::from_secs(300),
        retry_base: Duration::from_secs(1),
        retry_cap: Duration::from_secs(60),
        max_attempts: 8,
        poll: Duration::from_millis(100),
    };
    let worker = Worker::new(
        pool.clone(),
        &format!("smtp://127.0.0.1:{port}"),
        "全國教師在職進修資訊網 <no-reply@inservice.example>",
        config,
        Duration::from_secs(30),
    )?;
    let started = Instant::now();
    let mut delivered = 0;
    while delivered < MESSAGES {
        delivered += worker.tick().await?;
    }
    let elapsed = started.elapsed();
    let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE status = 'sent'")
        .fetch_one(&pool)
        .await?;
    let received = std::fs::read_to_string(&out)?.lines().count();
    let _ = sink.kill();
    let _ = std::fs::remove_file(&out);
    pool.close().await;

    println!(
        "queued {MESSAGES} messages in one transaction: {:.2} s",
        queue_time.as_secs_f64()
    );
    println!(
        "delivered {sent} (SMTP server received {received}) in {:.2} s: {:.0} messages/s",
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    println!(
        "peak resident memory of this process: {} MiB",
        common::peak_rss_kib() / 1024
    );
    anyhow::ensure!(
        sent as usize == MESSAGES && received == MESSAGES,
        "not every message arrived once"
    );
    Ok(())
}
