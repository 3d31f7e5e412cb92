//! Email delivery through the outbox to a real SMTP server process.

use std::collections::HashMap;

use inservice::mail::{enqueue, templates::RosterOpened, Recipient};
use serde_json::json;
use sqlx::PgPool;

use crate::helpers::{error_code, eventually, spawn_app_with, spawn_server, SmtpSink, TestApp};

fn opening(name: &str) -> RosterOpened {
    RosterOpened {
        recipient_name: name.into(),
        unit_name: "臺北市大安區幸安國民小學".into(),
        school_year: 115,
        deadline: "2026-09-30".into(),
        console_url: "https://inservice.test/roster/115".into(),
    }
}

async fn queue(pool: &PgPool, address: &str) -> uuid::Uuid {
    let mut tx = pool.begin().await.unwrap();
    let to = Recipient {
        address: address.into(),
        name: "王美玲".into(),
        contact_id: None,
        unit_id: None,
    };
    let id = enqueue(&mut tx, &to, None, &opening("王美玲"), "inservice.test")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn status(pool: &PgPool, id: uuid::Uuid) -> (String, i32, Option<String>) {
    sqlx::query_as("SELECT status, attempts, last_error FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn app_with_smtp(url: String) -> TestApp {
    spawn_app_with(move |s| {
        s.smtp_url = Some(inservice::config::Secret::new(url));
        s.mail_retry_base_seconds = 0.1;
        s.mail_lease_seconds = 2;
    })
    .await
}

#[tokio::test]
async fn a_queued_message_arrives_decoded_with_its_message_id() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_smtp(sink.url()).await;
    let id = queue(&app.pool, "academic@xinan.example").await;
    let got = sink.wait_for(1).await;
    let m = &got[0];
    assert_eq!(m["rcpt_tos"], json!(["academic@xinan.example"]));
    assert_eq!(
        m["subject"],
        "【教師進修網】115 學年度教師資料維護開始（臺北市大安區幸安國民小學）"
    );
    assert!(m["text"].as_str().unwrap().contains("王美玲 您好"));
    assert!(m["html"]
        .as_str()
        .unwrap()
        .contains("<strong>臺北市大安區幸安國民小學</strong>"));
    assert!(m["from"]
        .as_str()
        .unwrap()
        .contains("no-reply@inservice.test"));
    // Non-ASCII headers are RFC 2047-encoded on the wire.
    assert!(
        m["headers"].as_str().unwrap().contains("Subject: =?utf-8?"),
        "{}",
        m["headers"]
    );
    let message_id: String = sqlx::query_scalar("SELECT message_id FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(m["message_id"], message_id);
    let (s, attempts, _) = eventually("the row to be marked sent", || async {
        let st = status(&app.pool, id).await;
        (st.0 == "sent").then_some(st)
    })
    .await;
    assert_eq!((s.as_str(), attempts), ("sent", 1));
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_smtp(sink.url()).await;
    let mut tx = app.pool.begin().await.unwrap();
    let to = Recipient {
        address: "ghost@xinan.example".into(),
        name: "x".into(),
        contact_id: None,
        unit_id: None,
    };
    enqueue(&mut tx, &to, None, &opening("x"), "inservice.test")
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    // A message committed afterwards arrives; the rolled-back one never does.
    queue(&app.pool, "marker@xinan.example").await;
    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["rcpt_tos"], json!(["marker@xinan.example"]));
    assert_eq!(app.count("SELECT count(*) FROM outbox").await, 1);
}

#[tokio::test]
async fn while_the_smtp_server_is_down_mail_waits_and_then_arrives_once() {
    // Reserve a port with nothing listening on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = app_with_smtp(format!("smtp://127.0.0.1:{port}")).await;
    let ids = [
        queue(&app.pool, "a@xinan.example").await,
        queue(&app.pool, "b@xinan.example").await,
        queue(&app.pool, "c@xinan.example").await,
    ];
    for id in ids {
        eventually("a failed attempt to be recorded", || async {
            let (s, attempts, err) = status(&app.pool, id).await;
            (s == "pending" && attempts >= 1 && err.is_some()).then_some(())
        })
        .await;
    }
    let sink = SmtpSink::start_on(port, &[]);
    let got = sink.wait_for(3).await;
    for id in ids {
        eventually("delivery", || async {
            (status(&app.pool, id).await.0 == "sent").then_some(())
        })
        .await;
    }
    let mut to: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| m["rcpt_tos"][0].as_str().unwrap().to_owned())
        .collect();
    to.sort();
    assert_eq!(
        to,
        vec!["a@xinan.example", "b@xinan.example", "c@xinan.example"],
        "{got:?}"
    );
    let temporary = app
        .count("SELECT count(*) FROM outbox_attempts WHERE outcome = 'temporary'")
        .await;
    assert!(temporary >= 3);
}

#[tokio::test]
async fn temporary_refusals_are_retried_and_each_message_arrives_once() {
    let sink = SmtpSink::start(&["--fail-first", "2", "--drop-first", "1"]);
    let app = app_with_smtp(sink.url()).await;
    let a = queue(&app.pool, "a@xinan.example").await;
    let b = queue(&app.pool, "b@xinan.example").await;
    sink.wait_for(2).await;
    for id in [a, b] {
        eventually("delivery", || async {
            (status(&app.pool, id).await.0 == "sent").then_some(())
        })
        .await;
    }
    let got = sink.messages();
    assert_eq!(got.len(), 2, "{got:?}");
    let attempts = app.count("SELECT count(*) FROM outbox_attempts").await;
    assert_eq!(
        attempts, 5,
        "1 dropped connection + 2 refusals + 2 deliveries"
    );
    let codes: Vec<Option<i32>> = sqlx::query_scalar(
        "SELECT smtp_code FROM outbox_attempts WHERE outcome = 'temporary' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(451)).count(),
        2,
        "{codes:?}"
    );
}

#[tokio::test]
async fn a_permanent_refusal_is_dead_and_suppresses_the_address_until_edited() {
    let sink = SmtpSink::start(&["--reject", "^bounce@"]);
    let app = app_with_smtp(sink.url()).await;
    let unit = app.unit_id("D633101").await;
    let token = app.login("taipei-school").await;
    let created = app
        .post(
            Some(&token),
            "mutation($u: UUID!) { createContact(input: {unitId: $u, name: \"退信\", email: \"bounce@xinan.example\", receivesEmail: true}) { contact { id } errors { code } } }",
            json!({"u": unit}),
        )
        .await;
    let contact: uuid::Uuid =
        serde_json::from_value(created["data"]["createContact"]["contact"]["id"].clone()).unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let recipients = inservice::mail::outbox::recipients_of(&mut *tx, &[unit])
        .await
        .unwrap();
    let bounce = recipients
        .iter()
        .find(|r| r.contact_id == Some(contact))
        .unwrap()
        .clone();
    let id = enqueue(&mut tx, &bounce, None, &opening("退信"), "inservice.test")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let (_, _, err) = eventually("the message to die", || async {
        let st = status(&app.pool, id).await;
        (st.0 == "dead").then_some(st)
    })
    .await;
    assert!(err.unwrap().contains("550"));
    assert!(sink.messages().is_empty());

    const Q: &str = "query($u: UUID!) { orgUnit(id: $u) { contacts { id emailSuppressed { reason } lastEmail { status lastError deliveryAttempts { outcome smtpCode } } } } }";
    let r = app.post(Some(&token), Q, json!({"u": unit})).await;
    let c = r["data"]["orgUnit"]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == json!(contact))
        .unwrap()
        .clone();
    assert!(
        c["emailSuppressed"]["reason"]
            .as_str()
            .unwrap()
            .contains("550"),
        "{c}"
    );
    assert_eq!(c["lastEmail"]["status"], "DEAD");
    assert_eq!(
        c["lastEmail"]["deliveryAttempts"],
        json!([{"outcome": "permanent", "smtpCode": 550}])
    );
    // The suppressed address receives nothing more.
    let again = inservice::mail::outbox::recipients_of(&app.pool, &[unit])
        .await
        .unwrap();
    assert!(again.iter().all(|r| r.contact_id != Some(contact)));
    // Until someone corrects it.
    app.post(
        Some(&token),
        "mutation($id: UUID!) { updateContact(input: {id: $id, email: \"fixed@xinan.example\"}) { errors { code } } }",
        json!({"id": contact}),
    )
    .await;
    let fixed = inservice::mail::outbox::recipients_of(&app.pool, &[unit])
        .await
        .unwrap();
    assert!(fixed.iter().any(|r| r.contact_id == Some(contact)));
}

#[tokio::test]
async fn a_message_claimed_by_a_worker_that_died_is_sent_after_its_lease() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_smtp(sink.url()).await;
    // A worker claims the row and dies before sending.
    let mut tx = app.pool.begin().await.unwrap();
    let to = Recipient {
        address: "late@xinan.example".into(),
        name: "x".into(),
        contact_id: None,
        unit_id: None,
    };
    let id = enqueue(&mut tx, &to, None, &opening("x"), "inservice.test")
        .await
        .unwrap();
    sqlx::query("UPDATE outbox SET status = 'sending', attempts = 1, lease_until = now() + interval '1 second' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let got = sink.wait_for(1).await;
    assert_eq!(got[0]["rcpt_tos"], json!(["late@xinan.example"]));
    eventually("delivery", || async {
        (status(&app.pool, id).await.0 == "sent").then_some(())
    })
    .await;
    assert_eq!(status(&app.pool, id).await.1, 2);
}

#[tokio::test]
async fn two_server_instances_deliver_each_message_once() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_smtp(sink.url()).await;
    let url = sink.url();
    let (_other, _stop) = spawn_server(&app.db.url, move |s| {
        s.smtp_url = Some(inservice::config::Secret::new(url));
        s.mail_retry_base_seconds = 0.1;
    })
    .await;
    let mut tx = app.pool.begin().await.unwrap();
    for i in 0..60 {
        let to = Recipient {
            address: format!("t{i}@xinan.example"),
            name: "x".into(),
            contact_id: None,
            unit_id: None,
        };
        enqueue(&mut tx, &to, None, &opening("x"), "inservice.test")
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    sink.wait_for(60).await;
    eventually("every row sent", || async {
        (app_count(&app, "SELECT count(*) FROM outbox WHERE status <> 'sent'").await == 0)
            .then_some(())
    })
    .await;
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for m in sink.messages() {
        *by_id
            .entry(m["message_id"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(by_id.len(), 60);
    assert!(by_id.values().all(|n| *n == 1), "duplicates: {by_id:?}");
}

async fn app_count(app: &TestApp, sql: &str) -> i64 {
    app.count(sql).await
}

#[tokio::test]
async fn an_address_smtp_cannot_carry_is_refused_clearly() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_smtp(sink.url()).await;
    let id = queue(&app.pool, "陳老師@學校.tw").await;
    let (s, _, err) = eventually("a final outcome", || async {
        let st = status(&app.pool, id).await;
        matches!(st.0.as_str(), "sent" | "dead").then_some(st)
    })
    .await;
    // aiosmtpd without SMTPUTF8 refuses it permanently; it is not retried forever.
    assert_eq!(s, "dead", "{err:?}");
    assert!(err.is_some());
}

const OUTBOX: &str = "query($f: OutboxFilter) { outbox(filter: $f) { totalCount edges { node { id to status template attempts viewerCan { retry } } } } }";

#[tokio::test]
async fn operators_read_the_outbox_and_retry_a_dead_message() {
    let sink = SmtpSink::start(&["--reject", "^bounce@"]);
    let app = app_with_smtp(sink.url()).await;
    let dead = queue(&app.pool, "bounce@xinan.example").await;
    eventually("the message to die", || async {
        (status(&app.pool, dead).await.0 == "dead").then_some(())
    })
    .await;

    let token = app.login("operator").await;
    let r = app
        .post(Some(&token), OUTBOX, json!({"f": {"status": "DEAD"}}))
        .await;
    assert_eq!(r["data"]["outbox"]["totalCount"], 1, "{r}");
    assert_eq!(
        r["data"]["outbox"]["edges"][0]["node"]["template"],
        "roster_opened"
    );
    assert_eq!(
        r["data"]["outbox"]["edges"][0]["node"]["viewerCan"],
        json!({"retry": true}),
        "a dead message can be sent again"
    );
    let by_to = app
        .post(
            Some(&token),
            OUTBOX,
            json!({"f": {"to": "BOUNCE@xinan.example"}}),
        )
        .await;
    assert_eq!(by_to["data"]["outbox"]["totalCount"], 1);

    for login in ["taipei", "commissioner"] {
        assert_eq!(
            error_code(&app.as_user(login, OUTBOX, json!({})).await),
            "FORBIDDEN"
        );
    }

    const RETRY: &str = "mutation($id: UUID!) { retryEmail(id: $id) { message { status attempts } errors { field code } } }";
    let r = app.post(Some(&token), RETRY, json!({"id": dead})).await;
    // The worker may already have picked it up again by the time we look.
    assert_eq!(r["data"]["retryEmail"]["errors"], json!([]), "{r}");
    let retried = r["data"]["retryEmail"]["message"]["status"]
        .as_str()
        .unwrap();
    assert!(["PENDING", "SENDING", "DEAD"].contains(&retried), "{r}");
    eventually("the retry to die again", || async {
        let st = status(&app.pool, dead).await;
        (st.0 == "dead" && st.1 == 1).then_some(())
    })
    .await;
    assert_eq!(app.count("SELECT count(*) FROM outbox_attempts").await, 2);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'email.retry'")
            .await,
        1
    );

    let sent = queue(&app.pool, "ok@xinan.example").await;
    eventually("delivery", || async {
        (status(&app.pool, sent).await.0 == "sent").then_some(())
    })
    .await;
    let listed = app
        .post(
            Some(&token),
            OUTBOX,
            json!({"f": {"to": "ok@xinan.example"}}),
        )
        .await;
    assert_eq!(
        listed["data"]["outbox"]["edges"][0]["node"]["viewerCan"],
        json!({"retry": false}),
        "a sent message is not sent twice: {listed}"
    );
    let again = app.post(Some(&token), RETRY, json!({"id": sent})).await;
    assert_eq!(again["data"]["retryEmail"]["errors"][0]["code"], "CONFLICT");
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_slow_server_times_out_and_a_resend_carries_the_same_message_id() {
    // The server takes 3 s to answer the first message; the worker gives up
    // after 1 s, cannot know whether it was delivered, and sends again.
    let sink = SmtpSink::start(&["--slow-first", "1"]);
    let url = sink.url();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(inservice::config::Secret::new(url));
        s.mail_retry_base_seconds = 0.1;
        s.smtp_timeout_seconds = 1;
    })
    .await;
    let id = queue(&app.pool, "slow@xinan.example").await;
    eventually("delivery", || async {
        (status(&app.pool, id).await.0 == "sent").then_some(())
    })
    .await;
    let timeouts: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM outbox_attempts WHERE outcome = 'temporary' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(!timeouts.is_empty());
    assert!(timeouts[0].contains("no answer within 1 s"), "{timeouts:?}");
    // Whatever copies the server kept carry the outbox row's Message-ID, so
    // a duplicate after an unknown outcome would be recognisable. (aiosmtpd
    // drops the first copy when the client hangs up mid-answer.)
    let got = sink.wait_for(1).await;
    let message_id: String = sqlx::query_scalar("SELECT message_id FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        got.iter().all(|m| m["message_id"] == message_id.as_str()),
        "{got:?}"
    );
}
