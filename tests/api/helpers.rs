//! Spawns the real server on a fresh database for each test.
//!
//! Each test gets its own database, cloned from a template that is migrated
//! and seeded with the demo data once per version of the migrations and seed
//! files, and dropped when the test ends.

use std::{net::SocketAddr, sync::OnceLock, time::Duration};

use inservice::{
    config::{Environment, Secret, Settings},
    db,
    startup::Application,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor, PgConnection, PgPool};

pub const DEMO_PASSWORD: &str = "inservice-demo";

/// The server the tests create their databases on.
pub fn admin_url() -> String {
    std::env::var("DATABASE_URL").expect(
        "DATABASE_URL must point at a PostgreSQL server the tests may create databases on; \
         `make test` provisions one",
    )
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let prefix = match base.find("://").map(|i| i + 3) {
        Some(start) => match base[start..].find('/') {
            Some(slash) => &base[..start + slash],
            None => base,
        },
        None => base,
    };
    format!("{prefix}/{name}{query}")
}

fn template_name() -> String {
    let mut h = Sha256::new();
    for m in db::MIGRATOR.iter() {
        h.update(&*m.checksum);
    }
    h.update(inservice::seed::fingerprint());
    format!("inservice_tmpl_{}", &format!("{:x}", h.finalize())[..16])
}

/// Creates the template database once per process (and once per version
/// across processes, under an advisory lock).
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(build_template())
        })
        .join()
        .expect("template thread")
    })
}

async fn build_template() -> String {
    let name = template_name();
    let admin = admin_url();
    let mut conn = PgConnection::connect(&admin)
        .await
        .expect("connect to DATABASE_URL");
    conn.execute("SELECT pg_advisory_lock(7411)").await.unwrap();
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    if !exists {
        // Templates of other migrations are of no further use once no checkout has used
        // them for a day. Not at once: two checkouts of different migrations (worktrees,
        // branches) may test on one server at the same time, each on its own template.
        let stale: Vec<String> = sqlx::query_scalar(
            r"SELECT datname FROM pg_database
               WHERE datname LIKE 'inservice\_tmpl\_%' AND datname <> $1
                 AND coalesce(substring(shobj_description(oid, 'pg_database')
                                        FROM 'last used at (\d+)$')::bigint, 0)
                     < extract(epoch FROM now() - interval '1 day')",
        )
        .bind(&name)
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for old in stale {
            let _ = conn
                .execute(format!(r#"DROP DATABASE IF EXISTS "{old}" WITH (FORCE)"#).as_str())
                .await;
        }
        let building = format!("{name}_building");
        conn.execute(format!(r#"DROP DATABASE IF EXISTS "{building}" WITH (FORCE)"#).as_str())
            .await
            .unwrap();
        conn.execute(format!(r#"CREATE DATABASE "{building}""#).as_str())
            .await
            .unwrap();
        let pool = PgPool::connect(&with_database(&admin, &building))
            .await
            .unwrap();
        db::migrate(&pool).await.expect("migrations");
        inservice::seed::run(&pool, true, TEST_NATIONAL_ID_KEY.as_bytes())
            .await
            .expect("demo seed");
        pool.close().await;
        conn.execute(format!(r#"ALTER DATABASE "{building}" RENAME TO "{name}""#).as_str())
            .await
            .unwrap();
    }
    // When this template was last used, read above by checkouts of other migrations.
    let now: i64 = sqlx::query_scalar("SELECT extract(epoch FROM now())::bigint")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.execute(
        format!(r#"COMMENT ON DATABASE "{name}" IS 'inservice test template, last used at {now}'"#)
            .as_str(),
    )
    .await
    .unwrap();
    conn.execute("SELECT pg_advisory_unlock(7411)")
        .await
        .unwrap();
    name
}

/// A database for one test, dropped when the value is dropped.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// An empty database: no migrations, no data.
    pub async fn empty() -> Self {
        let name = format!("inservice_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::connect(&admin_url()).await.unwrap();
        conn.execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
            .await
            .unwrap();
        let url = with_database(&admin_url(), &name);
        Self { name, url }
    }

    /// A database migrated and seeded with the demo data.
    pub async fn new() -> Self {
        let template = template();
        let name = format!("inservice_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::connect(&admin_url()).await.unwrap();
        // Two tests cloning the same template at once can collide briefly.
        let mut tries = 0;
        loop {
            match conn
                .execute(format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#).as_str())
                .await
            {
                Ok(_) => break,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("creating test database: {e}"),
            }
        }
        let url = with_database(&admin_url(), &name);
        Self { name, url }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let admin = admin_url();
        // Drop cannot await; a short-lived runtime on its own thread can.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map(|rt| {
                    rt.block_on(async {
                        if let Ok(mut conn) = PgConnection::connect(&admin).await {
                            let _ = conn
                                .execute(
                                    format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#)
                                        .as_str(),
                                )
                                .await;
                        }
                    })
                })
        })
        .join();
    }
}

/// The national-ID hash key of every test server and of the template's seed.
pub const TEST_NATIONAL_ID_KEY: &str = "test key for national ID hashes, 32+ chars";

pub fn settings(database_url: &str) -> Settings {
    Settings {
        environment: Environment::Development,
        database_url: Secret::new(database_url),
        database_max_connections: 5,
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        session_ttl_hours: 12,
        cookie_secure: false,
        max_body_bytes: 64 * 1024,
        log_json: false,
        trust_proxy: false,
        smtp_url: None,
        mail_from: "全國教師在職進修資訊網 <no-reply@inservice.test>".into(),
        mail_max_attempts: 8,
        mail_retry_base_seconds: 30.0,
        mail_lease_seconds: 300,
        smtp_timeout_seconds: 5,
        // The tests run the scheduled jobs themselves, at chosen times.
        scheduled_email: false,
        national_id_key: inservice::config::Secret::new(TEST_NATIONAL_ID_KEY),
        public_url: "https://inservice.test".into(),
        attachment_max_bytes: 64 * 1024,
        download_ttl_hours: 24,
        job_lease_seconds: 60,
        run_jobs: true,
    }
}

/// A running server on its own database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub pool: PgPool,
    pub client: reqwest::Client,
    pub db: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::new().await;
    let app = spawn_server(&db.url, adjust).await;
    TestApp {
        addr: app.0,
        pool: PgPool::connect(&db.url).await.unwrap(),
        client: client(),
        db,
        shutdown: Some(app.1),
    }
}

/// Starts another server instance on an existing database.
pub async fn spawn_server(
    url: &str,
    adjust: impl FnOnce(&mut Settings),
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let mut settings = settings(url);
    adjust(&mut settings);
    let app = Application::build(settings, false)
        .await
        .expect("build app");
    let addr = app.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    (addr, tx)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Posts a GraphQL request, with `token` as bearer if given.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        gql(&self.client, self.addr, token, query, variables).await
    }

    pub async fn anon(&self, query: &str, variables: Value) -> Value {
        self.post(None, query, variables).await
    }

    /// Signs in as a demo account; the bearer token.
    pub async fn login(&self, login: &str) -> String {
        login_at(&reqwest::Client::new(), self.addr, login).await
    }

    pub async fn as_user(&self, login: &str, query: &str, variables: Value) -> Value {
        let token = self.login(login).await;
        self.post(Some(&token), query, variables).await
    }

    pub async fn unit_id(&self, code: &str) -> uuid::Uuid {
        sqlx::query_scalar("SELECT id FROM org_units WHERE code = $1")
            .bind(code)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|_| panic!("no unit {code}"))
    }

    pub async fn user_id(&self, login: &str) -> uuid::Uuid {
        sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
            .bind(login)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|_| panic!("no user {login}"))
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

pub async fn gql(
    client: &reqwest::Client,
    addr: SocketAddr,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut req = client
        .post(format!("http://{addr}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().json().await.unwrap()
}

pub async fn login_at(client: &reqwest::Client, addr: SocketAddr, login: &str) -> String {
    let resp = gql(
        client,
        addr,
        None,
        "mutation($l: String!, $p: String!) { login(input: {login: $l, password: $p}) { token errors { code message } } }",
        json!({ "l": login, "p": DEMO_PASSWORD }),
    )
    .await;
    resp["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login {login} failed: {resp}"))
        .to_owned()
}

/// The `extensions.code` of the first top-level error.
pub fn error_code(resp: &Value) -> &str {
    resp["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

/// The payload's `errors` as (field, code) pairs.
/// The `params` of a payload's error (queried as `params { name value }`),
/// as (name, value) pairs in the server's order.
pub fn error_params(error: &Value) -> Vec<(String, String)> {
    error["params"]
        .as_array()
        .unwrap_or_else(|| panic!("no params in {error}"))
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or("").to_owned(),
                p["value"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

pub fn input_errors(payload: &Value) -> Vec<(String, String)> {
    payload["errors"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// A real SMTP server process (tests/smtp/sink.py, on aiosmtpd) that records
/// what it accepts. Stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    out: std::path::PathBuf,
    child: std::process::Child,
}

impl SmtpSink {
    pub fn start(args: &[&str]) -> Self {
        Self::start_on(0, args)
    }

    /// Starts on `port` (0: any free port).
    pub fn start_on(port: u16, args: &[&str]) -> Self {
        use std::io::BufRead;
        let python =
            std::env::var("INSERVICE_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
        let out = std::env::temp_dir().join(format!(
            "inservice-smtp-{}.jsonl",
            uuid::Uuid::new_v4().simple()
        ));
        let mut child = std::process::Command::new(&python)
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/sink.py"))
            .arg("--out")
            .arg(&out)
            .arg("--port")
            .arg(port.to_string())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting the SMTP sink with {python} (needs aiosmtpd: apt-get install python3-aiosmtpd): {e}"));
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"));
        Self { port, out, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far.
    pub fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Waits until at least `n` messages arrived (deadline: 30 s).
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "only {} of {n} messages arrived",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.out);
    }
}

/// Polls `check` until it returns `Some` (deadline: 30 s).
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A teacher made for a test: their session token and personal code.
pub struct TestTeacher {
    pub id: uuid::Uuid,
    pub name: String,
    pub token: String,
    pub personal_code: String,
    pub email: String,
}

/// Adds `n` teachers serving at school `school` (stage `stage`), each with
/// an account holding the teacher role there and a session. Written with
/// SQL so that a test can have hundreds without hashing passwords.
pub async fn teachers_at(app: &TestApp, school: &str, stage: &str, n: usize) -> Vec<TestTeacher> {
    let school_id = app.unit_id(school).await;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut tx = app.pool.begin().await.unwrap();
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let name = format!("測試教師{i:03}");
        let email = format!("t{}@school.example", &tag[..12]);
        let user_id: uuid::Uuid = sqlx::query_scalar(
            "INSERT INTO users (login, display_name, password_hash) VALUES ($1, $2, '!') RETURNING id",
        )
        .bind(format!("t-{}", &tag[..16]))
        .bind(&name)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO role_assignments (user_id, role, unit_id) VALUES ($1, 'teacher', $2)",
        )
        .bind(user_id)
        .bind(school_id)
        .execute(&mut *tx)
        .await
        .unwrap();
        let hash: [u8; 32] = rand::random();
        let code = inservice::teachers::personal_code::PersonalCode::generate();
        let id: uuid::Uuid = sqlx::query_scalar(
            r#"INSERT INTO teachers (national_id_hash, national_id_masked, personal_code, name, email, user_id)
               VALUES ($1, 'A12****789', $2, $3, $4, $5) RETURNING id"#,
        )
        .bind(hash.to_vec())
        .bind(code.as_str())
        .bind(&name)
        .bind(&email)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO school_teachers (school_id, teacher_id, education_stage, job_title) VALUES ($1, $2, $3, '導師')",
        )
        .bind(school_id)
        .bind(id)
        .bind(stage)
        .execute(&mut *tx)
        .await
        .unwrap();
        let session = inservice::accounts::session::create(&mut *tx, user_id, 8, None, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        out.push(TestTeacher {
            id,
            name,
            token: session.token,
            personal_code: code.as_str().to_owned(),
            email,
        });
    }
    out
}

/// The ROC school year of the Taipei date `days` days ago (1 Aug – 31 Jul).
pub fn school_year_days_ago(days: i64) -> i64 {
    let d = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap())
        - time::Duration::days(days);
    let y = i64::from(d.year()) - 1911;
    if u8::from(d.month()) >= 8 {
        y
    } else {
        y - 1
    }
}
