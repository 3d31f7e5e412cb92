//! Hostile text and list arguments (issue 13, item 7 and the general
//! limits): control characters such as NUL, over-long text and over-long
//! lists are refused in one place, `src/graphql/limits.rs`, before any
//! resolver runs, with an error naming the field path; nothing is written
//! and the server keeps answering. Text is normalised to NFC there too.

use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app, TestApp, DEMO_PASSWORD};

const CREATE_CONTACT: &str = "mutation($input: CreateContactInput!) {
    createContact(input: $input) { contact { id } errors { field code message } }
}";

/// Everything a refused request could have written.
async fn written(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT count(*) FROM contacts").await,
        app.count("SELECT count(*) FROM audit_log").await,
        app.count("SELECT count(*) FROM login_throttle").await,
    )
}

/// The refusal names `field` and the character, and is not INTERNAL.
fn assert_refused(r: &Value, field: &str, what: &str) {
    assert_eq!(error_code(r), "BAD_REQUEST", "{r}");
    assert_eq!(r["errors"][0]["extensions"]["field"], field, "{r}");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains(field), "{message}");
    assert!(message.contains(what), "{message}");
    assert!(r["data"].is_null(), "{r}");
}

#[tokio::test]
async fn a_nul_in_a_mutation_input_sent_as_a_variable_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    let token = app.login("taipei").await;
    let before = written(&app).await;
    let r = app
        .post(
            Some(&token),
            CREATE_CONTACT,
            json!({"input": {"unitId": school, "name": "ab\u{0}cd", "isPublic": true}}),
        )
        .await;
    assert_refused(&r, "createContact.input.name", "U+0000");
    assert_eq!(written(&app).await, before);
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_nul_in_an_inline_mutation_argument_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    let token = app.login("taipei").await;
    let before = written(&app).await;
    // `\u0000` is GraphQL's own escape here, decoded by the parser.
    let q = format!(
        r#"mutation {{ createContact(input: {{unitId: "{school}", name: "ok",
             duty: "ab\u0000cd", isPublic: true}}) {{ contact {{ id }} }} }}"#
    );
    let r = app.post(Some(&token), &q, json!({})).await;
    assert_refused(&r, "createContact.input.duty", "U+0000");
    assert_eq!(written(&app).await, before);
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_nul_in_a_login_name_is_refused_and_counts_no_attempt() {
    let app = spawn_app().await;
    let before = written(&app).await;
    let r = app
        .anon(
            "mutation($l: String!, $p: String!) { login(input: {login: $l, password: $p}) { token } }",
            json!({"l": "taipei\u{0}", "p": DEMO_PASSWORD}),
        )
        .await;
    assert_refused(&r, "login.input.login", "U+0000");
    assert_eq!(written(&app).await, before);
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_nul_in_the_public_search_filters_is_refused() {
    let app = spawn_app().await;
    let r = app
        .anon(
            r#"{ courses(filter: {search: "a\u0000"}) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_refused(&r, "courses.filter.search", "U+0000");
    let r = app
        .anon(
            "query($f: OrgUnitFilter) { orgUnits(filter: $f) { totalCount } }",
            json!({"f": {"search": "臺北\u{0}"}}),
        )
        .await;
    assert_refused(&r, "orgUnits.filter.search", "U+0000");
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn other_control_characters_are_refused_but_tabs_and_line_breaks_are_text() {
    let app = spawn_app().await;
    let q = "query($f: OrgUnitFilter) { orgUnits(filter: $f) { totalCount } }";
    for (c, name) in [
        ('\u{1b}', "U+001B"),
        ('\u{7f}', "U+007F"),
        ('\u{85}', "U+0085"),
    ] {
        let r = app
            .anon(q, json!({"f": {"search": format!("臺北{c}")}}))
            .await;
        assert_refused(&r, "orgUnits.filter.search", name);
    }
    let r = app.anon(q, json!({"f": {"search": "a\tb\r\nc"}})).await;
    assert!(r["errors"].is_null(), "{r}");
}

#[tokio::test]
async fn search_text_is_normalised_so_a_compatibility_ideograph_finds_the_unit() {
    let app = spawn_app().await;
    let q = "query($f: OrgUnitFilter) { orgUnits(filter: $f) { totalCount } }";
    let plain = app.anon(q, json!({"f": {"search": "臺北"}})).await;
    // U+F963 is CJK COMPATIBILITY IDEOGRAPH-F963, canonically 北 (U+5317).
    let compat = app.anon(q, json!({"f": {"search": "臺\u{f963}"}})).await;
    let n = &plain["data"]["orgUnits"]["totalCount"];
    assert!(n.as_i64().unwrap() > 0, "{plain}");
    assert_eq!(&compat["data"]["orgUnits"]["totalCount"], n, "{compat}");
}

#[tokio::test]
async fn text_longer_than_the_general_limit_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let r = app
        .anon(
            "query($f: OrgUnitFilter) { orgUnits(filter: $f) { totalCount } }",
            json!({"f": {"search": "字".repeat(10_001)}}),
        )
        .await;
    assert_refused(&r, "orgUnits.filter.search", "10000");
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_list_argument_longer_than_its_limit_is_refused_naming_the_field_and_limit() {
    let app = spawn_app().await;
    let kinds: Vec<_> = (0..101).map(|_| "SCHOOL").collect();
    // Inline…
    let q = format!(
        "{{ orgUnits(filter: {{kinds: [{}]}}) {{ totalCount }} }}",
        kinds.join(", ")
    );
    let r = app.anon(&q, json!({})).await;
    assert_refused(&r, "orgUnits.filter.kinds", "at most 100");
    // …and through a variable.
    let r = app
        .anon(
            "query($f: OrgUnitFilter) { orgUnits(filter: $f) { totalCount } }",
            json!({"f": {"kinds": kinds}}),
        )
        .await;
    assert_refused(&r, "orgUnits.filter.kinds", "at most 100");
    // A hundred is fine.
    let r = app
        .anon(
            "query($f: OrgUnitFilter) { orgUnits(filter: $f) { totalCount } }",
            json!({"f": {"kinds": kinds[..100]}}),
        )
        .await;
    assert!(r["errors"].is_null(), "{r}");
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_nul_in_one_entry_of_a_long_list_names_the_entry() {
    let app = spawn_app().await;
    let token = app.login("operator").await;
    let mut entries: Vec<_> = (0..150)
        .map(|_| json!({"personalCode": "0000000000", "hours": 3}))
        .collect();
    entries[120] = json!({"personalCode": "00000\u{0}0000", "hours": 3});
    let before = written(&app).await;
    let r = app
        .post(
            Some(&token),
            "mutation($c: UUID!, $e: [HoursEntryInput!]!) { grantHours(courseId: $c, entries: $e) { errors { field } } }",
            json!({"c": uuid::Uuid::nil(), "e": entries}),
        )
        .await;
    assert_refused(&r, "grantHours.entries[120].personalCode", "U+0000");
    assert_eq!(written(&app).await, before);
    super::assert_still_answers(&app).await;
}
