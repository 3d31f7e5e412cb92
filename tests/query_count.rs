//! Lists load their relations through DataLoaders: the number of SQL
//! statements does not grow with the number of items.
//!
//! Each bound is twice the count on an idle machine: the loaders batch the
//! keys that arrive within a short window, and a busy machine can split a
//! level over two windows (seen in CI while a release build ran beside it).
//! Every bound stays far below the unbatched count, which grows with the
//! items; the test must not fail because the machine is slow.
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

const COURSES: &str = "query($first: Int!) { courses(first: $first) { totalCount edges { node {
    code title hours seatsLeft organizer { name } reviewer { name } reviewAuthority { name }
    nature { name } category { name } tags { name } audience { roles { name } }
    sessions { startsAt } history { toStatus reviewer { name } } duplicates { kind }
    viewerCan { edit review }
} } } }";

const TEACHERS: &str = "query($first: Int!, $s: UUID!) { teachers(first: $first, filter: {schoolId: $s}) { totalCount edges { node {
    status teacher { name personalCode school { name } serviceHistory { source unit { name } } }
} } } }";

const REGISTRATIONS: &str = "query($first: Int!, $c: UUID!) { registrations(courseId: $c, first: $first) { totalCount edges { node {
    teacherName personalCode status waitlistPosition school { name } course { title }
    viewerCan { admit remove }
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
    // Session, list, count, then one per relation (parent and authority
    // share the unit loader; county, children and contacts have their own),
    // however many units (8): without batching this would be hundreds.
    assert!(
        many <= 16,
        "{many} statements for {many_items} units ({few} for 5)"
    );

    let (few, _) = measure(USERS, 2).await;
    let (many, many_items) = measure(USERS, 100).await;
    assert_eq!(many_items, 12);
    // Session, list, count, assignments, their units and parents: 6.
    assert!(
        many <= 12,
        "{many} statements for {many_items} users ({few} for 2)"
    );

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
    // Session, list, count, attempts: 6 on an idle machine.
    assert!(
        many <= 12,
        "{many} statements for {many_items} messages ({few} for 2)"
    );

    // 100 courses with everything hanging off them, half of them submitted.
    let school = app.login("taipei-school").await;
    let unit = app.unit_id("D633101").await;
    for i in 0..100 {
        let mut input = course_input(i);
        input["tags"] = json!(["counselling", "gender_equality"]);
        let r = app
            .post(
                Some(&school),
                "mutation($u: UUID!, $i: CourseInput!) { createCourse(organizerId: $u, input: $i) { course { id } errors { message } } }",
                json!({"u": unit, "i": input}),
            )
            .await;
        let id = r["data"]["createCourse"]["course"]["id"].clone();
        assert!(id.is_string(), "{r}");
        if i % 2 == 0 {
            let r = app
                .post(
                    Some(&school),
                    "mutation($id: UUID!) { submitCourse(id: $id, duplicateReason: \"測試\") { errors { message } } }",
                    json!({"id": id}),
                )
                .await;
            assert_eq!(r["data"]["submitCourse"]["errors"], json!([]), "{r}");
        }
    }
    // A roster of 60 teachers, with their schools and service histories.
    let school_id = app.unit_id("D673101").await;
    let tainan = app.login("tainan-school").await;
    for n in 0..60 {
        let r = app
            .post(
                Some(&tainan),
                "mutation($i: UpsertTeacherInput!) { upsertTeacher(input: $i) { outcome errors { message } } }",
                json!({"i": {"schoolId": school_id, "nationalId": national_id(n), "name": format!("教師{n:02}")}}),
            )
            .await;
        assert_eq!(r["data"]["upsertTeacher"]["outcome"], "CREATED", "{r}");
    }
    let roster = |first: i64| {
        let counter = counter.clone();
        let (app, token) = (&app, tainan.clone());
        async move {
            let before = counter.load(Ordering::SeqCst);
            let r = app
                .post(
                    Some(&token),
                    TEACHERS,
                    json!({"first": first, "s": school_id}),
                )
                .await;
            assert!(r["errors"].is_null(), "{r}");
            (
                counter.load(Ordering::SeqCst) - before,
                r["data"]["teachers"]["edges"].as_array().unwrap().len(),
            )
        }
    };
    let (few, _) = roster(3).await;
    let (many, many_items) = roster(61).await;
    assert_eq!(many_items, 61);
    // Session, roster (one statement), audit row, schools, histories, their
    // units: 7 or 8. Unbatched it would be over 180.
    assert!(
        many <= 16,
        "{many} statements for {many_items} teachers ({few} for 3)"
    );

    // Those 60 teachers on the waitlist of 幸安國小's approved demo course.
    let course: uuid::Uuid = sqlx::query_scalar(
        "SELECT c.id FROM courses c JOIN org_units o ON o.id = c.organizer_id
          WHERE o.code = 'D633101' AND c.status = 'approved' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO registrations (course_id, teacher_id, status, channel, school_id)
         SELECT $1, teacher_id, 'waitlisted', 'online', school_id FROM school_teachers
          WHERE school_id = $2",
    )
    .bind(course)
    .bind(school_id)
    .execute(&app.pool)
    .await
    .unwrap();
    let registrations = |first: i64| {
        let counter = counter.clone();
        let (app, token) = (&app, school.clone());
        async move {
            let before = counter.load(Ordering::SeqCst);
            let r = app
                .post(
                    Some(&token),
                    REGISTRATIONS,
                    json!({"first": first, "c": course}),
                )
                .await;
            assert!(r["errors"].is_null(), "{r}");
            (
                counter.load(Ordering::SeqCst) - before,
                r["data"]["registrations"]["edges"]
                    .as_array()
                    .unwrap()
                    .len(),
            )
        }
    };
    let (few, _) = registrations(3).await;
    let (many, many_items) = registrations(60).await;
    assert_eq!(many_items, 60);
    // Session, course and organizer, page and count, audit row, then the
    // rows' schools and courses: 8. Unbatched it would be over 120.
    assert!(
        many <= 16,
        "{many} statements for {many_items} registrations ({few} for 3)"
    );

    let (few, _) = measure(COURSES, 5).await;
    // Half a page: a full page of 100 courses with all six nested lists is
    // over the query cost limit (docs/api.md, "Query cost").
    let (many, many_items) = measure(COURSES, 50).await;
    assert_eq!(many_items, 50);
    // Session and assignments, list, rows, then one per relation and
    // nesting level: units (organizer, reviewer, authority), code lists,
    // sessions, transitions, duplicates, then the transitions' units and the
    // audience's role codes one level down: 11. Unbatched it would be over
    // 700.
    assert!(
        many <= 22,
        "{many} statements for {many_items} courses ({few} for 5)"
    );

    // 40 statistics requests and 40 data-exchange applications, each with
    // its unit and its steps, as the commissioner lists them.
    sqlx::query(
        "WITH r AS (
             INSERT INTO statistics_requests (requester_id, unit_id, purpose, purpose_category, spec)
             SELECT u.id, o.id, '批次 ' || n, 'other', '{}'::jsonb
               FROM generate_series(1, 40) n, users u, org_units o
              WHERE u.login = 'tepd' AND o.code = 'MOE-TEPD'
             RETURNING id)
         INSERT INTO application_transitions (kind, application_id, to_status, actor_login)
         SELECT 'statistics', id, 'submitted', 'tepd' FROM r",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH x AS (
             INSERT INTO data_exchanges (requester_id, unit_id, purpose, period_from, period_to, valid_until)
             SELECT u.id, o.id, '批次 ' || n, '2025-08-01', '2026-07-31', current_date + 30
               FROM generate_series(1, 40) n, users u, org_units o
              WHERE u.login = 'taipei' AND o.code = '63000'
             RETURNING id)
         INSERT INTO application_transitions (kind, application_id, to_status, actor_login)
         SELECT 'data_exchange', id, 'submitted', 'taipei' FROM x",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let commissioner = app.login("commissioner").await;
    for (list, query) in [
        ("statisticsRequests", APPLICATIONS_STATISTICS),
        ("dataExchanges", APPLICATIONS_EXCHANGE),
    ] {
        let before = counter.load(Ordering::SeqCst);
        let r = app
            .post(Some(&commissioner), query, json!({"first": 100}))
            .await;
        assert!(r["errors"].is_null(), "{r}");
        let n = counter.load(Ordering::SeqCst) - before;
        let items = r["data"][list]["edges"].as_array().unwrap().len();
        assert_eq!(items, 40);
        // Session, page, count, then units and steps: 5. Unbatched it
        // would be over 80.
        assert!(n <= 10, "{n} statements for {items} {list}");
    }
}

const APPLICATIONS_STATISTICS: &str = "query($first: Int!) { statisticsRequests(first: $first) { totalCount edges { node {
    number status progress unit { name } requesterName transitions { toStatus actorLogin } viewerCan { decide download }
} } } }";

const APPLICATIONS_EXCHANGE: &str = "query($first: Int!) { dataExchanges(first: $first) { totalCount edges { node {
    number status progress unit { name } requesterName transitions { toStatus actorLogin } viewerCan { decide download }
} } } }";

/// A made-up national ID with a valid check digit: A1, 7 digits of `n`,
/// the check digit.
fn national_id(n: u32) -> String {
    let body = format!("1{n:07}");
    // A = 10: 1·1 + 0·9, then weights 8..1 over the next 8 digits.
    let mut sum = 1;
    for (d, w) in body.chars().zip([8, 7, 6, 5, 4, 3, 2, 1]) {
        sum += d.to_digit(10).unwrap() * w;
    }
    format!("A{body}{}", (10 - sum % 10) % 10)
}

/// One of 100 distinct courses, on different days so they are no duplicates.
fn course_input(i: i64) -> serde_json::Value {
    use time::{format_description::well_known::Rfc3339, Duration, OffsetDateTime};
    let start = OffsetDateTime::now_utc() + Duration::days(10 + i);
    let f = |t: OffsetDateTime| t.format(&Rfc3339).unwrap();
    json!({
        "title": format!("批次研習 {i}"), "nature": "lecture", "category": "curriculum",
        "audience": {"roles": ["teacher", "principal"]},
        "mode": "IN_PERSON", "venue": "禮堂",
        "sessions": [{"startsAt": f(start), "endsAt": f(start + Duration::hours(2))}],
        "hours": 2, "capacity": 30,
        "registrationOpensAt": f(start - Duration::days(9)),
        "registrationClosesAt": f(start - Duration::days(1)),
    })
}
