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
        printed.contains("created 12 users, 8 contacts, 1 review delegations and 6 courses"),
        "{printed}"
    );
    assert!(
        printed.contains("inservice-demo") && printed.contains("taipei-school"),
        "{printed}"
    );
    let again = inservice(&db, &["seed", "--demo"], &[], None);
    assert!(
        text(&again).contains("created 0 users, 0 contacts, 0 review delegations and 0 courses"),
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
    let out = inservice(
        &db,
        &["seed", "--demo"],
        &[("INSERVICE_ENV", "production")],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("refusing to load demo data"),
        "{}",
        text(&out)
    );
    // Reference data alone is fine in production.
    let reference = inservice(&db, &["seed"], &[("INSERVICE_ENV", "production")], None);
    assert!(reference.status.success(), "{}", text(&reference));
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

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_server_stops_gracefully_on_sigterm() {
    let db = TestDb::new().await;
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_inservice"))
            .args(["serve", "--listen", "127.0.0.1:0", "--no-migrate"])
            .env("DATABASE_URL", &db.url)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    // The first line names the address once the port is bound.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
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
