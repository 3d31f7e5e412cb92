//! What every benchmark needs: a scratch database and the peak memory.

use std::future::Future;

use sqlx::{Connection, Executor, PgConnection};

/// The process's peak resident memory so far (VmHWM), in KiB. (Not every
/// benchmark includes it: the statistics benchmark measures a separate
/// server process.)
#[allow(dead_code)]
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map(|(b, q)| (b, format!("?{q}")))
        .unwrap_or((url, String::new()));
    let cut = base.rfind('/').unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..cut])
}

/// Runs `bench` on a database created for it on DATABASE_URL's server and
/// dropped afterwards. `cargo test --all-targets` runs bench binaries too,
/// without `--bench`; the measurement is only meant for `cargo bench`.
pub async fn on_scratch_database<F, Fut>(name: &str, bench: F) -> anyhow::Result<()>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    if !std::env::args().any(|a| a == "--bench") {
        println!("{name}: skipped (run it with `cargo bench --bench {name}`)");
        return Ok(());
    }
    let admin = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let db = format!("inservice_bench_{}", std::process::id());
    let mut conn = PgConnection::connect(&admin).await?;
    conn.execute(format!("CREATE DATABASE {db}").as_str())
        .await?;
    let result = bench(with_database(&admin, &db)).await;
    conn.execute(format!("DROP DATABASE {db} WITH (FORCE)").as_str())
        .await?;
    result
}
