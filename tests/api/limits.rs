//! Malformed and oversized requests, and internal faults.

use serde_json::json;

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn a_query_nested_too_deep_is_refused() {
    let app = spawn_app().await;
    let mut q = String::from("code");
    for _ in 0..13 {
        q = format!("parent {{ {q} }}");
    }
    let r = app
        .anon(
            &format!("{{ orgUnit(code: \"D633101\") {{ {q} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_REQUEST");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("too deep"),
        "{r}"
    );
}

#[tokio::test]
async fn a_query_over_the_complexity_limit_is_refused() {
    let app = spawn_app().await;
    // Each list counts `first` times its items: 100 × 20 fields, three times.
    let fields = "id code name kind countyCode district educationStage contactsConfirmedAt \
                  a1: code a2: name a3: kind a4: id a5: district a6: countyCode \
                  b1: code b2: name b3: kind b4: id b5: district b6: countyCode";
    let q = format!(
        "{{ x: orgUnits(first: 100) {{ edges {{ node {{ {fields} }} }} }} \
            y: orgUnits(first: 100) {{ edges {{ node {{ {fields} }} }} }} \
            z: orgUnits(first: 100) {{ edges {{ node {{ {fields} }} }} }} }}"
    );
    let r = app.anon(&q, json!({})).await;
    assert_eq!(error_code(&r), "BAD_REQUEST", "{r}");
    assert!(r["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("complex"));
    // One such list alone is fine.
    let one = format!("{{ orgUnits(first: 100) {{ edges {{ node {{ {fields} }} }} }} }}");
    assert!(app.anon(&one, json!({})).await["errors"].is_null());
}

#[tokio::test]
async fn a_page_larger_than_the_cap_is_refused() {
    let app = spawn_app().await;
    let r = app
        .anon("{ directory(first: 1000) { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&r), "BAD_REQUEST");
    assert!(r["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("between 1 and 100"));
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_refused_with_413() {
    let app = spawn_app().await;
    let padding = " ".repeat(70 * 1024);
    let resp = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(format!("{{\"query\": \"{{ me {{ login }} }}{padding}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("larger than"));
}

#[tokio::test]
async fn a_batch_over_the_limit_is_refused() {
    let app = spawn_app().await;
    let batch: Vec<_> = (0..11)
        .map(|_| json!({"query": "{ me { login } }"}))
        .collect();
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let ok: Vec<_> = (0..2)
        .map(|_| json!({"query": "{ me { login } }"}))
        .collect();
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&ok)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bodies_that_are_not_graphql_json_get_a_clear_error() {
    let app = spawn_app().await;
    let form = app
        .client
        .post(app.url("/graphql"))
        .form(&[("query", "{ me { login } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
    let garbage = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    let syntax = app.anon("{ me { login ", json!({})).await;
    assert_eq!(error_code(&syntax), "BAD_REQUEST");
}

#[tokio::test]
async fn an_internal_fault_shows_a_request_id_and_no_database_text() {
    let app = spawn_app().await;
    sqlx::query("ALTER TABLE contacts RENAME TO contacts_gone")
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app
        .anon(
            "{ orgUnit(code: \"63000\") { contacts { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "INTERNAL", "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("contacts"), "{message}");
    assert!(!r.to_string().contains("relation"), "{r}");
    assert!(r["errors"][0]["extensions"]["requestId"].is_string());
}

#[tokio::test]
async fn production_hides_introspection_and_suggestions() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.environment = inservice::config::Environment::Production
    })
    .await;
    let r = app.anon("{ __schema { types { name } } }", json!({})).await;
    assert!(r["data"]["__schema"].is_null(), "{r}");
    let typo = app.anon("{ directroy { totalCount } }", json!({})).await;
    assert!(!typo.to_string().contains("Did you mean"), "{typo}");
    let dev = spawn_app().await;
    let typo = dev.anon("{ directroy { totalCount } }", json!({})).await;
    assert!(typo.to_string().contains("Did you mean"), "{typo}");
    let schema = dev
        .anon("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(schema["data"]["__schema"]["queryType"]["name"], "QueryRoot");
}
