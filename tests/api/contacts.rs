use serde_json::{json, Value};

use crate::helpers::{error_code, input_errors, spawn_app, TestApp};

const CREATE: &str = "mutation($input: CreateContactInput!) {
    createContact(input: $input) {
        contact { id name title phone extension email duty isPublic sortOrder unit { code } }
        errors { field code message params { name value } }
    }
}";

const UPDATE: &str = "mutation($input: UpdateContactInput!) {
    updateContact(input: $input) {
        contact { id name title email isPublic updatedAt }
        errors { field code message }
    }
}";

async fn create(app: &TestApp, login: &str, input: Value) -> Value {
    app.as_user(login, CREATE, json!({ "input": input })).await
}

async fn contacts_of(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM contacts c JOIN org_units u ON u.id = c.unit_id WHERE u.code = $1",
    )
    .bind(code)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_county_admin_adds_a_contact_to_a_school_it_governs() {
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    let r = create(
        &app,
        "taipei",
        json!({"unitId": school, "name": " 林志豪 ", "title": "資訊組長", "phone": "02-2733-3063",
               "extension": "305", "email": "it@xinan.example", "duty": "研習報名系統", "isPublic": true}),
    )
    .await;
    let c = &r["data"]["createContact"]["contact"];
    assert_eq!(r["data"]["createContact"]["errors"], json!([]), "{r}");
    assert_eq!(c["name"], "林志豪");
    assert_eq!(c["unit"]["code"], "D633101");
    // Placed after the school's existing contact.
    assert_eq!(c["sortOrder"], 1);
    let audit: (String, Value) = sqlx::query_as(
        "SELECT actor_login, changes FROM audit_log WHERE action = 'contact.create' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audit.0, "taipei");
    assert_eq!(audit.1["name"]["to"], "林志豪");
}

#[tokio::test]
async fn invalid_fields_are_each_reported_and_nothing_is_written() {
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    let before = contacts_of(&app, "D633101").await;
    let r = create(
        &app,
        "taipei-school",
        json!({"unitId": school, "name": "   ", "title": "長".repeat(101), "phone": "call me",
               "extension": "12a", "email": "not-an-address", "sortOrder": -1}),
    )
    .await;
    let mut errors = input_errors(&r["data"]["createContact"]);
    errors.sort();
    assert_eq!(
        errors,
        vec![
            ("email".into(), "INVALID_EMAIL".into()),
            ("extension".into(), "INVALID_FORMAT".into()),
            ("name".into(), "REQUIRED".into()),
            ("phone".into(), "INVALID_PHONE".into()),
            ("sortOrder".into(), "OUT_OF_RANGE".into()),
            ("title".into(), "TOO_LONG".into()),
        ]
    );
    let email_message = r["data"]["createContact"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "email")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(email_message.contains("not-an-address"), "{email_message}");
    let title = r["data"]["createContact"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "title")
        .unwrap();
    assert_eq!(
        crate::helpers::error_params(title),
        vec![("max".to_owned(), "100".to_owned())],
        "the limit is a param, for clients to word"
    );
    assert!(r["data"]["createContact"]["contact"].is_null());
    assert_eq!(contacts_of(&app, "D633101").await, before);
}

#[tokio::test]
async fn an_unknown_unit_is_a_field_error() {
    let app = spawn_app().await;
    let r = create(
        &app,
        "operator",
        json!({"unitId": uuid::Uuid::new_v4(), "name": "x"}),
    )
    .await;
    assert_eq!(
        input_errors(&r["data"]["createContact"]),
        vec![("unitId".into(), "NOT_FOUND".into())]
    );
}

#[tokio::test]
async fn updating_changes_only_the_given_fields_and_null_clears() {
    let app = spawn_app().await;
    let token = app.login("taipei").await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT c.id FROM contacts c JOIN org_units u ON u.id = c.unit_id WHERE u.code = '63000' AND c.name = '陳志明'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app
        .post(
            Some(&token),
            UPDATE,
            json!({"input": {"id": id, "title": null, "email": "new@tp.edu.example"}}),
        )
        .await;
    let c = &r["data"]["updateContact"]["contact"];
    assert_eq!(c["name"], "陳志明");
    assert!(c["title"].is_null());
    assert_eq!(c["email"], "new@tp.edu.example");
    let changes: Value =
        sqlx::query_scalar("SELECT changes FROM audit_log WHERE action = 'contact.update'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(changes["title"], json!({"from": "股長", "to": null}));
    assert_eq!(changes["email"]["to"], "new@tp.edu.example");
    assert!(changes.get("name").is_none());

    let bad = app
        .post(
            Some(&token),
            UPDATE,
            json!({"input": {"id": id, "name": ""}}),
        )
        .await;
    assert_eq!(
        input_errors(&bad["data"]["updateContact"]),
        vec![("name".into(), "REQUIRED".into())]
    );
    let name: String = sqlx::query_scalar("SELECT name FROM contacts WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "陳志明");
}

#[tokio::test]
async fn deleting_removes_the_contact_and_audits_it() {
    let app = spawn_app().await;
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT c.id FROM contacts c JOIN org_units u ON u.id = c.unit_id WHERE u.code = 'D673101'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let r = app
        .as_user(
            "tainan-school",
            "mutation($id: UUID!) { deleteContact(id: $id) { deletedId errors { code } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(r["data"]["deleteContact"]["deletedId"], json!(id));
    assert_eq!(contacts_of(&app, "D673101").await, 0);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'contact.delete'")
            .await,
        1
    );

    let again = app
        .as_user(
            "tainan-school",
            "mutation($id: UUID!) { deleteContact(id: $id) { deletedId errors { field code } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        input_errors(&again["data"]["deleteContact"]),
        vec![("id".into(), "NOT_FOUND".into())]
    );
}

#[tokio::test]
async fn contacts_are_reordered_only_with_the_complete_list() {
    let app = spawn_app().await;
    let unit = app.unit_id("63000").await;
    let ids: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM contacts WHERE unit_id = $1 ORDER BY sort_order")
            .bind(unit)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(ids.len(), 2);
    let token = app.login("taipei").await;
    const REORDER: &str = "mutation($u: UUID!, $ids: [UUID!]!) { reorderContacts(unitId: $u, contactIds: $ids) { unit { contacts { id } } errors { field code } } }";
    let reversed = vec![ids[1], ids[0]];
    let r = app
        .post(Some(&token), REORDER, json!({"u": unit, "ids": reversed}))
        .await;
    let order: Vec<Value> = r["data"]["reorderContacts"]["unit"]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(order, vec![json!(ids[1]), json!(ids[0])]);

    let incomplete = app
        .post(Some(&token), REORDER, json!({"u": unit, "ids": [ids[0]]}))
        .await;
    assert_eq!(
        input_errors(&incomplete["data"]["reorderContacts"]),
        vec![("contactIds".into(), "CONFLICT".into())]
    );
    let twice = app
        .post(
            Some(&token),
            REORDER,
            json!({"u": unit, "ids": [ids[0], ids[0]]}),
        )
        .await;
    assert_eq!(
        input_errors(&twice["data"]["reorderContacts"]),
        vec![("contactIds".into(), "CONFLICT".into())]
    );
}

#[tokio::test]
async fn confirming_stamps_the_unit_and_its_contacts() {
    let app = spawn_app().await;
    let unit = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei-school",
            "mutation($u: UUID!) { confirmContacts(unitId: $u) { unit { contactsConfirmedAt contacts { confirmedAt } } errors { code } } }",
            json!({"u": unit}),
        )
        .await;
    let unit_json = &r["data"]["confirmContacts"]["unit"];
    let at = unit_json["contactsConfirmedAt"].as_str().unwrap();
    assert!(at.contains('T'), "{at}");
    assert_eq!(
        unit_json["contacts"][0]["confirmedAt"].as_str().unwrap(),
        at
    );
    // A county admin sees when each governed unit last confirmed.
    let list = app
        .as_user(
            "taipei",
            "{ orgUnits(filter: {parentId: \"63000\"}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&list), "BAD_REQUEST");
    let governed = app
        .as_user(
            "taipei",
            "query($p: UUID!) { orgUnits(filter: {parentId: $p, kinds: [SCHOOL]}) { edges { node { code contactsConfirmedAt } } } }",
            json!({"p": app.unit_id("63000").await}),
        )
        .await;
    let nodes = governed["data"]["orgUnits"]["edges"].as_array().unwrap();
    let xinan = nodes
        .iter()
        .find(|e| e["node"]["code"] == "D633101")
        .unwrap();
    assert_eq!(xinan["node"]["contactsConfirmedAt"].as_str().unwrap(), at);
    let other = nodes
        .iter()
        .find(|e| e["node"]["code"] == "D633102")
        .unwrap();
    assert!(other["node"]["contactsConfirmedAt"].is_null());
}

#[tokio::test]
async fn hidden_contacts_are_seen_by_admins_only() {
    let app = spawn_app().await;
    const Q: &str = "{ orgUnit(code: \"63000\") { contacts { name isPublic } } }";
    let public = app.anon(Q, json!({})).await;
    let names: Vec<&str> = public["data"]["orgUnit"]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["陳志明"]);
    let admin = app.as_user("taipei", Q, json!({})).await;
    assert_eq!(
        admin["data"]["orgUnit"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let other_county = app.as_user("tainan", Q, json!({})).await;
    assert_eq!(
        other_county["data"]["orgUnit"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let commissioner = app.as_user("commissioner", Q, json!({})).await;
    assert_eq!(
        commissioner["data"]["orgUnit"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_contact_receives_email_only_with_an_address() {
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    let r = create(
        &app,
        "taipei-school",
        json!({"unitId": school, "name": "無信箱", "receivesEmail": true}),
    )
    .await;
    assert_eq!(
        input_errors(&r["data"]["createContact"]),
        vec![("receivesEmail".into(), "REQUIRED".into())]
    );
    let ok = create(
        &app,
        "taipei-school",
        json!({"unitId": school, "name": "有信箱", "email": "mail@xinan.example", "receivesEmail": true}),
    )
    .await;
    assert_eq!(ok["data"]["createContact"]["errors"], json!([]), "{ok}");
}
