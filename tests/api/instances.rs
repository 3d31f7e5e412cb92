//! Several server instances on one database.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{client, error_code, gql, login_at, spawn_app, spawn_server};

#[tokio::test]
async fn a_grant_through_one_instance_is_in_force_on_another_within_a_second() {
    let app = spawn_app().await;
    let (other, _stop) = spawn_server(&app.db.url, |_| {}).await;
    let http = client();
    // The teacher signs in on instance B, the school admin grants on A.
    let teacher_token = login_at(&http, other, "teacher").await;
    let school = app.unit_id("D633101").await;
    const EDIT: &str = "mutation($u: UUID!) { confirmContacts(unitId: $u) { errors { code } } }";
    let before = gql(
        &http,
        other,
        Some(&teacher_token),
        EDIT,
        json!({"u": school}),
    )
    .await;
    assert_eq!(error_code(&before), "FORBIDDEN");

    let teacher = app.user_id("teacher").await;
    let granted = app
        .as_user(
            "taipei-school",
            "mutation($i: RoleAssignmentInput!) { grantRole(input: $i) { errors { code } } }",
            json!({"i": {"userId": teacher, "role": "SCHOOL_ADMIN", "unitId": school}}),
        )
        .await;
    assert_eq!(granted["data"]["grantRole"]["errors"], json!([]));

    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let r = gql(
            &http,
            other,
            Some(&teacher_token),
            EDIT,
            json!({"u": school}),
        )
        .await;
        if r["data"]["confirmContacts"]["errors"] == json!([]) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "instance B still refuses after 1 s: {r}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let revoked = app
        .as_user(
            "taipei-school",
            "mutation($i: RoleAssignmentInput!) { revokeRole(input: $i) { errors { code } } }",
            json!({"i": {"userId": teacher, "role": "SCHOOL_ADMIN", "unitId": school}}),
        )
        .await;
    assert_eq!(revoked["data"]["revokeRole"]["errors"], json!([]));
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let r = gql(
            &http,
            other,
            Some(&teacher_token),
            EDIT,
            json!({"u": school}),
        )
        .await;
        if error_code(&r) == "FORBIDDEN" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "instance B still allows after 1 s: {r}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_session_from_one_instance_is_valid_on_another() {
    let app = spawn_app().await;
    let (other, _stop) = spawn_server(&app.db.url, |_| {}).await;
    let token = app.login("tainan").await;
    let me = gql(
        &client(),
        other,
        Some(&token),
        "{ me { login } }",
        json!({}),
    )
    .await;
    assert_eq!(me["data"]["me"]["login"], "tainan");
}
