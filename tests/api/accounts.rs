use serde_json::json;

use crate::helpers::{error_code, input_errors, spawn_app, TestApp};

const CREATE_USER: &str = "mutation($input: CreateUserInput!) {
    createUser(input: $input) { user { id login displayName roles { role unit { code } } } errors { field code message } }
}";
const GRANT: &str = "mutation($input: RoleAssignmentInput!) { grantRole(input: $input) { user { login roles { role unit { code } } } errors { field code message } } }";
const REVOKE: &str = "mutation($input: RoleAssignmentInput!) { revokeRole(input: $input) { user { login } errors { field code message } } }";

async fn new_user(
    app: &TestApp,
    by: &str,
    login: &str,
    role: &str,
    unit: &str,
) -> serde_json::Value {
    let unit = app.unit_id(unit).await;
    app.as_user(
        by,
        CREATE_USER,
        json!({"input": {"login": login, "displayName": "新帳號", "email": "new@school.example",
                         "password": "a strong passphrase", "role": role, "unitId": unit}}),
    )
    .await
}

#[tokio::test]
async fn a_county_admin_creates_a_school_account_that_can_sign_in() {
    let app = spawn_app().await;
    let r = new_user(&app, "taipei", "jianguo-admin", "SCHOOL_ADMIN", "D633102").await;
    let user = &r["data"]["createUser"]["user"];
    assert_eq!(user["login"], "jianguo-admin", "{r}");
    assert_eq!(user["roles"][0]["unit"]["code"], "D633102");
    let signin = app
        .anon(
            "mutation { login(input: {login: \"jianguo-admin\", password: \"a strong passphrase\"}) { token } }",
            json!({}),
        )
        .await;
    assert!(signin["data"]["login"]["token"].is_string());
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE login = 'jianguo-admin'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn account_input_problems_are_reported_per_field() {
    let app = spawn_app().await;
    let unit = app.unit_id("D633102").await;
    let r = app
        .as_user(
            "taipei",
            CREATE_USER,
            json!({"input": {"login": "Bad Login!", "displayName": "", "email": "x@", "password": "short",
                             "role": "TEACHER", "unitId": unit}}),
        )
        .await;
    let mut errors = input_errors(&r["data"]["createUser"]);
    errors.sort();
    assert_eq!(
        errors,
        vec![
            ("displayName".into(), "REQUIRED".into()),
            ("email".into(), "INVALID_EMAIL".into()),
            ("login".into(), "INVALID_FORMAT".into()),
            ("password".into(), "WEAK_PASSWORD".into()),
        ]
    );
    let taken = new_user(&app, "taipei", "taipei-school", "TEACHER", "D633102").await;
    assert_eq!(
        input_errors(&taken["data"]["createUser"]),
        vec![("login".into(), "ALREADY_EXISTS".into())]
    );
    assert_eq!(app.count("SELECT count(*) FROM users").await, 12);
}

#[tokio::test]
async fn a_role_cannot_be_held_at_the_wrong_kind_of_unit() {
    let app = spawn_app().await;
    let r = new_user(&app, "operator", "misplaced", "COUNTY_ADMIN", "D633101").await;
    assert_eq!(
        input_errors(&r["data"]["createUser"]),
        vec![("role".into(), "INVALID_PLACEMENT".into())]
    );
}

#[tokio::test]
async fn nobody_grants_above_their_ceiling_or_outside_their_scope() {
    let app = spawn_app().await;
    // A school admin may not create a county admin, nor act in another school.
    let up = new_user(&app, "taipei-school", "climber", "COUNTY_ADMIN", "63000").await;
    assert_eq!(error_code(&up), "FORBIDDEN");
    let sideways = new_user(&app, "taipei-school", "neighbour", "TEACHER", "D633102").await;
    assert_eq!(error_code(&sideways), "FORBIDDEN");
    // A county admin may not grant the operator role.
    let teacher = app.user_id("teacher").await;
    let ops = app.unit_id("NKNU-OPS").await;
    let r = app
        .as_user(
            "taipei",
            GRANT,
            json!({"input": {"userId": teacher, "role": "OPERATOR", "unitId": ops}}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    // Nor grant in another county.
    let tainan_school = app.unit_id("D673101").await;
    let r = app
        .as_user(
            "taipei",
            GRANT,
            json!({"input": {"userId": teacher, "role": "TEACHER", "unitId": tainan_school}}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    assert_eq!(app.count("SELECT count(*) FROM role_assignments").await, 12);
}

#[tokio::test]
async fn grants_and_revocations_take_effect_on_the_next_request() {
    let app = spawn_app().await;
    let teacher = app.user_id("teacher").await;
    let school = app.unit_id("D633101").await;
    let token = app.login("teacher").await;
    const EDIT: &str = "mutation($u: UUID!) { createContact(input: {unitId: $u, name: \"代理人\"}) { contact { id } } }";
    assert_eq!(
        error_code(&app.post(Some(&token), EDIT, json!({"u": school})).await),
        "FORBIDDEN"
    );

    let input = json!({"input": {"userId": teacher, "role": "SCHOOL_ADMIN", "unitId": school}});
    let r = app.as_user("taipei-school", GRANT, input.clone()).await;
    assert_eq!(r["data"]["grantRole"]["errors"], json!([]), "{r}");
    let ok = app.post(Some(&token), EDIT, json!({"u": school})).await;
    assert!(
        ok["data"]["createContact"]["contact"]["id"].is_string(),
        "{ok}"
    );

    let twice = app.as_user("taipei-school", GRANT, input.clone()).await;
    assert_eq!(
        input_errors(&twice["data"]["grantRole"]),
        vec![("role".into(), "ALREADY_EXISTS".into())]
    );

    let r = app.as_user("taipei", REVOKE, input.clone()).await;
    assert_eq!(r["data"]["revokeRole"]["errors"], json!([]));
    assert_eq!(
        error_code(&app.post(Some(&token), EDIT, json!({"u": school})).await),
        "FORBIDDEN"
    );
    let gone = app.as_user("taipei", REVOKE, input).await;
    assert_eq!(
        input_errors(&gone["data"]["revokeRole"]),
        vec![("role".into(), "NOT_FOUND".into())]
    );
    let audited = app.count("SELECT count(*) FROM audit_log WHERE action IN ('role.grant', 'role.revoke') AND outcome = 'ok'").await;
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn the_last_operator_cannot_be_revoked() {
    let app = spawn_app().await;
    let operator = app.user_id("operator").await;
    let ops = app.unit_id("NKNU-OPS").await;
    let r = app
        .as_user(
            "operator",
            REVOKE,
            json!({"input": {"userId": operator, "role": "OPERATOR", "unitId": ops}}),
        )
        .await;
    assert_eq!(
        input_errors(&r["data"]["revokeRole"]),
        vec![("role".into(), "CONFLICT".into())]
    );
}

const USERS: &str = "query($f: UserFilter) { users(filter: $f, first: 100) { totalCount edges { node { login roles { role unit { code } } } } } }";

fn logins(r: &serde_json::Value) -> Vec<String> {
    r["data"]["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["login"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn admins_list_only_the_accounts_of_their_scope() {
    let app = spawn_app().await;
    assert_eq!(
        logins(&app.as_user("taipei", USERS, json!({})).await),
        vec!["taipei", "taipei-school", "teacher"]
    );
    assert_eq!(
        logins(&app.as_user("taipei-school", USERS, json!({})).await),
        vec!["taipei-school", "teacher"]
    );
    assert_eq!(
        logins(&app.as_user("operator", USERS, json!({})).await).len(),
        12
    );
    // The division and the national senior high school it governs.
    assert_eq!(
        logins(&app.as_user("k12-hs", USERS, json!({})).await),
        vec!["hs-school", "k12-hs"]
    );
    let teacher = app.as_user("teacher", USERS, json!({})).await;
    assert_eq!(error_code(&teacher), "FORBIDDEN");
    let school = app.unit_id("D633101").await;
    let filtered = app
        .as_user(
            "taipei",
            USERS,
            json!({"f": {"unitId": school, "role": "TEACHER"}}),
        )
        .await;
    assert_eq!(logins(&filtered), vec!["teacher"]);
    let foreign = app
        .as_user("tainan", USERS, json!({"f": {"unitId": school}}))
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
}

#[tokio::test]
async fn me_shows_the_viewer_and_all_their_roles() {
    let app = spawn_app().await;
    let r = app
        .as_user(
            "k12-hs",
            "{ me { login displayName roles { role unit { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(r["data"]["me"]["login"], "k12-hs");
    assert_eq!(
        r["data"]["me"]["roles"],
        json!([{"role": "DIVISION_ADMIN", "unit": {"name": "國教署高級中等教育組"}}])
    );
    let anon = app.anon("{ me { login } }", json!({})).await;
    assert!(anon["data"]["me"].is_null());
}
