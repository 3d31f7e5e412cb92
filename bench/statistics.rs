//! Statistics at national scale, against the real server binary running as
//! its own process on a database with `seed --scale national`:
//!
//! 1. a statistics job grouping by county × stage × tag over the school
//!    year, against the same statement and a plain cells-only GROUP BY run
//!    by `psql`, and the latency of the console's polling query meanwhile;
//! 2. streaming data-exchange exports as CSV (about 100,000 rows, the
//!    largest county, and 1,000,000 rows) against `COPY … TO STDOUT` of the
//!    same rows by `psql`, with the server's resident memory sampled;
//! 3. the county report of the largest county.
//!
//!     DATABASE_URL=postgres://…/postgres cargo bench --bench statistics
//!
//! Creates a database on DATABASE_URL's server, seeds it (a few minutes),
//! and drops it afterwards. To reuse a database already seeded with
//! `inservice seed --demo --scale national`, set
//! INSERVICE_BENCH_DATABASE_URL to it (it is then left in place).

#[path = "common.rs"]
mod common;

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use inservice::statistics::{
    query,
    spec::{Dimension, Jurisdiction, Measure, PeriodSpec, Spec},
};
use serde_json::{json, Value};
use sqlx::PgPool;

const BIN: &str = env!("CARGO_BIN_EXE_inservice");
const KEY: &str = "bench key for national ID hashes, 32+ chars";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if let Ok(url) = std::env::var("INSERVICE_BENCH_DATABASE_URL") {
        if std::env::args().any(|a| a == "--bench") {
            return run(&url, false).await;
        }
    }
    common::on_scratch_database("statistics", |url| async move { run(&url, true).await }).await
}

fn inservice(url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("DATABASE_URL", url)
        .env("INSERVICE_NATIONAL_ID_KEY", KEY)
        .env("INSERVICE_SCHEDULED_EMAIL", "false");
    cmd
}

/// Resident memory of a process now, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_server(url: &str) -> anyhow::Result<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = inservice(url, &["serve", "--no-migrate"])
        .env("INSERVICE_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()?;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status().is_success() {
                return Ok(Server { child, base });
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the server did not become ready")
}

async fn token(pool: &PgPool, login: &str) -> anyhow::Result<String> {
    let user: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(pool)
        .await?;
    Ok(
        inservice::accounts::session::create(pool, user, 8, None, None)
            .await?
            .token,
    )
}

async fn gql(base: &str, token: &str, query: &str, variables: Value) -> anyhow::Result<Value> {
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await?
        .json()
        .await?;
    anyhow::ensure!(r["errors"].is_null(), "{r}");
    Ok(r)
}

/// Wall time of `psql -c sql`, output discarded.
fn psql(url: &str, sql: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let status = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .stdout(Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "psql failed on {sql}");
    Ok(started.elapsed().as_secs_f64())
}

/// The job's statement with its parameters written in, for psql.
fn inline(st: &query::Statement) -> String {
    let text_array = |v: &[String]| {
        format!(
            "ARRAY[{}]::text[]",
            v.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let ts = |t: time::OffsetDateTime| format!("'{}'::timestamptz", inservice::audit::timestamp(t));
    let mut sql = st.sql.clone();
    // Highest first, so $1 does not match inside $10.
    let values = [
        ts(st.from),
        ts(st.to),
        text_array(&st.counties),
        text_array(&st.stages),
        text_array(&st.tags),
        "ARRAY[]::uuid[]".to_owned(),
        st.scope
            .as_ref()
            .map_or("NULL".into(), |p| format!("'{p}'")),
        st.threshold_tag
            .as_ref()
            .map_or("NULL".into(), |t| format!("'{t}'")),
        st.threshold_half_hours.to_string(),
    ];
    for (i, v) in values.iter().enumerate().rev() {
        sql = sql.replace(&format!("${}", i + 1), v);
    }
    sql
}

async fn run(url: &str, seed: bool) -> anyhow::Result<()> {
    if seed {
        let status = inservice(url, &["migrate"])
            .stdout(Stdio::null())
            .status()?;
        anyhow::ensure!(status.success());
        let started = Instant::now();
        let out = inservice(url, &["seed", "--demo", "--scale", "national"]).output()?;
        anyhow::ensure!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        println!(
            "seed --demo --scale national: {:.1} s ({})",
            started.elapsed().as_secs_f64(),
            text.lines().find(|l| l.starts_with("loaded")).unwrap_or("")
        );
    }
    let pool = PgPool::connect(url).await?;
    let school_year = inservice::seed::national::Scale::national(0).school_year;
    let server = start_server(url).await?;
    let pid = server.child.id();
    let base = server.base.clone();
    let tepd = token(&pool, "tepd").await?;
    let commissioner = token(&pool, "commissioner").await?;

    // 1. The statistics job.
    let spec = Spec {
        period: PeriodSpec {
            school_year: Some(school_year),
            ..Default::default()
        },
        counties: vec![],
        stages: vec![],
        tags: vec![],
        organizer_ids: vec![],
        dimensions: vec![Dimension::County, Dimension::Stage, Dimension::Tag],
        measures: vec![Measure::Teachers, Measure::Hours],
        threshold: None,
    };
    let statement = query::statement(&spec, &Jurisdiction::National).map_err(anyhow::Error::msg)?;
    let same_sql = inline(&statement);
    let (from, to) = (
        inservice::audit::timestamp(statement.from),
        inservice::audit::timestamp(statement.to),
    );
    let plain_sql = format!(
        "SELECT s.county_code, s.education_stage, t.tag, count(DISTINCT e.teacher_id),
                sum(e.half_hours)
           FROM hour_entries e JOIN courses c ON c.id = e.course_id
           JOIN org_units s ON s.id = e.school_id
           CROSS JOIN LATERAL unnest(CASE WHEN cardinality(c.tags) = 0 THEN ARRAY['-']
                                          ELSE c.tags END) AS t(tag)
          WHERE e.kind = 'grant' AND c.ends_at >= '{from}' AND c.ends_at < '{to}'
            AND NOT EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = e.id)
          GROUP BY 1, 2, 3"
    );
    let psql_same_before = psql(url, &same_sql)?;
    let psql_plain = psql(url, &plain_sql)?;

    let request = gql(
        &base,
        &tepd,
        "mutation($i: StatisticsRequestInput!) { requestStatistics(input: $i) { request { id } errors { message } } }",
        json!({"i": {
            "unitId": sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM org_units WHERE code = 'MOE-TEPD'").fetch_one(&pool).await?,
            "purpose": "benchmark", "purposeCategory": "OTHER",
            "period": {"schoolYear": school_year},
            "dimensions": ["COUNTY", "STAGE", "TAG"], "measures": ["TEACHERS", "HOURS"],
        }}),
    )
    .await?;
    let id = request["data"]["requestStatistics"]["request"]["id"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("{request}"))?
        .to_owned();
    gql(
        &base,
        &commissioner,
        "mutation($id: UUID!) { decideStatisticsRequest(id: $id, approve: true) { errors { message } } }",
        json!({"id": id}),
    )
    .await?;
    // The console polls while the job runs: its latency is the page's.
    let mut latencies = vec![];
    loop {
        let started = Instant::now();
        let r = gql(
            &base,
            &tepd,
            "query($id: UUID!) { statisticsRequest(id: $id) { status progress } }",
            json!({"id": id}),
        )
        .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let status = r["data"]["statisticsRequest"]["status"].clone();
        if status == "COMPLETED" || status == "FAILED" {
            anyhow::ensure!(status == "COMPLETED", "{r}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let job_seconds: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM finished_at - started_at)::float8 FROM jobs WHERE subject_id = $1::uuid",
    )
    .bind(&id)
    .fetch_one(&pool)
    .await?;
    let psql_same_after = psql(url, &same_sql)?;
    latencies.sort_by(f64::total_cmp);
    println!(
        "\n1. statistics job, county × stage × tag, teachers and hours, school year {school_year}"
    );
    println!("   job (claim to completion, jobs.started_at → finished_at): {job_seconds:.2} s");
    println!(
        "   psql, the job's statement (cells and totals):           {psql_same_before:.2} s before, {psql_same_after:.2} s after"
    );
    println!("   psql, plain GROUP BY of the cells only:                  {psql_plain:.2} s");
    println!(
        "   ratio job / psql same statement: {:.2}; job / plain GROUP BY: {:.2}",
        job_seconds / psql_same_before.min(psql_same_after),
        job_seconds / psql_plain
    );
    println!(
        "   polling query while the job ran: {} requests, median {:.1} ms, max {:.1} ms",
        latencies.len(),
        latencies[latencies.len() / 2],
        latencies.last().copied().unwrap_or(0.0)
    );

    // 2. Exports.
    println!("\n2. data-exchange exports streamed as CSV");
    let exports = [("10002", "宜蘭縣"), ("65000", "新北市")];
    let mut last_id = String::new();
    for (code, name) in exports {
        let login = format!("bench-{code}");
        sqlx::query(
            "INSERT INTO users (login, display_name, password_hash) VALUES ($1, $1, '!')
             ON CONFLICT DO NOTHING",
        )
        .bind(&login)
        .execute(&pool)
        .await?;
        sqlx::query(
            "INSERT INTO role_assignments (user_id, role, unit_id)
             SELECT u.id, 'county_admin', o.id FROM users u, org_units o
              WHERE u.login = $1 AND o.code = $2 ON CONFLICT DO NOTHING",
        )
        .bind(&login)
        .bind(code)
        .execute(&pool)
        .await?;
        let applicant = token(&pool, &login).await?;
        let unit: uuid::Uuid = sqlx::query_scalar("SELECT id FROM org_units WHERE code = $1")
            .bind(code)
            .fetch_one(&pool)
            .await?;
        let (from, to): (time::Date, time::Date) = (
            time::Date::from_calendar_date(school_year + 1911, time::Month::August, 1)?,
            time::Date::from_calendar_date(school_year + 1912, time::Month::July, 31)?,
        );
        let r = gql(
            &base,
            &applicant,
            "mutation($i: DataExchangeInput!) { applyDataExchange(input: $i) { dataExchange { id } errors { message } } }",
            json!({"i": {"unitId": unit, "purpose": "benchmark", "periodFrom": from.to_string(),
                         "periodTo": to.to_string(),
                         "validUntil": (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string()}}),
        )
        .await?;
        let id = r["data"]["applyDataExchange"]["dataExchange"]["id"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("{r}"))?
            .to_owned();
        gql(
            &base,
            &commissioner,
            "mutation($id: UUID!) { decideDataExchange(id: $id, approve: true) { errors { message } } }",
            json!({"id": id}),
        )
        .await?;
        loop {
            let r = gql(
                &base,
                &applicant,
                "query($id: UUID!) { dataExchange(id: $id) { status } }",
                json!({"id": id}),
            )
            .await?;
            let status = r["data"]["dataExchange"]["status"].clone();
            if status == "COMPLETED" || status == "FAILED" {
                anyhow::ensure!(status == "COMPLETED", "{r}");
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let job: f64 = sqlx::query_scalar(
            "SELECT extract(epoch FROM finished_at - started_at)::float8 FROM jobs WHERE subject_id = $1::uuid",
        )
        .bind(&id)
        .fetch_one(&pool)
        .await?;
        println!("   {name} ({code}): export job {job:.2} s");
        export(&pool, url, &base, pid, &applicant, &id).await?;
        last_id = id;
    }
    // The same path at 1,000,000 rows: the largest county's export, its
    // rows repeated (with new sequence numbers) up to a million.
    sqlx::query(
        "INSERT INTO data_exchange_rows
             (exchange_id, seq, personal_code, name, school, course_code, course_title,
              course_date, hours)
         SELECT exchange_id, seq + n * 10000000, personal_code, name, school, course_code,
                course_title, course_date, hours
           FROM data_exchange_rows, generate_series(1, 2) AS n
          WHERE exchange_id = $1::uuid
          ORDER BY n, seq
          LIMIT greatest(0, 1000000 - (SELECT count(*) FROM data_exchange_rows
                                        WHERE exchange_id = $1::uuid))",
    )
    .bind(&last_id)
    .execute(&pool)
    .await?;
    sqlx::query("UPDATE data_exchanges SET row_count = 1000000 WHERE id = $1::uuid")
        .bind(&last_id)
        .execute(&pool)
        .await?;
    println!("   the largest county's export extended to 1,000,000 rows:");
    let applicant = token(&pool, "bench-65000").await?;
    export(&pool, url, &base, pid, &applicant, &last_id).await?;

    // 3. The county report of the largest county.
    let taipei_like = token(&pool, "bench-65000").await?;
    let unit: uuid::Uuid = sqlx::query_scalar("SELECT id FROM org_units WHERE code = '65000'")
        .fetch_one(&pool)
        .await?;
    let mut times = vec![];
    let mut rows = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let r = gql(
            &base,
            &taipei_like,
            "query($u: UUID!, $y: Int!) { countyReport(unitId: $u, period: {schoolYear: $y}) { rows { courseCode participants hoursGranted } } }",
            json!({"u": unit, "y": school_year}),
        )
        .await?;
        times.push(started.elapsed().as_secs_f64());
        rows = r["data"]["countyReport"]["rows"]
            .as_array()
            .map_or(0, Vec::len);
    }
    println!(
        "\n3. county report of 新北市, {rows} courses: {}",
        times
            .iter()
            .map(|t| format!("{t:.3} s"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    drop(server);
    pool.close().await;
    Ok(())
}

/// Downloads an export through the server while sampling its memory, then
/// times psql's COPY of the same rows.
async fn export(
    pool: &PgPool,
    url: &str,
    base: &str,
    pid: u32,
    token: &str,
    id: &str,
) -> anyhow::Result<()> {
    let rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM data_exchange_rows WHERE exchange_id = $1::uuid")
            .bind(id)
            .fetch_one(pool)
            .await?;
    let before = rss_kib(pid);
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let flag = sampling.clone();
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        while flag.load(std::sync::atomic::Ordering::Relaxed) {
            peak = peak.max(rss_kib(pid));
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        peak
    });
    let started = Instant::now();
    let resp = reqwest::Client::new()
        .get(format!("{base}/data-exchanges/{id}/export.csv"))
        .bearer_auth(token)
        .send()
        .await?;
    anyhow::ensure!(resp.status().is_success(), "{}", resp.status());
    let mut resp = resp;
    let mut bytes = 0usize;
    let mut lines = 0usize;
    while let Some(chunk) = resp.chunk().await? {
        bytes += chunk.len();
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
    }
    let served = started.elapsed().as_secs_f64();
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.await?;
    anyhow::ensure!(lines as i64 == rows + 1, "{lines} lines for {rows} rows");
    let copy = psql(
        url,
        &format!(
            "{};",
            inservice::statistics::exchange::copy_statement(id.parse()?)
        ),
    )?;
    println!(
        "     {rows} rows, {:.1} MB: server {served:.2} s ({:.0} rows/s), psql COPY {copy:.2} s ({:.0} rows/s), ratio {:.0} %; server RSS {} MiB before, peak {} MiB (+{} MiB)",
        bytes as f64 / 1e6,
        rows as f64 / served,
        rows as f64 / copy,
        100.0 * copy / served,
        before / 1024,
        peak / 1024,
        peak.saturating_sub(before) / 1024
    );
    Ok(())
}
