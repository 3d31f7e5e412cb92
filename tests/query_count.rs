//! Lists load their relations through DataLoaders: the number of SQL
//! statements does not grow with the number of items.
//!
//! Its own test binary, because it counts every statement the process sends
//! (sqlx reports each one as a `sqlx::query` tracing event).

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

use serde_json::json;
use tracing_subscriber::{layer::SubscriberExt, EnvFilter, Layer};

struct CountStatements(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

const UNITS: &str = "query($first: Int!) { orgUnits(first: $first) { totalCount edges { node {
    code name parent { name } competentAuthority { name } county { name }
    children { code } contacts { name } viewerCan { editContacts }
} } } }";

const OUTBOX: &str = "query($first: Int!) { outbox(first: $first) { totalCount edges { node {
    to status deliveryAttempts { outcome smtpCode }
} } } }";

const USERS: &str = "query($first: Int!) { users(first: $first) { totalCount edges { node {
    login roles { role unit { name parent { name } } }
} } } }";

#[tokio::test]
async fn listing_units_or_users_costs_a_constant_number_of_statements() {
    let counter = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry()
        .with(CountStatements(counter.clone()).with_filter(EnvFilter::new("sqlx::query=trace")));
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let app = helpers::spawn_app().await;
    let token = app.login("operator").await;
    let measure = |query: &'static str, first: i64| {
        let counter = counter.clone();
        let app = &app;
        let token = token.clone();
        async move {
            let before = counter.load(Ordering::SeqCst);
            let r = app.post(Some(&token), query, json!({"first": first})).await;
            assert!(r["errors"].is_null(), "{r}");
            let n = counter.load(Ordering::SeqCst) - before;
            let items = r["data"].as_object().unwrap().values().next().unwrap()["edges"]
                .as_array()
                .unwrap()
                .len();
            (n, items)
        }
    };
    let (few, few_items) = measure(UNITS, 5).await;
    let (many, many_items) = measure(UNITS, 100).await;
    assert_eq!(few_items, 5);
    assert!(many_items >= 47, "{many_items}");
    // Fewer units may leave a relation unused (no county, no parent), never more.
    assert!(
        few <= many,
        "5 units took {few} statements, {many_items} units took {many}"
    );
    // Session, list, count, then one per relation (parent and authority
    // share the unit loader; county, children and contacts have their own),
    // however many units: without batching this would be hundreds.
    assert!(many <= 8, "{many} statements for {many_items} units");

    let (few, _) = measure(USERS, 2).await;
    let (many, many_items) = measure(USERS, 100).await;
    assert_eq!(many_items, 9);
    assert!(few <= many, "users: {few} vs {many} statements");

    // The outbox with every message's delivery attempts.
    let mut tx = app.pool.begin().await.unwrap();
    for i in 0..30 {
        let to = inservice::mail::Recipient {
            address: format!("t{i}@school.example"),
            name: "x".into(),
            contact_id: None,
            unit_id: None,
        };
        let email = inservice::mail::templates::RosterOpened {
            recipient_name: "x".into(),
            unit_name: "x".into(),
            school_year: 115,
            deadline: "2026-09-30".into(),
            console_url: "https://x".into(),
        };
        let id = inservice::mail::enqueue(&mut tx, &to, None, &email, "x.example")
            .await
            .unwrap();
        sqlx::query("INSERT INTO outbox_attempts (outbox_id, outcome, smtp_code) VALUES ($1, 'temporary', 451)")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let (few, _) = measure(OUTBOX, 2).await;
    let (many, many_items) = measure(OUTBOX, 100).await;
    assert_eq!(many_items, 30);
    assert_eq!(few, many, "outbox: {few} vs {many} statements");
    // Session, list, count, assignments, units, their parents.
    assert!(many <= 6, "{many} statements for {many_items} users");
}
