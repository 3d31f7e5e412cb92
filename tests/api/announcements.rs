//! Announcements: who publishes where, who sees what, safe Markdown.

use serde_json::{json, Value};

use crate::helpers::{error_code, input_errors, spawn_app, TestApp};

const CREATE: &str = "mutation($i: CreateAnnouncementInput!) { createAnnouncement(input: $i) { announcement { id title bodyHtml isLive unit { code } } errors { field code message } } }";
const FEED: &str = "query($k: AnnouncementKind!) { announcements(kind: $k) { totalCount edges { node { title pinned } } } }";

async fn publish(app: &TestApp, login: &str, input: Value) -> Value {
    app.as_user(login, CREATE, json!({"i": input})).await
}

fn titles(r: &Value) -> Vec<String> {
    r["data"]["announcements"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn network_news_reaches_everyone_and_its_markdown_is_made_safe() {
    let app = spawn_app().await;
    let r = publish(
        &app,
        "operator",
        json!({"kind": "NEWS", "title": "系統維護公告", "bodyMarkdown": "**12 月 1 日** 維護\n\n<script>alert(1)</script>\n\n[說明](javascript:alert(2))"}),
    )
    .await;
    let a = &r["data"]["createAnnouncement"]["announcement"];
    assert_eq!(a["isLive"], true, "{r}");
    let html = a["bodyHtml"].as_str().unwrap();
    assert!(html.contains("<strong>12 月 1 日</strong>"));
    assert!(
        !html.contains("<script") && !html.contains("javascript:"),
        "{html}"
    );
    assert_eq!(
        titles(&app.anon(FEED, json!({"k": "NEWS"})).await),
        vec!["系統維護公告"]
    );
    assert_eq!(
        titles(
            &app.as_user("tainan-school", FEED, json!({"k": "NEWS"}))
                .await
        ),
        vec!["系統維護公告"]
    );
    assert!(titles(&app.anon(FEED, json!({"k": "MARQUEE"})).await).is_empty());
}

#[tokio::test]
async fn a_county_announcement_shows_to_its_schools_users_only() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let r = publish(
        &app,
        "taipei",
        json!({"kind": "BULLETIN", "unitId": taipei, "title": "臺北市研習資訊"}),
    )
    .await;
    assert_eq!(r["data"]["createAnnouncement"]["errors"], json!([]), "{r}");
    for (login, sees) in [
        ("taipei", true),
        ("taipei-school", true),
        ("teacher", true),
        ("tainan-school", false),
        ("k12-hs", false),
    ] {
        let got = titles(&app.as_user(login, FEED, json!({"k": "BULLETIN"})).await);
        assert_eq!(!got.is_empty(), sees, "{login}: {got:?}");
    }
    assert!(titles(&app.anon(FEED, json!({"k": "BULLETIN"})).await).is_empty());
}

#[tokio::test]
async fn publishers_stay_within_their_scope() {
    let app = spawn_app().await;
    let tainan = app.unit_id("67000").await;
    let school = app.unit_id("D633101").await;
    let foreign = publish(
        &app,
        "taipei",
        json!({"kind": "NEWS", "unitId": tainan, "title": "x"}),
    )
    .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
    let network = publish(&app, "taipei", json!({"kind": "NEWS", "title": "x"})).await;
    assert_eq!(error_code(&network), "FORBIDDEN");
    let teacher = publish(
        &app,
        "teacher",
        json!({"kind": "NEWS", "unitId": school, "title": "x"}),
    )
    .await;
    assert_eq!(error_code(&teacher), "FORBIDDEN");
    let own_school = publish(
        &app,
        "taipei-school",
        json!({"kind": "MARQUEE", "unitId": school, "title": "本校停電"}),
    )
    .await;
    assert_eq!(
        own_school["data"]["createAnnouncement"]["errors"],
        json!([])
    );
    assert_eq!(app.count("SELECT count(*) FROM announcements").await, 1);
    let created = "SELECT count(*) FROM audit_log WHERE action = 'announcement.create'";
    assert_eq!(app.count(created).await, 1);
    let denied = "SELECT count(*) FROM audit_log WHERE action = 'announcement.publish' AND outcome = 'denied'";
    assert_eq!(app.count(denied).await, 3);
}

#[tokio::test]
async fn pinned_come_first_and_only_live_ones_show() {
    let app = spawn_app().await;
    for (title, extra) in [
        ("舊消息", json!({"publishAt": "2026-01-01T00:00:00+08:00"})),
        (
            "置頂",
            json!({"publishAt": "2025-06-01T00:00:00+08:00", "pinned": true}),
        ),
        (
            "已過期",
            json!({"publishAt": "2025-01-01T00:00:00+08:00", "expiresAt": "2025-02-01T00:00:00+08:00"}),
        ),
        (
            "尚未發布",
            json!({"publishAt": "2999-01-01T00:00:00+08:00"}),
        ),
        ("新消息", json!({})),
    ] {
        let mut input = json!({"kind": "NEWS", "title": title});
        input
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let r = publish(&app, "operator", input).await;
        assert_eq!(r["data"]["createAnnouncement"]["errors"], json!([]), "{r}");
    }
    assert_eq!(
        titles(&app.anon(FEED, json!({"k": "NEWS"})).await),
        vec!["置頂", "新消息", "舊消息"]
    );
    let managed = app
        .as_user(
            "operator",
            "{ managedAnnouncements { totalCount edges { node { title isLive } } } }",
            json!({}),
        )
        .await;
    assert_eq!(managed["data"]["managedAnnouncements"]["totalCount"], 5);
    let as_taipei = app
        .as_user(
            "taipei",
            "{ managedAnnouncements { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(as_taipei["data"]["managedAnnouncements"]["totalCount"], 0);
    let as_teacher = app
        .as_user(
            "teacher",
            "{ managedAnnouncements { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&as_teacher), "FORBIDDEN");
}

#[tokio::test]
async fn bad_announcements_are_refused_with_field_errors() {
    let app = spawn_app().await;
    let r = publish(
        &app,
        "operator",
        json!({"kind": "NEWS", "title": " ", "bodyMarkdown": "長".repeat(20_001),
               "publishAt": "2026-12-01T00:00:00+08:00", "expiresAt": "2026-11-01T00:00:00+08:00"}),
    )
    .await;
    let mut errors = input_errors(&r["data"]["createAnnouncement"]);
    errors.sort();
    assert_eq!(
        errors,
        vec![
            ("bodyMarkdown".into(), "TOO_LONG".into()),
            ("expiresAt".into(), "OUT_OF_RANGE".into()),
            ("title".into(), "REQUIRED".into()),
        ]
    );
    let unknown = publish(
        &app,
        "operator",
        json!({"kind": "NEWS", "unitId": uuid::Uuid::new_v4(), "title": "x"}),
    )
    .await;
    assert_eq!(
        input_errors(&unknown["data"]["createAnnouncement"]),
        vec![("unitId".into(), "NOT_FOUND".into())]
    );
    assert_eq!(app.count("SELECT count(*) FROM announcements").await, 0);
}

#[tokio::test]
async fn editing_and_deleting_follow_the_same_scope_and_are_audited() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let r = publish(
        &app,
        "taipei",
        json!({"kind": "NEWS", "unitId": taipei, "title": "原標題"}),
    )
    .await;
    let id = r["data"]["createAnnouncement"]["announcement"]["id"].clone();
    const UPDATE: &str = "mutation($i: UpdateAnnouncementInput!) { updateAnnouncement(input: $i) { announcement { title pinned } errors { field code } } }";
    let foreign = app
        .as_user("tainan", UPDATE, json!({"i": {"id": id, "title": "改"}}))
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
    let ok = app
        .as_user(
            "taipei",
            UPDATE,
            json!({"i": {"id": id, "title": "新標題", "pinned": true}}),
        )
        .await;
    assert_eq!(
        ok["data"]["updateAnnouncement"]["announcement"],
        json!({"title": "新標題", "pinned": true})
    );
    let changes: Value =
        sqlx::query_scalar("SELECT changes FROM audit_log WHERE action = 'announcement.update'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(changes["title"], json!({"from": "原標題", "to": "新標題"}));
    const DELETE: &str =
        "mutation($id: UUID!) { deleteAnnouncement(id: $id) { deletedId errors { code } } }";
    assert_eq!(
        error_code(&app.as_user("tainan", DELETE, json!({"id": id})).await),
        "FORBIDDEN"
    );
    let gone = app.as_user("operator", DELETE, json!({"id": id})).await;
    assert_eq!(gone["data"]["deleteAnnouncement"]["deletedId"], id);
    assert_eq!(app.count("SELECT count(*) FROM announcements").await, 0);
}

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    token: &str,
    announcement: &Value,
    name: &str,
    bytes: Vec<u8>,
    csrf: bool,
) -> (u16, Value) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("file", part);
    let mut req = app
        .client
        .post(app.url(&format!(
            "/announcements/{}/attachments",
            announcement.as_str().unwrap()
        )))
        .bearer_auth(token)
        .multipart(form);
    if csrf {
        req = req.header("x-requested-with", "inservice");
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn download(app: &TestApp, token: Option<&str>, url: &str) -> (u16, Vec<u8>) {
    let mut req = reqwest::Client::new().get(app.url(url));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn attachments_are_type_checked_size_limited_and_served_to_the_audience() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let r = publish(
        &app,
        "taipei",
        json!({"kind": "BULLETIN", "unitId": taipei, "title": "附件公告"}),
    )
    .await;
    let id = r["data"]["createAnnouncement"]["announcement"]["id"].clone();
    let token = app.login("taipei").await;

    let (status, body) = upload(&app, &token, &id, "研習 簡章.pdf", PDF.to_vec(), true).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["fileName"], "研習 簡章.pdf");
    assert_eq!(body["contentType"], "application/pdf");
    let url = body["url"].as_str().unwrap().to_owned();

    let (status, body) = upload(
        &app,
        &token,
        &id,
        "setup.pdf",
        b"MZ\x90\0\x03\0\0\0evil".to_vec(),
        true,
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (415, Some("INVALID_FORMAT")),
        "{body}"
    );
    let mut big = PDF.to_vec();
    big.resize(65 * 1024, b' ');
    let (status, body) = upload(&app, &token, &id, "big.pdf", big, true).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (413, Some("TOO_LONG")),
        "{body}"
    );
    let (status, _) = upload(&app, &token, &id, "a.pdf", PDF.to_vec(), false).await;
    assert_eq!(status, 403, "an upload without X-Requested-With is refused");
    let tainan = app.login("tainan").await;
    let (status, _) = upload(&app, &tainan, &id, "a.pdf", PDF.to_vec(), true).await;
    assert_eq!(status, 403);
    assert_eq!(
        app.count("SELECT count(*) FROM announcement_attachments")
            .await,
        1
    );

    const LIST: &str = "{ announcements(kind: BULLETIN) { edges { node { attachments { fileName sizeBytes url } } } } }";
    let listed = app.as_user("taipei-school", LIST, json!({})).await;
    assert_eq!(
        listed["data"]["announcements"]["edges"][0]["node"]["attachments"][0]["url"],
        url
    );

    let school = app.login("taipei-school").await;
    let (status, bytes) = download(&app, Some(&school), &url).await;
    assert_eq!((status, bytes.as_slice()), (200, PDF));
    let (status, _) = download(&app, Some(&app.login("tainan-school").await), &url).await;
    assert_eq!(status, 404);
    let (status, _) = download(&app, None, &url).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'attachment.download'")
            .await,
        1
    );

    let attachment = url.rsplit('/').next().unwrap().to_owned();
    const DELETE: &str =
        "mutation($id: UUID!) { deleteAttachment(id: $id) { deletedId errors { code } } }";
    assert_eq!(
        error_code(
            &app.post(Some(&tainan), DELETE, json!({"id": attachment}))
                .await
        ),
        "FORBIDDEN"
    );
    let gone = app
        .post(Some(&token), DELETE, json!({"id": attachment}))
        .await;
    assert_eq!(
        gone["data"]["deleteAttachment"]["deletedId"],
        json!(attachment)
    );
    assert_eq!(download(&app, Some(&school), &url).await.0, 404);
}

#[tokio::test]
async fn the_download_names_the_file_and_cannot_run_in_the_page() {
    let app = spawn_app().await;
    let r = publish(
        &app,
        "operator",
        json!({"kind": "NEWS", "title": "全網附件"}),
    )
    .await;
    let id = r["data"]["createAnnouncement"]["announcement"]["id"].clone();
    let token = app.login("operator").await;
    let (_, body) = upload(&app, &token, &id, "說明.pdf", PDF.to_vec(), true).await;
    let resp = reqwest::get(app.url(body["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "network-wide attachments are public");
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename*=UTF-8''%E8%AA%AA%E6%98%8E.pdf"),
        "{disposition}"
    );
    assert!(resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(resp.headers()["content-type"], "application/pdf");
}
