//! Hostile cases about scope and the audit log (issue 13, items 6, 9, 10,
//! 11, 13 and 14): a flood of refused aliases must not flood the audit log,
//! racing uploads must not pass the attachment limit, another county's
//! admin must see and grant nothing outside their scope, production serves
//! no GraphiQL and sends HSTS, and the audit log cannot be truncated.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{error_code, spawn_app, spawn_app_with, TestApp};
use inservice::config::Environment;

/// The server still answers a trivial query.
/// Posts `body` (a single request or a batch) anonymously; the response and
/// its request id.
async fn post_raw(app: &TestApp, body: Value) -> (Value, Uuid) {
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let id = resp.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    (resp.json().await.unwrap(), id)
}

/// (action, outcome, count) of the audit rows a request wrote.
async fn audit_rows_of(app: &TestApp, request_id: Uuid) -> Vec<(String, String, i32)> {
    sqlx::query_as("SELECT action, outcome, count FROM audit_log WHERE request_id = $1 ORDER BY id")
        .bind(request_id)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

async fn hidden_course(app: &TestApp) -> Uuid {
    sqlx::query_scalar(
        "SELECT id FROM courses WHERE status IN ('draft', 'submitted', 'returned') LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the demo data has a course that is not public")
}

#[tokio::test]
async fn a_batch_of_refused_aliases_writes_one_audit_row_with_their_count_and_the_server_stays_up()
{
    let app = spawn_app().await;
    let course = hidden_course(&app).await;
    let before = app.count("SELECT count(*) FROM audit_log").await;
    // 4 operations × 8 aliases of the same refused field (few enough to stay
    // under the alias cap: the aggregation, not the cap, is under test).
    let aliases: String = (0..8)
        .map(|i| format!("a{i}: course(id: $id) {{ id }} "))
        .collect();
    let op =
        json!({"query": format!("query($id: UUID!) {{ {aliases} }}"), "variables": {"id": course}});
    let (resp, request_id) = post_raw(&app, json!([op, op, op, op])).await;
    for item in resp.as_array().expect("a batch answer") {
        assert_eq!(error_code(item), "UNAUTHENTICATED", "{item}");
    }
    assert_eq!(
        audit_rows_of(&app, request_id).await,
        vec![("course.read".to_owned(), "denied".to_owned(), 32)],
        "one row for the request and operation, counting every refusal"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log").await,
        before + 1
    );
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn denials_are_recorded_even_when_the_rest_of_the_request_fails() {
    let app = spawn_app().await;
    let course = hidden_course(&app).await;
    let refused = json!({"query": "query($id: UUID!) { course(id: $id) { id } }", "variables": {"id": course}});
    let broken = json!({"query": "{ noSuchField }"});
    let (resp, request_id) = post_raw(&app, json!([refused, broken])).await;
    assert_eq!(error_code(&resp[0]), "UNAUTHENTICATED", "{resp}");
    assert_eq!(error_code(&resp[1]), "BAD_REQUEST", "{resp}");
    assert_eq!(
        audit_rows_of(&app, request_id).await,
        vec![("course.read".to_owned(), "denied".to_owned(), 1)]
    );
    super::assert_still_answers(&app).await;
}

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

#[tokio::test]
async fn thirty_concurrent_uploads_store_exactly_the_limit_of_ten_attachments() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let r = app
        .as_user(
            "taipei",
            "mutation($i: CreateAnnouncementInput!) { createAnnouncement(input: $i) { announcement { id } errors { code } } }",
            json!({"i": {"kind": "BULLETIN", "unitId": taipei, "title": "競速附件"}}),
        )
        .await;
    let id = r["data"]["createAnnouncement"]["announcement"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned();
    let token = app.login("taipei").await;
    let uploads = (0..30).map(|i| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name(format!("{i}.pdf")),
        );
        let req = app
            .client
            .post(app.url(&format!("/announcements/{id}/attachments")))
            .bearer_auth(&token)
            .header("x-requested-with", "inservice")
            .multipart(form);
        async move {
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap_or(Value::Null))
        }
    });
    let answers = futures_util::future::join_all(uploads).await;
    let stored = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(stored, 10, "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(*status, 409, "{body}");
        assert_eq!(body["errors"][0]["code"], "OUT_OF_RANGE", "{body}");
        assert!(body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 10 attachments"));
    }
    let sql =
        format!("SELECT count(*) FROM announcement_attachments WHERE announcement_id = '{id}'");
    assert_eq!(app.count(&sql).await, 10);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'attachment.upload'")
            .await,
        10
    );
    super::assert_still_answers(&app).await;
}

/// A user holding roles in two places, inserted directly.
async fn user_with_roles(app: &TestApp, login: &str, roles: &[(&str, &str)]) -> Uuid {
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO users (login, display_name, email, password_hash) VALUES ($1, '兩地', $2, 'x') RETURNING id",
    )
    .bind(login)
    .bind(format!("{login}@secret.example"))
    .fetch_one(&app.pool)
    .await
    .unwrap();
    for (role, unit) in roles {
        sqlx::query(
            "INSERT INTO role_assignments (user_id, role, unit_id) SELECT $1, $2, id FROM org_units WHERE code = $3",
        )
        .bind(id)
        .bind(role)
        .bind(unit)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    id
}

const EXPLAIN: &str = "query($user: UUID!, $unit: UUID!, $action: Operation!) {
    explainPermission(userId: $user, unitId: $unit, action: $action) {
        allowed summary decidedByRole decidedByUnit { code } policy considered { role unit { code } }
    }
}";

#[tokio::test]
async fn a_county_admin_sees_only_the_role_assignments_within_their_own_county() {
    let app = spawn_app().await;
    let both = user_with_roles(
        &app,
        "two-counties",
        &[("school_admin", "D633101"), ("teacher", "D673101")],
    )
    .await;
    for (admin, unit, seen) in [
        ("taipei", "D633101", "D633101"),
        ("tainan", "D673101", "D673101"),
    ] {
        let r = app
            .as_user(
                admin,
                EXPLAIN,
                json!({"user": both, "unit": app.unit_id(unit).await, "action": "READ_CONTACTS"}),
            )
            .await;
        let considered = &r["data"]["explainPermission"]["considered"];
        let codes: Vec<&str> = considered
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|a| a["unit"]["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, vec![seen], "{admin}: {r}");
    }
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_decision_by_a_role_outside_the_viewers_scope_is_explained_without_naming_it() {
    let app = spawn_app().await;
    let subject = user_with_roles(
        &app,
        "ops-and-teacher",
        &[("operator", "NKNU-OPS"), ("teacher", "D673101")],
    )
    .await;
    let r = app
        .as_user(
            "tainan",
            EXPLAIN,
            json!({"user": subject, "unit": app.unit_id("67000").await, "action": "EDIT_CONTACTS"}),
        )
        .await;
    let e = &r["data"]["explainPermission"];
    assert_eq!(e["allowed"], true, "{r}");
    assert!(
        e["summary"]
            .as_str()
            .unwrap()
            .contains("outside your scope"),
        "{r}"
    );
    assert_eq!(e["decidedByRole"], Value::Null);
    assert_eq!(e["decidedByUnit"], Value::Null);
    assert_eq!(e["policy"], Value::Null);
    assert_eq!(
        e["considered"],
        json!([{"role": "TEACHER", "unit": {"code": "D673101"}}])
    );
    let text = r.to_string();
    assert!(
        !text.contains("NKNU-OPS") && !text.to_lowercase().contains("operator"),
        "{text}"
    );
}

#[tokio::test]
async fn the_other_countys_admin_cannot_explain_an_account_outside_their_scope() {
    let app = spawn_app().await;
    let taipei_only = user_with_roles(&app, "taipei-only", &[("school_admin", "D633101")]).await;
    let r = app
        .as_user(
            "tainan",
            EXPLAIN,
            json!({"user": taipei_only, "unit": app.unit_id("67000").await, "action": "EDIT_CONTACTS"}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("this account"),
        "{r}"
    );
    assert!(!r.to_string().contains("taipei-only"), "{r}");
    let audited: String = sqlx::query_scalar(
        "SELECT target_id FROM audit_log WHERE outcome = 'denied' AND action = 'permission.explain' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, taipei_only.to_string());
    super::assert_still_answers(&app).await;
}

const GRANT: &str = "mutation($i: RoleAssignmentInput!) { grantRole(input: $i) { user { id login email } errors { field code message } } }";
const REVOKE: &str = "mutation($i: RoleAssignmentInput!) { revokeRole(input: $i) { user { id login email } errors { field code message } } }";

#[tokio::test]
async fn a_school_cannot_grant_a_role_to_the_operator_and_learns_nothing_of_the_account() {
    let app = spawn_app().await;
    let operator = app.user_id("operator").await;
    let school = app.unit_id("D673101").await;
    let assignments = "SELECT count(*) FROM role_assignments";
    let before = app.count(assignments).await;
    let denied = "SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND action = 'role:teacher.assign'";
    let denied_before = app.count(denied).await;
    for q in [GRANT, REVOKE] {
        let r = app
            .as_user(
                "tainan-school",
                q,
                json!({"i": {"userId": operator, "role": "TEACHER", "unitId": school}}),
            )
            .await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("this account"),
            "{r}"
        );
        let text = r.to_string();
        assert!(
            !text.contains("\"operator\"") && !text.contains('@'),
            "{text}"
        );
    }
    assert_eq!(app.count(assignments).await, before, "nothing granted");
    assert_eq!(
        app.count(denied).await,
        denied_before + 2,
        "both refusals audited"
    );
    let target: String = sqlx::query_scalar(
        "SELECT target_id FROM audit_log WHERE outcome = 'denied' AND action = 'role:teacher.assign' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(target, operator.to_string());
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn the_other_countys_admin_cannot_grant_a_role_to_a_taipei_account() {
    let app = spawn_app().await;
    let taipei_school = app.user_id("taipei-school").await;
    let before = app.count("SELECT count(*) FROM role_assignments").await;
    let r = app
        .as_user(
            "tainan",
            GRANT,
            json!({"i": {"userId": taipei_school, "role": "SCHOOL_ADMIN", "unitId": app.unit_id("D673101").await}}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    assert!(!r.to_string().contains("taipei-school"), "{r}");
    assert_eq!(
        app.count("SELECT count(*) FROM role_assignments").await,
        before
    );
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn roles_are_granted_to_accounts_within_scope_and_to_roleless_accounts_one_created() {
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    // An account holding a role at the school is within its admin's scope.
    let teacher = app.user_id("teacher").await;
    let r = app
        .as_user(
            "taipei-school",
            GRANT,
            json!({"i": {"userId": teacher, "role": "SCHOOL_ADMIN", "unitId": school}}),
        )
        .await;
    assert_eq!(r["data"]["grantRole"]["errors"], json!([]), "{r}");
    assert_eq!(r["data"]["grantRole"]["user"]["login"], "teacher");

    // An account the admin created, whose only role was then revoked, can be
    // given a role again by its creator, and by no other school.
    let created = app
        .as_user(
            "taipei-school",
            "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code message } } }",
            json!({"i": {"login": "new-colleague", "displayName": "新同事", "password": "Qx7!vR2#mLp9$wZ",
                         "role": "TEACHER", "unitId": school}}),
        )
        .await;
    let id = created["data"]["createUser"]["user"]["id"].clone();
    assert!(id.is_string(), "{created}");
    let i = json!({"i": {"userId": id, "role": "TEACHER", "unitId": school}});
    let r = app.as_user("taipei-school", REVOKE, i.clone()).await;
    assert_eq!(r["data"]["revokeRole"]["errors"], json!([]), "{r}");
    let other = app
        .as_user(
            "tainan-school",
            GRANT,
            json!({"i": {"userId": id, "role": "TEACHER", "unitId": app.unit_id("D673101").await}}),
        )
        .await;
    assert_eq!(error_code(&other), "FORBIDDEN", "{other}");
    let r = app.as_user("taipei-school", GRANT, i).await;
    assert_eq!(r["data"]["grantRole"]["errors"], json!([]), "{r}");
}

#[tokio::test]
async fn production_serves_no_graphiql_and_sends_hsts() {
    let app = spawn_app_with(|s| {
        s.environment = Environment::Production;
        s.cookie_secure = true;
    })
    .await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_ne!(page.status(), 200);
    assert!(page.headers().contains_key("strict-transport-security"));
    assert!(!page
        .text()
        .await
        .unwrap()
        .to_lowercase()
        .contains("graphiql"));
    for path in ["/healthz", "/no-such-page"] {
        let resp = app.client.get(app.url(path)).send().await.unwrap();
        let hsts = resp.headers()["strict-transport-security"]
            .to_str()
            .unwrap();
        assert!(hsts.starts_with("max-age=63072000"), "{path}: {hsts}");
    }
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("strict-transport-security"));
    assert_eq!(
        resp.json::<Value>().await.unwrap()["data"]["__typename"],
        "QueryRoot"
    );
}

#[tokio::test]
async fn development_serves_graphiql_and_no_hsts() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(!page.headers().contains_key("strict-transport-security"));
    assert!(page
        .text()
        .await
        .unwrap()
        .to_lowercase()
        .contains("graphiql"));
}

#[tokio::test]
async fn the_audit_log_cannot_be_truncated_by_the_apps_own_role() {
    let app = spawn_app().await;
    let before = app.count("SELECT count(*) FROM audit_log").await;
    assert!(before > 0, "the demo data leaves audit rows");
    // The tests connect as the role the server uses.
    let err = sqlx::query("TRUNCATE audit_log")
        .execute(&app.pool)
        .await
        .expect_err("TRUNCATE must be refused");
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = sqlx::query("DELETE FROM audit_log")
        .execute(&app.pool)
        .await
        .expect_err("DELETE must be refused");
    assert!(err.to_string().contains("append-only"), "{err}");
    assert_eq!(app.count("SELECT count(*) FROM audit_log").await, before);
    super::assert_still_answers(&app).await;
}
