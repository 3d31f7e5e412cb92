//! Uploads 10,000 hour rows (a CSV of personal codes and hours for one
//! course with 10,000 admitted teachers) to a server running in this
//! process, through `POST /graphql` as the console sends it: a dry run,
//! then the commit. Reports the time of each, the time of the parsing
//! alone, and the process's peak memory (server and client together).
//!
//!     DATABASE_URL=postgres://…/postgres cargo bench --bench hours_upload
//!
//! Creates and drops its own database on DATABASE_URL's server.

#[path = "common.rs"]
mod common;

use std::time::Instant;

use inservice::{
    accounts::session, config::Settings, db, hours::upload, startup::Application,
    teachers::personal_code::PersonalCode,
};
use serde_json::{json, Value};
use sqlx::PgPool;

const ROWS: usize = 10_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    common::on_scratch_database("hours_upload", |url| async move { run(&url).await }).await
}

async fn run(url: &str) -> anyhow::Result<()> {
    let pool = PgPool::connect(url).await?;
    db::migrate(&pool).await?;
    inservice::seed::run(&pool, true, b"bench key for national ID hashes, 32+ chars").await?;

    // 幸安國小's approved demo course, held yesterday, with 10,000 admitted teachers.
    let course_id: uuid::Uuid = sqlx::query_scalar(
        "SELECT c.id FROM courses c JOIN org_units o ON o.id = c.organizer_id
          WHERE o.code = 'D633101' AND c.status = 'approved' LIMIT 1",
    )
    .fetch_one(&pool)
    .await?;
    sqlx::query(
        "UPDATE courses SET capacity = 20000, registration_opens_at = now() - interval '10 days',
                registration_closes_at = now() - interval '3 days',
                starts_at = now() - interval '1 day', ends_at = now() - interval '1 day' + interval '3 hours'
          WHERE id = $1",
    )
    .bind(course_id)
    .execute(&pool)
    .await?;
    let codes: Vec<String> = (0..ROWS)
        .map(|_| PersonalCode::generate().as_str().to_owned())
        .collect();
    sqlx::query(
        "WITH t AS (
             INSERT INTO teachers (national_id_hash, national_id_masked, personal_code, name)
             SELECT sha256(('bench' || n)::bytea), 'A12****789', code, '教師' || n
               FROM unnest($1::text[]) WITH ORDINALITY AS x(code, n)
             RETURNING id)
         INSERT INTO registrations (course_id, teacher_id, status, channel, admitted_at)
         SELECT $2, id, 'admitted', 'online', now() FROM t",
    )
    .bind(&codes)
    .bind(course_id)
    .execute(&pool)
    .await?;
    sqlx::query("UPDATE courses SET admitted_count = $2 WHERE id = $1")
        .bind(course_id)
        .bind(ROWS as i32)
        .execute(&pool)
        .await?;
    let organizer: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE login = 'taipei-school'")
            .fetch_one(&pool)
            .await?;
    let token = session::create(&pool, organizer, 1, None, None)
        .await?
        .token;
    let mut csv = String::from("\u{feff}個人專用識別碼,姓名,時數\n");
    for (n, code) in codes.iter().enumerate() {
        csv.push_str(&format!("{code},教師{n},3\n"));
    }

    let started = Instant::now();
    let (_, rows) = upload::read(csv.as_bytes()).map_err(|e| anyhow::anyhow!(e.message()))?;
    let parsed = started.elapsed();
    assert_eq!(rows.len(), ROWS);
    drop(rows);

    let settings = Settings::load(None, |k| match k {
        "DATABASE_URL" => Some(url.to_owned()),
        "INSERVICE_LISTEN" => Some("127.0.0.1:0".into()),
        "INSERVICE_SCHEDULED_EMAIL" => Some("false".into()),
        "INSERVICE_NATIONAL_ID_KEY" => Some("bench key for national ID hashes, 32+ chars".into()),
        _ => None,
    })?;
    let app = Application::build(settings, false).await?;
    let addr = app.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let send = |dry_run: bool| {
        let operations = json!({
            "query": "mutation($c: UUID!, $f: Upload!, $d: Boolean!) { uploadHours(courseId: $c, file: $f, dryRun: $d) { committed newCount errorCount rows { line outcome teacherName } errors { message } } }",
            "variables": {"c": course_id, "f": null, "d": dry_run},
        });
        let form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({"0": ["variables.f"]}).to_string())
            .part(
                "0",
                reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("hours.csv"),
            );
        client
            .post(format!("http://{addr}/graphql"))
            .bearer_auth(&token)
            .header("x-requested-with", "bench")
            .multipart(form)
            .send()
    };
    let started = Instant::now();
    let preview: Value = send(true).await?.json().await?;
    let previewed = started.elapsed();
    let p = &preview["data"]["uploadHours"];
    assert_eq!(
        (p["newCount"].as_u64(), p["committed"].as_bool()),
        (Some(ROWS as u64), Some(false)),
        "{preview}"
    );
    let started = Instant::now();
    let commit: Value = send(false).await?.json().await?;
    let committed = started.elapsed();
    assert_eq!(commit["data"]["uploadHours"]["committed"], true, "{commit}");
    let peak = common::peak_rss_kib();
    let _ = stop.send(());
    let _ = server.await;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM hour_entries")
        .fetch_one(&pool)
        .await?;
    assert_eq!(stored, ROWS as i64);
    pool.close().await;

    println!("{ROWS} rows, CSV of {} KiB", csv.len() / 1024);
    println!(
        "parsing alone:                 {:>7.3} s",
        parsed.as_secs_f64()
    );
    println!(
        "uploadHours, dry run (HTTP):   {:>7.3} s",
        previewed.as_secs_f64()
    );
    println!(
        "uploadHours, commit (HTTP):    {:>7.3} s",
        committed.as_secs_f64()
    );
    println!(
        "peak resident memory (VmHWM) of server and client: {} MiB",
        peak / 1024
    );
    Ok(())
}
