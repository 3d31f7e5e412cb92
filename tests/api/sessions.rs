use serde_json::json;

use crate::helpers::{error_code, error_params, spawn_app, DEMO_PASSWORD};

const LOGIN: &str = "mutation($l: String!, $p: String!) {
    login(input: {login: $l, password: $p}) {
        token expiresAt retryAfterSeconds user { login roles { role unit { code } } } errors { field code message params { name value } }
    }
}";

#[tokio::test]
async fn signing_in_sets_an_http_only_cookie_and_returns_a_bearer_token() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": LOGIN, "variables": {"l": "Taipei ", "p": DEMO_PASSWORD}}))
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("inservice_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"));
    let body: serde_json::Value = resp.json().await.unwrap();
    let login = &body["data"]["login"];
    assert!(login["token"].as_str().unwrap().len() >= 40);
    assert_eq!(login["user"]["login"], "taipei");
    assert_eq!(login["user"]["roles"][0]["role"], "COUNTY_ADMIN");
    assert_eq!(login["user"]["roles"][0]["unit"]["code"], "63000");

    // The cookie alone identifies the browser from now on.
    let me = app.anon("{ me { login } }", json!({})).await;
    assert_eq!(me["data"]["me"]["login"], "taipei");

    // And the bearer token identifies an API client.
    let token = login["token"].as_str().unwrap();
    let me = crate::helpers::gql(
        &reqwest::Client::new(),
        app.addr,
        Some(token),
        "{ me { login } }",
        json!({}),
    )
    .await;
    assert_eq!(me["data"]["me"]["login"], "taipei");
}

#[tokio::test]
async fn an_unknown_login_and_a_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong_password = app
        .anon(LOGIN, json!({"l": "taipei", "p": "not-the-password"}))
        .await;
    let unknown_login = app
        .anon(LOGIN, json!({"l": "nobody-here", "p": "not-the-password"}))
        .await;
    assert_eq!(
        wrong_password["data"]["login"]["errors"],
        unknown_login["data"]["login"]["errors"]
    );
    assert_eq!(
        wrong_password["data"]["login"]["errors"][0]["code"],
        "INVALID_CREDENTIALS"
    );
    assert!(wrong_password["data"]["login"]["token"].is_null());
    let failures = app
        .count(
            "SELECT count(*) FROM audit_log WHERE action = 'session.login' AND outcome = 'failed'",
        )
        .await;
    assert_eq!(failures, 2);
}

#[tokio::test]
async fn repeated_failures_are_slowed_down_even_for_the_right_password() {
    let app = spawn_app().await;
    // The per-address limit (10 failures) bites first; the per-login lock,
    // unknown logins and the unlock link: tests/api/hostile/sign_in.rs.
    for _ in 0..10 {
        let r = app
            .anon(LOGIN, json!({"l": "tainan", "p": "guess-guess-guess"}))
            .await;
        assert_eq!(
            r["data"]["login"]["errors"][0]["code"],
            "INVALID_CREDENTIALS"
        );
    }
    let r = app
        .anon(LOGIN, json!({"l": "tainan", "p": DEMO_PASSWORD}))
        .await;
    assert_eq!(
        r["data"]["login"]["errors"][0]["code"], "TOO_MANY_ATTEMPTS",
        "{r}"
    );
    assert!(r["data"]["login"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Try again in"));
    let wait = r["data"]["login"]["retryAfterSeconds"].as_i64().unwrap();
    assert!(wait > 0);
    assert_eq!(
        error_params(&r["data"]["login"]["errors"][0]),
        vec![
            ("reason".to_owned(), "address".to_owned()),
            ("retryAfterSeconds".to_owned(), wait.to_string())
        ]
    );
}

#[tokio::test]
async fn blank_credentials_are_reported_as_missing() {
    let app = spawn_app().await;
    let r = app.anon(LOGIN, json!({"l": " ", "p": ""})).await;
    assert_eq!(
        crate::helpers::input_errors(&r["data"]["login"]),
        vec![
            ("login".into(), "REQUIRED".into()),
            ("password".into(), "REQUIRED".into())
        ]
    );
}

#[tokio::test]
async fn a_forged_or_ended_session_is_refused_with_a_clear_error() {
    let app = spawn_app().await;
    let forged = app
        .post(Some("A".repeat(43).as_str()), "{ me { login } }", json!({}))
        .await;
    assert_eq!(error_code(&forged), "INVALID_SESSION");
    assert!(forged["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("sign in again"));

    let token = app.login("taipei").await;
    let out = app
        .post(Some(&token), "mutation { logout { ok } }", json!({}))
        .await;
    assert_eq!(out["data"]["logout"]["ok"], true);
    let after = app.post(Some(&token), "{ me { login } }", json!({})).await;
    assert_eq!(error_code(&after), "INVALID_SESSION");
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let app = spawn_app().await;
    let token = app.login("taipei").await;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app.post(Some(&token), "{ me { login } }", json!({})).await;
    assert_eq!(error_code(&r), "INVALID_SESSION");
}

#[tokio::test]
async fn a_deactivated_account_loses_its_sessions_at_once() {
    let app = spawn_app().await;
    let token = app.login("taipei").await;
    sqlx::query("UPDATE users SET is_active = false WHERE login = 'taipei'")
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app.post(Some(&token), "{ me { login } }", json!({})).await;
    assert_eq!(error_code(&r), "INVALID_SESSION");
    let again = app
        .anon(LOGIN, json!({"l": "taipei", "p": DEMO_PASSWORD}))
        .await;
    assert_eq!(
        again["data"]["login"]["errors"][0]["code"],
        "INVALID_CREDENTIALS"
    );
}

#[tokio::test]
async fn the_database_keeps_only_a_hash_of_the_session_token() {
    let app = spawn_app().await;
    let token = app.login("teacher").await;
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(&token));
}

#[tokio::test]
async fn expired_sessions_and_day_old_failure_counts_are_pruned() {
    let app = spawn_app().await;
    let expired = app.login("taipei").await;
    let current = app.login("tainan").await;
    sqlx::query(
        "UPDATE sessions SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM users WHERE login = 'taipei')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    // Two logins fail; one of them last failed two days ago.
    for login in ["ntnu-ce", "tepd"] {
        app.anon(LOGIN, json!({"l": login, "p": "wrong"})).await;
    }
    sqlx::query(
        "UPDATE login_throttle SET last_failure_at = now() - interval '2 days'
          WHERE login_key = 'ntnu-ce'",
    )
    .execute(&app.pool)
    .await
    .unwrap();

    inservice::housekeeping::prune(&app.pool).await.unwrap();

    let sessions: Vec<String> = sqlx::query_scalar(
        "SELECT u.login FROM sessions s JOIN users u ON u.id = s.user_id ORDER BY 1",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(sessions, ["tainan"]);
    let throttled: Vec<String> =
        sqlx::query_scalar("SELECT login_key FROM login_throttle ORDER BY 1")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(throttled, ["tepd"]);
    // The current session still works; the expired one is simply unknown.
    let r = app
        .post(Some(&current), "{ me { login } }", json!({}))
        .await;
    assert_eq!(r["data"]["me"]["login"], "tainan");
    let r = app
        .post(Some(&expired), "{ me { login } }", json!({}))
        .await;
    assert_eq!(error_code(&r), "INVALID_SESSION");
}
