use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness_answer_ok_while_the_database_is_up() {
    let app = spawn_app().await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn graphiql_is_served_on_get() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .to_lowercase()
        .contains("graphiql"));
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&serde_json::json!({"query": "{ me { login } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(resp.headers().contains_key("x-request-id"));
}

/// The id in a response's `x-request-id`, and the one its JSON error body
/// names (if it has one).
async fn request_ids(resp: reqwest::Response) -> (uuid::Uuid, Option<uuid::Uuid>) {
    let header = resp.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    let in_body = body["errors"][0]["extensions"]["requestId"]
        .as_str()
        .map(|id| id.parse().unwrap());
    (header, in_body)
}

#[tokio::test]
async fn every_route_answers_with_its_request_id_and_errors_quote_the_same_one() {
    let app = spawn_app().await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    let (healthz, _) = request_ids(health).await;

    let graphql = app
        .client
        .post(app.url("/graphql"))
        .json(&serde_json::json!({"query": "{ noSuchField }"}))
        .send()
        .await
        .unwrap();
    let (header, body) = request_ids(graphql).await;
    assert_eq!(Some(header), body, "a GraphQL error");
    assert_ne!(header, healthz, "each request has its own id");

    let attachment = app.url(&format!("/attachments/{}", uuid::Uuid::new_v4()));
    let missing = app.client.get(&attachment).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let (header, body) = request_ids(missing).await;
    assert_eq!(Some(header), body, "a download refused by the domain");

    let dead_token = app
        .client
        .get(&attachment)
        .bearer_auth("not-a-session")
        .send()
        .await
        .unwrap();
    assert_eq!(dead_token.status(), 401);
    let (header, body) = request_ids(dead_token).await;
    assert_eq!(Some(header), body, "a download refused at the edge");

    let nowhere = app
        .client
        .get(app.url("/assets/missing-abc123.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), 404);
    request_ids(nowhere).await;
}

#[tokio::test]
async fn console_routes_fall_back_to_the_app_with_a_strict_policy() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/units/63000/contacts"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let missing = app
        .client
        .get(app.url("/assets/missing-abc123.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let post = app.client.post(app.url("/units")).send().await.unwrap();
    assert_eq!(post.status(), 405);
}

#[tokio::test]
async fn console_files_are_compressed_for_clients_that_accept_gzip() {
    let app = spawn_app().await;
    // Built or not, the console's index is text and is compressed.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let gz = raw
        .get(app.url("/"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.headers()["vary"], "accept-encoding");
    let plain = raw.get(app.url("/")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = plain.bytes().await.unwrap().len();
    let gz_len = gz.bytes().await.unwrap().len();
    assert!(gz_len < plain_len, "{gz_len} vs {plain_len}");
}
