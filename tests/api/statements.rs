//! Where teachers serve, as teachers and sign-in services state it: the
//! newest statement wins, disagreements with a roster are shown to the
//! school, which resolves them.

use serde_json::{json, Value};

use crate::helpers::{error_code, input_errors, spawn_app, teachers_at, TestApp, TestTeacher};

const CONFLICTS: &str = "query($s: UUID!) { serviceConflicts(schoolId: $s) { kind rosterStatus teacher { id name } statement { source statedAt unit { code } } } }";
const STATE: &str = "mutation($u: UUID, $since: DateTime) { stateServiceUnit(unitId: $u, since: $since) { recorded errors { field code message } } }";
const SIGN_IN: &str = "mutation($s: [SignInStatementInput!]!) { recordSignInStatements(statements: $s) { recorded errors { field code message } } }";
const RESOLVE: &str = "mutation($s: UUID!, $t: UUID!, $a: Boolean!) { resolveServiceConflict(schoolId: $s, teacherId: $t, accept: $a) { rosterChanged errors { field code message } } }";
const HISTORY: &str =
    "query { me { teacher { school { code } serviceHistory { source unit { code } } } } }";

fn ago(days: i64) -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::days(days))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

async fn conflicts(app: &TestApp, school: &str) -> Vec<Value> {
    let id = app.unit_id(school).await;
    let r = app
        .as_user(school_admin(school), CONFLICTS, json!({"s": id}))
        .await;
    r["data"]["serviceConflicts"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .clone()
}

fn school_admin(school: &str) -> &'static str {
    match school {
        "D633101" => "taipei-school",
        _ => "tainan-school",
    }
}

async fn sign_in(app: &TestApp, t: &TestTeacher, unit: &str, days_ago: i64) -> Value {
    let r = app
        .as_user(
            "operator",
            SIGN_IN,
            json!({"s": [{"personalCode": t.personal_code, "unitCode": unit, "statedAt": ago(days_ago)}]}),
        )
        .await;
    r["data"]["recordSignInStatements"].clone()
}

#[tokio::test]
async fn a_teacher_says_they_moved_and_the_old_school_accepts() {
    let app = spawn_app().await;
    let t = teachers_at(&app, "D633101", "elementary", 1).await;
    assert!(conflicts(&app, "D633101").await.is_empty());
    let tainan = app.unit_id("D673101").await;
    let r = app
        .post(
            Some(&t[0].token),
            STATE,
            json!({"u": tainan, "since": ago(1)}),
        )
        .await;
    assert_eq!(r["data"]["stateServiceUnit"]["recorded"], 1, "{r}");

    let c = conflicts(&app, "D633101").await;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["kind"], "SERVES_ELSEWHERE");
    assert_eq!(c[0]["statement"]["source"], "TEACHER");
    assert_eq!(c[0]["statement"]["unit"]["code"], "D673101");
    // And the new school sees someone who says they serve there.
    let c = conflicts(&app, "D673101").await;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["kind"], "SERVES_HERE");
    assert_eq!(c[0]["rosterStatus"], Value::Null);

    let xinan = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei-school",
            RESOLVE,
            json!({"s": xinan, "t": t[0].id, "a": true}),
        )
        .await;
    assert_eq!(
        r["data"]["resolveServiceConflict"]["rosterChanged"], true,
        "{r}"
    );
    assert!(conflicts(&app, "D633101").await.is_empty());
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM school_teachers WHERE teacher_id = '{}' AND status = 'left'",
            t[0].id
        ))
        .await,
        1
    );
    // The new school accepts too: the teacher is on its roster.
    let r = app
        .as_user(
            "tainan-school",
            RESOLVE,
            json!({"s": tainan, "t": t[0].id, "a": true}),
        )
        .await;
    assert_eq!(
        r["data"]["resolveServiceConflict"]["rosterChanged"], true,
        "{r}"
    );
    let h = app.post(Some(&t[0].token), HISTORY, json!({})).await;
    let history = &h["data"]["me"]["teacher"];
    assert_eq!(history["school"]["code"], "D673101", "{h}");
    let sources: Vec<&str> = history["serviceHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    // Newest first: 臺南's acceptance, 幸安's, the teacher's own.
    assert_eq!(sources, vec!["SCHOOL_ADMIN", "SCHOOL_ADMIN", "TEACHER"]);
    // Nothing left to resolve.
    let r = app
        .as_user(
            "tainan-school",
            RESOLVE,
            json!({"s": tainan, "t": t[0].id, "a": true}),
        )
        .await;
    assert_eq!(
        input_errors(&r["data"]["resolveServiceConflict"]),
        vec![("teacherId".into(), "NOT_FOUND".into())]
    );
}

#[tokio::test]
async fn an_older_sign_in_never_undoes_a_newer_school_change_and_a_school_may_reject() {
    let app = spawn_app().await;
    // Added to 幸安國小's roster now (a school-admin statement as of now).
    let t = teachers_at(&app, "D633101", "elementary", 1).await;
    sqlx::query(
        "INSERT INTO service_unit_statements (teacher_id, unit_id, source, stated_at)
         SELECT $1, id, 'school_admin', now() FROM org_units WHERE code = 'D633101'",
    )
    .bind(t[0].id)
    .execute(&app.pool)
    .await
    .unwrap();
    // A sign-in service reports the old school, as seen three days ago.
    let p = sign_in(&app, &t[0], "D673101", 3).await;
    assert_eq!(p["recorded"], 1, "{p}");
    assert!(
        conflicts(&app, "D633101").await.is_empty(),
        "older: no conflict"
    );
    // A newer sign-in elsewhere is a conflict; the school rejects it.
    let p = sign_in(&app, &t[0], "D673101", 0).await;
    assert_eq!(p["recorded"], 1, "{p}");
    let c = conflicts(&app, "D633101").await;
    assert_eq!(c[0]["statement"]["source"], "SIGN_IN_SERVICE");
    let xinan = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei-school",
            RESOLVE,
            json!({"s": xinan, "t": t[0].id, "a": false}),
        )
        .await;
    assert_eq!(
        r["data"]["resolveServiceConflict"]["rosterChanged"], false,
        "{r}"
    );
    assert!(conflicts(&app, "D633101").await.is_empty());
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM school_teachers WHERE teacher_id = '{}' AND status = 'active'",
            t[0].id
        ))
        .await,
        1,
        "the roster stands"
    );
}

#[tokio::test]
async fn bad_statements_are_named_and_none_is_recorded() {
    let app = spawn_app().await;
    let t = teachers_at(&app, "D633101", "elementary", 1).await;
    let unknown = inservice::teachers::personal_code::PersonalCode::generate();
    let future = (time::OffsetDateTime::now_utc() + time::Duration::days(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let r = app
        .as_user(
            "operator",
            SIGN_IN,
            json!({"s": [
                {"personalCode": t[0].personal_code, "unitCode": "D673101", "statedAt": ago(1)},
                {"personalCode": unknown.as_str(), "unitCode": "D673101", "statedAt": ago(1)},
                {"personalCode": "nonsense", "unitCode": "NOPE", "statedAt": future},
            ]}),
        )
        .await;
    assert_eq!(
        input_errors(&r["data"]["recordSignInStatements"]),
        vec![
            ("statements[1].personalCode".into(), "NOT_FOUND".into()),
            ("statements[2].personalCode".into(), "INVALID_FORMAT".into()),
            ("statements[2].unitCode".into(), "NOT_FOUND".into()),
            ("statements[2].statedAt".into(), "OUT_OF_RANGE".into()),
        ],
        "{r}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM service_unit_statements WHERE source = 'sign_in_service'")
            .await,
        0
    );
    // Only operators record sign-in statements; only teachers state their own.
    let r = app.as_user("taipei", SIGN_IN, json!({"s": []})).await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    let r = app.as_user("taipei-school", STATE, json!({})).await;
    assert_eq!(
        input_errors(&r["data"]["stateServiceUnit"]),
        vec![("".into(), "NOT_FOUND".into())],
        "not a teacher: {r}"
    );
    let r = app
        .post(Some(&t[0].token), STATE, json!({"u": uuid::Uuid::new_v4()}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["stateServiceUnit"]),
        vec![("unitId".into(), "NOT_FOUND".into())]
    );
    let r = app
        .post(Some(&t[0].token), STATE, json!({"since": future}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["stateServiceUnit"]),
        vec![("since".into(), "OUT_OF_RANGE".into())]
    );
    // Conflicts are the school's to see.
    let xinan = app.unit_id("D633101").await;
    let r = app
        .as_user("tainan-school", CONFLICTS, json!({"s": xinan}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
}
