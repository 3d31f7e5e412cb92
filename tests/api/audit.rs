use serde_json::json;

use crate::helpers::{error_code, spawn_app};

const AUDIT: &str = "query($f: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $f, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { action outcome actorLogin unit { code } changes requestId } }
    }
}";

async fn edit_contact(app: &crate::helpers::TestApp, login: &str, unit: &str) {
    let u = app.unit_id(unit).await;
    let r = app
        .as_user(login, "mutation($u: UUID!) { createContact(input: {unitId: $u, name: \"稽核\"}) { contact { id } } }", json!({"u": u}))
        .await;
    assert!(
        r["data"]["createContact"]["contact"]["id"].is_string(),
        "{r}"
    );
}

#[tokio::test]
async fn each_admin_reads_the_audit_log_of_its_own_scope() {
    let app = spawn_app().await;
    edit_contact(&app, "taipei-school", "D633101").await;
    edit_contact(&app, "tainan", "D673101").await;
    edit_contact(&app, "k12-hs", "D033101").await;

    let f = json!({"f": {"action": "contact.create"}});
    let codes = |r: &serde_json::Value| -> Vec<String> {
        r["data"]["auditLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["unit"]["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        codes(&app.as_user("taipei", AUDIT, f.clone()).await),
        vec!["D633101"]
    );
    assert_eq!(
        codes(&app.as_user("tainan", AUDIT, f.clone()).await),
        vec!["D673101"]
    );
    assert_eq!(
        codes(&app.as_user("operator", AUDIT, f.clone()).await),
        vec!["D033101", "D673101", "D633101"]
    );
    assert_eq!(
        codes(&app.as_user("commissioner", AUDIT, f.clone()).await).len(),
        3
    );
    assert_eq!(
        error_code(&app.as_user("teacher", AUDIT, f).await),
        "FORBIDDEN"
    );
}

#[tokio::test]
async fn the_audit_log_filters_by_actor_unit_action_prefix_and_date() {
    let app = spawn_app().await;
    edit_contact(&app, "taipei", "63000").await;
    edit_contact(&app, "taipei", "D633101").await;
    let taipei = app.user_id("taipei").await;
    let school = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "operator",
            AUDIT,
            json!({"f": {"actorId": taipei, "unitId": school, "action": "contact."}}),
        )
        .await;
    let edges = r["data"]["auditLog"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{r}");
    assert_eq!(edges[0]["node"]["actorLogin"], "taipei");
    assert_eq!(edges[0]["node"]["changes"]["name"]["to"], "稽核");
    let future = app
        .as_user(
            "operator",
            AUDIT,
            json!({"f": {"from": "2999-01-01T00:00:00+08:00"}}),
        )
        .await;
    assert_eq!(future["data"]["auditLog"]["totalCount"], 0);
    let reversed = app
        .as_user(
            "operator",
            AUDIT,
            json!({"f": {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}}),
        )
        .await;
    assert_eq!(error_code(&reversed), "BAD_REQUEST");
    let foreign = app
        .as_user("tainan", AUDIT, json!({"f": {"unitId": school}}))
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    let app = spawn_app().await;
    for _ in 0..3 {
        edit_contact(&app, "operator", "MOE").await;
    }
    let first = app
        .as_user(
            "operator",
            AUDIT,
            json!({"f": {"action": "contact.create"}, "first": 2}),
        )
        .await;
    let page = &first["data"]["auditLog"];
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let rest = app
        .as_user("operator", AUDIT, json!({"f": {"action": "contact.create"}, "first": 2, "after": page["pageInfo"]["endCursor"]}))
        .await;
    assert_eq!(
        rest["data"]["auditLog"]["edges"].as_array().unwrap().len(),
        1
    );
    assert_eq!(rest["data"]["auditLog"]["pageInfo"]["hasNextPage"], false);
}

#[tokio::test]
async fn audit_rows_cannot_be_changed_or_deleted() {
    let app = spawn_app().await;
    edit_contact(&app, "operator", "MOE").await;
    let update = sqlx::query("UPDATE audit_log SET action = 'nothing'")
        .execute(&app.pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log")
        .execute(&app.pool)
        .await;
    assert!(delete.is_err());
}

#[tokio::test]
async fn everyone_reads_their_own_sign_ins_but_not_others() {
    let app = spawn_app().await;
    app.login("taipei-school").await;
    let own = app
        .as_user(
            "taipei-school",
            AUDIT,
            json!({"f": {"action": "session.login"}}),
        )
        .await;
    let actors: Vec<&str> = own["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["actorLogin"].as_str().unwrap())
        .collect();
    assert_eq!(actors, vec!["taipei-school", "taipei-school"]);
    app.login("tainan").await;
    let again = app
        .as_user(
            "taipei-school",
            AUDIT,
            json!({"f": {"action": "session.login"}}),
        )
        .await;
    assert_eq!(again["data"]["auditLog"]["totalCount"], 3);
}

#[tokio::test]
async fn the_client_address_is_recorded_and_proxy_headers_only_when_trusted() {
    const LOGIN: &str =
        "mutation { login(input: {login: \"teacher\", password: \"inservice-demo\"}) { token } }";
    for (trust, expected) in [(false, "127.0.0.1"), (true, "203.0.113.9")] {
        let app = crate::helpers::spawn_app_with(|s| s.trust_proxy = trust).await;
        app.client
            .post(app.url("/graphql"))
            .header("x-forwarded-for", "10.9.9.9, 203.0.113.9")
            .json(&json!({"query": LOGIN}))
            .send()
            .await
            .unwrap();
        let ip: String =
            sqlx::query_scalar("SELECT host(ip) FROM audit_log WHERE action = 'session.login'")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(ip, expected, "trust_proxy = {trust}");
    }
}
