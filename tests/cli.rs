//! The command line, run as a user would: the real binary on a real database.

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

use helpers::TestDb;
use serde_json::json;

fn inservice(db: &TestDb, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_inservice"));
    cmd.args(args)
        .env("DATABASE_URL", &db.url)
        .env_remove("INSERVICE_ENV")
        .env_remove("INSERVICE_CONFIG")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run inservice");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn a_fresh_database_is_migrated_and_seeded_idempotently() {
    let db = TestDb::empty().await;
    let out = inservice(&db, &["migrate"], &[], None);
    assert!(out.status.success(), "{}", text(&out));
    let first = inservice(&db, &["seed", "--demo"], &[], None);
    assert!(first.status.success(), "{}", text(&first));
    let printed = text(&first);
    assert!(
        printed.contains(
            "created 12 users, 8 contacts, 1 review delegations, 7 courses, 4 teachers, \
             4 registrations and 2 hour grants"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("inservice-demo") && printed.contains("taipei-school"),
        "{printed}"
    );
    let again = inservice(&db, &["seed", "--demo"], &[], None);
    assert!(
        text(&again).contains(
            "created 0 users, 0 contacts, 0 review delegations, 0 courses, 0 teachers, \
             0 registrations and 0 hour grants"
        ),
        "{}",
        text(&again)
    );
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let units: i64 = sqlx::query_scalar("SELECT count(*) FROM org_units")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(units, 47);
    pool.close().await;
}

#[tokio::test]
async fn demo_data_is_refused_in_production() {
    let db = TestDb::empty().await;
    assert!(inservice(&db, &["migrate"], &[], None).status.success());
    let production = [
        ("INSERVICE_ENV", "production"),
        (
            "INSERVICE_NATIONAL_ID_KEY",
            "a production key of at least thirty-two characters",
        ),
    ];
    let out = inservice(&db, &["seed", "--demo"], &production, None);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("refusing to load demo data"),
        "{}",
        text(&out)
    );
    let out = inservice(&db, &["seed", "--scale", "small"], &production, None);
    assert!(!out.status.success());
    assert!(text(&out).contains("synthetic network"), "{}", text(&out));
    // Reference data alone is fine in production.
    let reference = inservice(&db, &["seed"], &production, None);
    assert!(reference.status.success(), "{}", text(&reference));
    // Production without its own national-ID key does not start at all.
    let reference = inservice(&db, &["seed"], &[("INSERVICE_ENV", "production")], None);
    assert!(!reference.status.success());
    assert!(text(&reference).contains("INSERVICE_NATIONAL_ID_KEY"));
}

#[tokio::test]
async fn a_synthetic_network_is_reproducible_from_its_seed_and_loaded_once() {
    async fn load(seed: &str) -> (TestDb, String) {
        let db = TestDb::empty().await;
        assert!(inservice(&db, &["migrate"], &[], None).status.success());
        let out = inservice(
            &db,
            &["seed", "--scale", "small", "--random-seed", seed],
            &[],
            None,
        );
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("loaded 80 schools, 4000 teachers, 800 courses and "),
            "{}",
            text(&out)
        );
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        let fingerprint: String = sqlx::query_scalar(
            "SELECT md5(string_agg(t.personal_code || t.name || s.code || e.half_hours || c.code,
                                   ',' ORDER BY t.personal_code, c.code))
               FROM hour_entries e JOIN teachers t ON t.id = e.teacher_id
               JOIN courses c ON c.id = e.course_id JOIN org_units s ON s.id = e.school_id",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        pool.close().await;
        (db, fingerprint)
    }
    let (first, a) = load("7").await;
    let (_second, b) = load("7").await;
    let (_third, c) = load("8").await;
    assert_eq!(a, b, "the same seed gives the same network");
    assert_ne!(a, c, "another seed another");
    let again = inservice(&first, &["seed", "--scale", "small"], &[], None);
    assert!(!again.status.success());
    assert!(text(&again).contains("already loaded"), "{}", text(&again));
}

#[tokio::test]
async fn the_first_operator_is_bootstrapped_from_the_shell_and_can_sign_in() {
    let db = TestDb::new().await;
    let out = inservice(
        &db,
        &[
            "user",
            "create",
            "--login",
            "ops-lin",
            "--name",
            "林營運",
            "--password-stdin",
        ],
        &[],
        Some("a long operator passphrase\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("a long operator passphrase"));
    let grant = inservice(
        &db,
        &[
            "user", "grant", "--login", "ops-lin", "--role", "operator", "--unit", "NKNU-OPS",
        ],
        &[],
        None,
    );
    assert!(grant.status.success(), "{}", text(&grant));

    let (addr, _stop) = helpers::spawn_server(&db.url, |_| {}).await;
    let client = reqwest::Client::new();
    let login = helpers::gql(
        &client,
        addr,
        None,
        "mutation { login(input: {login: \"ops-lin\", password: \"a long operator passphrase\"}) { token user { roles { role } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        login["data"]["login"]["user"]["roles"][0]["role"], "OPERATOR",
        "{login}"
    );
}

#[tokio::test]
async fn command_line_mistakes_are_explained() {
    let db = TestDb::new().await;
    let misplaced = inservice(
        &db,
        &[
            "user",
            "grant",
            "--login",
            "teacher",
            "--role",
            "county_admin",
            "--unit",
            "D633101",
        ],
        &[],
        None,
    );
    assert!(!misplaced.status.success());
    assert!(
        text(&misplaced).contains("cannot be held at"),
        "{}",
        text(&misplaced)
    );
    let unknown_unit = inservice(
        &db,
        &[
            "user", "grant", "--login", "teacher", "--role", "teacher", "--unit", "NOPE",
        ],
        &[],
        None,
    );
    assert!(
        text(&unknown_unit).contains("no unit has the code"),
        "{}",
        text(&unknown_unit)
    );
    let unknown_role = inservice(
        &db,
        &[
            "user", "grant", "--login", "teacher", "--role", "king", "--unit", "D633101",
        ],
        &[],
        None,
    );
    assert!(
        text(&unknown_role).contains("unknown role"),
        "{}",
        text(&unknown_role)
    );
    let taken = inservice(
        &db,
        &["user", "create", "--login", "taipei", "--name", "x"],
        &[],
        None,
    );
    assert!(text(&taken).contains("already taken"), "{}", text(&taken));
    let weak = inservice(
        &db,
        &[
            "user",
            "create",
            "--login",
            "newbie",
            "--name",
            "x",
            "--password-stdin",
        ],
        &[],
        Some("short\n"),
    );
    assert!(
        text(&weak).contains("at least 10 characters"),
        "{}",
        text(&weak)
    );
    let no_db = Command::new(env!("CARGO_BIN_EXE_inservice"))
        .arg("migrate")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&no_db.stderr).contains("DATABASE_URL is not set"));
}

/// Kills the server if the test fails before it stops it.
struct Server(std::process::Child);

/// Starts `inservice serve` on a free port; the server, its address, and
/// the rest of its standard output. `stderr` receives its log.
fn serve(
    db: &TestDb,
    env: &[(&str, &str)],
    stderr: Stdio,
) -> (
    Server,
    std::net::SocketAddr,
    std::io::BufReader<std::process::ChildStdout>,
) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_inservice"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--no-migrate"])
        .env("DATABASE_URL", &db.url)
        .stdout(Stdio::piped())
        .stderr(stderr);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut server = Server(cmd.spawn().unwrap());
    // The first line names the address once the port is bound.
    let mut stdout = std::io::BufReader::new(server.0.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (server, addr, stdout)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_server_stops_gracefully_on_sigterm() {
    let db = TestDb::new().await;
    let (mut server, addr, _stdout) = serve(&db, &[], Stdio::null());
    let child = &mut server.0;
    let health = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// The personal-data rule of docs/design.md §4, checked on a whole run: national
/// IDs typed into the API (valid, mistyped, in every accepted spelling)
/// appear in no log line of a server logging everything, and nowhere in
/// the database.
#[tokio::test]
async fn national_ids_appear_in_no_log_line_and_nowhere_in_the_database() {
    let db = TestDb::new().await;
    let log = std::env::temp_dir().join(format!("inservice-pii-{}.log", uuid::Uuid::new_v4()));
    let log_file = std::fs::File::create(&log).unwrap();
    let (mut server, addr, mut stdout) = serve(
        &db,
        &[("RUST_LOG", "trace")],
        Stdio::from(log_file.try_clone().unwrap()),
    );
    let child = &mut server.0;
    // The rest of stdout (JSON or text logs) goes to the same file.
    let mut rest = log_file;
    let copier = std::thread::spawn(move || std::io::copy(&mut stdout, &mut rest));

    let client = reqwest::Client::new();
    let token = helpers::login_at(&client, addr, "taipei-school").await;
    let school: uuid::Uuid = {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        sqlx::query_scalar("SELECT id FROM org_units WHERE code = 'D633101'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let ids = [
        "E120005006",
        "e120-005-006",
        "A220001006",
        "E120005007",
        "Z999999999",
    ];
    for id in ids {
        let r = helpers::gql(
            &client,
            addr,
            Some(&token),
            "mutation($i: UpsertTeacherInput!) { upsertTeacher(input: $i) { outcome errors { message } } }",
            json!({"i": {"schoolId": school, "nationalId": id, "name": "測試教師"}}),
        )
        .await;
        assert!(r["errors"].is_null(), "{r}");
        assert!(!r.to_string().contains(id), "{r}");
    }
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    child.wait().unwrap();
    copier.join().unwrap().unwrap();

    let forms = |id: &str| -> Vec<String> {
        let plain: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
        vec![plain.to_uppercase(), plain.to_lowercase()]
    };
    let logged = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    assert!(
        logged.lines().count() > 20,
        "the server logged too little to judge"
    );
    for id in ids {
        for form in forms(id) {
            assert!(!logged.contains(&form), "{form} is in the log");
        }
    }

    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(table_name) FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(tables.len() > 10);
    for table in tables {
        let dump: Option<String> = sqlx::query_scalar(&format!(
            "SELECT string_agg(t::text, E'\\n') FROM {table} t"
        ))
        .fetch_one(&pool)
        .await
        .unwrap();
        let dump = dump.unwrap_or_default();
        for id in ids {
            for form in forms(id) {
                assert!(!dump.contains(&form), "{form} is stored in {table}");
            }
        }
    }
    pool.close().await;
}
