use serde_json::json;

use crate::helpers::{error_code, spawn_app};

const DIRECTORY: &str = "query($f: DirectoryFilter, $first: Int, $after: String) {
    directory(filter: $f, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { unit { code name kind } contacts { name isPublic duty } } }
    }
}";

#[tokio::test]
async fn anyone_browses_the_regional_centers_and_divisions_without_signing_in() {
    let app = spawn_app().await;
    let r = app.anon(DIRECTORY, json!({"first": 100})).await;
    let d = &r["data"]["directory"];
    // 3 ministry divisions, the K-12 Administration, its 5 divisions, 22 counties.
    assert_eq!(d["totalCount"], 31, "{r}");
    let kinds: Vec<&str> = d["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["unit"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "K12_DIVISION").count(), 5);
    assert_eq!(kinds.iter().filter(|k| **k == "COUNTY_BUREAU").count(), 22);
    assert!(!kinds.contains(&"SCHOOL"));
    // Only published contacts, even though 臺北市 has a hidden one.
    for e in d["edges"].as_array().unwrap() {
        for c in e["node"]["contacts"].as_array().unwrap() {
            assert_eq!(c["isPublic"], true);
        }
    }
    let taipei = d["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["unit"]["code"] == "63000")
        .unwrap();
    assert_eq!(taipei["node"]["contacts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_directory_stays_public_even_for_a_signed_in_admin() {
    let app = spawn_app().await;
    let r = app
        .as_user("taipei", DIRECTORY, json!({"f": {"search": "臺北"}}))
        .await;
    let taipei = &r["data"]["directory"]["edges"][0]["node"];
    assert_eq!(taipei["unit"]["code"], "63000");
    assert_eq!(taipei["contacts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn searching_finds_units_by_name_and_by_a_published_duty() {
    let app = spawn_app().await;
    let by_name = app
        .anon(DIRECTORY, json!({"f": {"search": "學前教育組"}}))
        .await;
    assert_eq!(by_name["data"]["directory"]["totalCount"], 1);
    assert_eq!(
        by_name["data"]["directory"]["edges"][0]["node"]["unit"]["code"],
        "K12EA-PRE"
    );
    let by_duty = app
        .anon(
            DIRECTORY,
            json!({"f": {"search": "國立及私立高級中等學校"}}),
        )
        .await;
    assert_eq!(
        by_duty["data"]["directory"]["edges"][0]["node"]["unit"]["code"],
        "K12EA-HS"
    );
    // A hidden contact's duty is not searchable by the public.
    let hidden = app
        .anon(DIRECTORY, json!({"f": {"search": "時數核發查詢"}}))
        .await;
    assert_eq!(hidden["data"]["directory"]["totalCount"], 0);
    // LIKE wildcards are taken literally.
    let wildcard = app.anon(DIRECTORY, json!({"f": {"search": "%"}})).await;
    assert_eq!(wildcard["data"]["directory"]["totalCount"], 0);
}

#[tokio::test]
async fn pages_follow_on_from_their_cursor() {
    let app = spawn_app().await;
    let first = app.anon(DIRECTORY, json!({"first": 10})).await;
    let page = &first["data"]["directory"];
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let after = page["pageInfo"]["endCursor"].as_str().unwrap();
    let second = app
        .anon(DIRECTORY, json!({"first": 10, "after": after}))
        .await;
    let a: Vec<String> = page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["unit"]["code"].to_string())
        .collect();
    let b: Vec<String> = second["data"]["directory"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["unit"]["code"].to_string())
        .collect();
    assert_eq!(b.len(), 10);
    assert!(a.iter().all(|code| !b.contains(code)));
    let bogus = app
        .anon(DIRECTORY, json!({"first": 10, "after": "bm9wZQ"}))
        .await;
    assert_eq!(error_code(&bogus), "BAD_REQUEST");
    assert!(bogus["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cursor"));
}

#[tokio::test]
async fn units_are_found_by_code_with_their_relations() {
    let app = spawn_app().await;
    let r = app
        .anon(
            "{ orgUnit(code: \"D033101\") { name kind county { code name } competentAuthority { code } parent { code parent { code } } educationStage district } }",
            json!({}),
        )
        .await;
    let u = &r["data"]["orgUnit"];
    assert_eq!(u["kind"], "SCHOOL");
    assert_eq!(u["county"]["code"], "63000");
    assert_eq!(u["competentAuthority"]["code"], "K12EA-HS");
    assert_eq!(u["parent"]["parent"]["code"], "K12EA");
    assert_eq!(u["educationStage"], "SENIOR_HIGH");
    let both = app
        .anon(
            "{ orgUnit(code: \"63000\", id: \"00000000-0000-0000-0000-000000000000\") { name } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&both), "BAD_REQUEST");
    let none = app
        .anon("{ orgUnit(code: \"99999\") { name } }", json!({}))
        .await;
    assert!(none["data"]["orgUnit"].is_null());
}

#[tokio::test]
async fn everything_a_county_governs_is_one_filter() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let r = app
        .anon(
            "query($w: UUID!) { orgUnits(filter: {withinId: $w}) { totalCount edges { node { code } } } }",
            json!({"w": taipei}),
        )
        .await;
    let codes: Vec<&str> = r["data"]["orgUnits"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["63000", "TP-TSC", "D633101", "D633102"]);
    // The national senior high school in Taipei is located there but not governed by it.
    let located = app
        .anon(
            "{ orgUnits(filter: {countyCode: \"63000\", kinds: [SCHOOL]}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(located["data"]["orgUnits"]["totalCount"], 3);
    let bad = app
        .anon(
            "{ orgUnits(filter: {countyCode: \"taipei\"}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_REQUEST");
}
