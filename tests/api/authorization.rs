//! The authorization path as seen through the API: own and foreign scopes,
//! denials audited, and explanations.

use serde_json::json;

use crate::helpers::{error_code, spawn_app, TestApp};

const CREATE: &str = "mutation($u: UUID!) { createContact(input: {unitId: $u, name: \"測試聯絡人\"}) { contact { id } errors { code } } }";

async fn try_create(app: &TestApp, login: Option<&str>, unit_code: &str) -> serde_json::Value {
    let unit = app.unit_id(unit_code).await;
    match login {
        Some(l) => app.as_user(l, CREATE, json!({"u": unit})).await,
        None => app.anon(CREATE, json!({"u": unit})).await,
    }
}

fn allowed(r: &serde_json::Value) -> bool {
    r["data"]["createContact"]["contact"]["id"].is_string()
}

#[tokio::test]
async fn who_may_edit_which_contact_page() {
    let app = spawn_app().await;
    // (login, unit, allowed)
    let cases = [
        ("taipei", "63000", true),
        ("taipei", "D633101", true),
        ("taipei", "TP-TSC", true),
        ("taipei", "67000", false),
        ("taipei", "D673101", false),
        // Located in Taipei but governed by the K-12 division.
        ("taipei", "D033101", false),
        ("taipei", "MOE", false),
        ("tainan", "D633101", false),
        ("tainan", "D673102", true),
        ("taipei-school", "D633101", true),
        ("taipei-school", "D633102", false),
        ("taipei-school", "63000", false),
        ("k12-hs", "K12EA-HS", true),
        ("k12-hs", "D033101", true),
        ("k12-hs", "K12EA-PRE", false),
        ("k12-hs", "K12EA", false),
        ("k12-hs", "D633101", false),
        ("k12-pre", "K12EA-PRE", true),
        ("k12-pre", "D033101", false),
        ("operator", "D673101", true),
        ("operator", "MOE", true),
        ("commissioner", "63000", false),
        ("teacher", "D633101", false),
    ];
    let mut wrong = vec![];
    for (login, unit, expect) in cases {
        let r = try_create(&app, Some(login), unit).await;
        if allowed(&r) != expect {
            wrong.push(format!("{login} at {unit}: expected {expect}, got {r}"));
        }
        if !expect && error_code(&r) != "FORBIDDEN" {
            wrong.push(format!("{login} at {unit}: expected FORBIDDEN, got {r}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn anonymous_visitors_must_sign_in_to_change_anything() {
    let app = spawn_app().await;
    let r = try_create(&app, None, "63000").await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
    let users = app.anon("{ users { totalCount } }", json!({})).await;
    assert_eq!(error_code(&users), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_denial_is_audited_and_changes_nothing() {
    let app = spawn_app().await;
    let before = app.count("SELECT count(*) FROM contacts").await;
    let r = try_create(&app, Some("tainan"), "D633101").await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    assert!(r["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("臺北市大安區幸安國民小學"));
    assert!(r["errors"][0]["extensions"]["requestId"].is_string());
    assert_eq!(app.count("SELECT count(*) FROM contacts").await, before);
    let row: (String, String, String) = sqlx::query_as(
        "SELECT a.actor_login, a.action, u.code FROM audit_log a JOIN org_units u ON u.id = a.unit_id WHERE a.outcome = 'denied'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        ("tainan".into(), "contact.write".into(), "D633101".into())
    );
}

#[tokio::test]
async fn viewer_can_flags_match_what_the_api_allows() {
    let app = spawn_app().await;
    const Q: &str = "{ a: orgUnit(code: \"D633101\") { viewerCan { readContacts editContacts manageUsers grantableRoles } }
                      b: orgUnit(code: \"D673101\") { viewerCan { readContacts editContacts manageUsers grantableRoles } } }";
    let r = app.as_user("taipei", Q, json!({})).await;
    assert_eq!(
        r["data"]["a"]["viewerCan"],
        json!({"readContacts": true, "editContacts": true, "manageUsers": true, "grantableRoles": ["SCHOOL_ADMIN", "TEACHER"]})
    );
    assert_eq!(
        r["data"]["b"]["viewerCan"],
        json!({"readContacts": false, "editContacts": false, "manageUsers": false, "grantableRoles": []})
    );
    let anon = app.anon(Q, json!({})).await;
    assert_eq!(anon["data"]["a"]["viewerCan"]["editContacts"], false);
}

const EXPLAIN: &str = "query($user: UUID!, $unit: UUID!, $action: Operation!, $role: Role) {
    explainPermission(userId: $user, unitId: $unit, action: $action, role: $role) {
        allowed summary decidedByRole decidedByUnit { code } policy considered { role unit { code } }
    }
}";

#[tokio::test]
async fn an_admin_learns_why_someone_may_or_may_not_act() {
    let app = spawn_app().await;
    let taipei_school = app.user_id("taipei-school").await;
    let school = app.unit_id("D633101").await;
    let yes = app
        .as_user(
            "taipei",
            EXPLAIN,
            json!({"user": taipei_school, "unit": school, "action": "EDIT_CONTACTS"}),
        )
        .await;
    let e = &yes["data"]["explainPermission"];
    assert_eq!(e["allowed"], true, "{yes}");
    assert_eq!(e["decidedByRole"], "SCHOOL_ADMIN");
    assert_eq!(e["decidedByUnit"]["code"], "D633101");
    assert_eq!(e["policy"], "p, school_admin, own, contact, write");

    let no = app
        .as_user("taipei", EXPLAIN, json!({"user": taipei_school, "unit": school, "action": "ASSIGN_ROLE", "role": "COUNTY_ADMIN"}))
        .await;
    let e = &no["data"]["explainPermission"];
    assert_eq!(e["allowed"], false);
    assert!(e["summary"]
        .as_str()
        .unwrap()
        .contains("none of their roles"));
    assert_eq!(e["considered"][0]["role"], "SCHOOL_ADMIN");

    // Explaining is itself scoped.
    let foreign = app
        .as_user(
            "tainan",
            EXPLAIN,
            json!({"user": taipei_school, "unit": school, "action": "EDIT_CONTACTS"}),
        )
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
    let missing_role = app
        .as_user(
            "taipei",
            EXPLAIN,
            json!({"user": taipei_school, "unit": school, "action": "ASSIGN_ROLE"}),
        )
        .await;
    assert_eq!(error_code(&missing_role), "BAD_REQUEST");
}
