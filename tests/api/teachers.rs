//! Teachers: the school roster, national IDs kept only hashed and masked,
//! personal codes, moves between schools.

use inservice::teachers::personal_code::PersonalCode;
use serde_json::{json, Value};

use crate::helpers::{error_code, input_errors, spawn_app, TestApp};

const UPSERT: &str = "mutation($i: UpsertTeacherInput!) { upsertTeacher(input: $i) {
    outcome teacher { id name nationalIdMasked personalCode school { code } }
    errors { field code message } } }";
const ROSTER: &str =
    "query($s: UUID!, $st: [RosterStatus!]) { teachers(filter: {schoolId: $s, status: $st}) {
    totalCount edges { node { status educationStage jobTitle
        teacher { id name nationalIdMasked personalCode school { code } } } } } }";

async fn upsert(app: &TestApp, login: &str, school: &str, id: &str, name: &str) -> Value {
    let s = app.unit_id(school).await;
    let r = app
        .as_user(
            login,
            UPSERT,
            json!({"i": {"schoolId": s, "nationalId": id, "name": name,
                         "educationStage": "ELEMENTARY", "jobTitle": "導師"}}),
        )
        .await;
    assert_eq!(error_code(&r), "", "{r}");
    r["data"]["upsertTeacher"].clone()
}

async fn roster(app: &TestApp, login: &str, school: &str, statuses: Value) -> Value {
    let s = app.unit_id(school).await;
    app.as_user(login, ROSTER, json!({"s": s, "st": statuses}))
        .await
}

fn names(r: &Value) -> Vec<(String, String)> {
    r["data"]["teachers"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|e| {
            (
                e["node"]["teacher"]["name"].as_str().unwrap().to_owned(),
                e["node"]["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_school_adds_a_teacher_who_gets_a_personal_code() {
    let app = spawn_app().await;
    // Lower case and separators are accepted.
    let p = upsert(&app, "taipei-school", "D633101", "e120-005 006", "張志豪").await;
    assert_eq!(p["errors"], json!([]), "{p}");
    assert_eq!(p["outcome"], "CREATED");
    let t = &p["teacher"];
    assert_eq!(t["nationalIdMasked"], "E12****006");
    assert_eq!(t["school"]["code"], "D633101");
    let code = t["personalCode"].as_str().unwrap();
    PersonalCode::parse(code).expect("a valid personal code");

    // The same person again: unchanged; a new name: updated; same code.
    let again = upsert(&app, "taipei-school", "D633101", "E120005006", "張志豪").await;
    assert_eq!(again["outcome"], "UNCHANGED");
    let renamed = upsert(
        &app,
        "taipei-school",
        "D633101",
        "E120005006",
        "張志豪（改名）",
    )
    .await;
    assert_eq!(renamed["outcome"], "UPDATED");
    assert_eq!(renamed["teacher"]["personalCode"], code);

    // Nothing anywhere in the database holds the plain ID.
    let plain: i64 =
        sqlx::query_scalar("SELECT count(*) FROM teachers t WHERE t::text LIKE '%E120005006%'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(plain, 0);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log a WHERE a::text LIKE '%E120005006%'")
            .await,
        0
    );
}

#[tokio::test]
async fn bad_national_ids_and_fields_are_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let before = app.count("SELECT count(*) FROM teachers").await;
    for (id, why) in [
        ("E120005007", "wrong check digit"),
        ("E320005006", "wrong second digit"),
        ("E12000500", "too short"),
        ("1120005006", "no letter"),
    ] {
        let p = upsert(&app, "taipei-school", "D633101", id, "某人").await;
        assert_eq!(
            input_errors(&p),
            [("nationalId".into(), "INVALID_FORMAT".into())],
            "{why}: {p}"
        );
        let message = p["errors"][0]["message"].as_str().unwrap();
        assert!(
            !message.contains(id),
            "the message repeats the ID: {message}"
        );
    }
    let p = upsert(&app, "taipei-school", "D633101", "E120005006", " ").await;
    assert_eq!(input_errors(&p), [("name".into(), "REQUIRED".into())]);
    assert_eq!(app.count("SELECT count(*) FROM teachers").await, before);
    // Only the school edits its roster: not its county, not the operator.
    let s = app.unit_id("D633101").await;
    for login in ["taipei", "operator"] {
        let r = app
            .as_user(
                login,
                UPSERT,
                json!({"i": {"schoolId": s, "nationalId": "E120005006", "name": "某人"}}),
            )
            .await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
    }
}

#[tokio::test]
async fn a_teacher_who_moves_shows_as_moved_at_the_old_school() {
    let app = spawn_app().await;
    upsert(&app, "taipei-school", "D633101", "E120005006", "張志豪").await;
    // Issue 13: another school's upsert used to take the teacher over at
    // once; now it is a transfer the former school (or the teacher) confirms.
    let p = upsert(&app, "tainan-school", "D673101", "E120005006", "張志豪").await;
    assert_eq!(p["outcome"], "PENDING_TRANSFER", "{p}");
    assert_eq!(p["teacher"], Value::Null);
    let out = app
        .as_user(
            "taipei-school",
            "query($s: UUID!) { teacherTransfers(schoolId: $s, direction: OUTGOING) { nodes { id } } }",
            json!({"s": app.unit_id("D633101").await}),
        )
        .await;
    let r = app
        .as_user(
            "taipei-school",
            "mutation($t: UUID!) { decideTeacherTransfer(transferId: $t, accept: true) { transfer { status } } }",
            json!({"t": out["data"]["teacherTransfers"]["nodes"][0]["id"]}),
        )
        .await;
    assert_eq!(
        r["data"]["decideTeacherTransfer"]["transfer"]["status"], "CONFIRMED",
        "{r}"
    );
    let tainan = roster(&app, "tainan-school", "D673101", json!(null)).await;
    let joined = tainan["data"]["teachers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["teacher"]["name"] == "張志豪")
        .map(|e| e["node"]["teacher"].clone())
        .unwrap_or_else(|| panic!("{tainan}"));
    assert_eq!(joined["school"]["code"], "D673101");

    let taipei = roster(
        &app,
        "taipei-school",
        "D633101",
        json!(["ACTIVE", "MOVED", "LEFT"]),
    )
    .await;
    assert!(
        names(&taipei).contains(&("張志豪".into(), "MOVED".into())),
        "{taipei}"
    );
    let active = roster(&app, "taipei-school", "D633101", json!(null)).await;
    assert!(!names(&active).iter().any(|(n, _)| n == "張志豪"));
    // The old school no longer sees the code; the new one does.
    let moved = taipei["data"]["teachers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["teacher"]["name"] == "張志豪")
        .unwrap()
        .clone();
    assert_eq!(moved["node"]["teacher"]["personalCode"], Value::Null);
    // ... nor where the teacher went.
    assert_eq!(moved["node"]["teacher"]["school"], Value::Null);
    assert!(joined["personalCode"].is_string());

    let id = joined["id"].clone();
    let r = app
        .as_user(
            "tainan-school",
            "query($s: UUID!) { teachers(filter: {schoolId: $s}) { edges { node { teacher { id serviceHistory { source unit { code } } } } } } }",
            json!({"s": app.unit_id("D673101").await}),
        )
        .await;
    let history = r["data"]["teachers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["teacher"]["id"] == id)
        .map(|e| e["node"]["teacher"]["serviceHistory"].clone())
        .unwrap();
    assert_eq!(
        history,
        json!([
            {"source": "SCHOOL_ADMIN", "unit": {"code": "D673101"}},
            {"source": "SCHOOL_ADMIN", "unit": {"code": "D633101"}},
        ])
    );

    // Leaving.
    let r = app
        .as_user(
            "tainan-school",
            "mutation($s: UUID!, $t: UUID!) { markTeacherLeft(schoolId: $s, teacherId: $t) { teacher { school { code } } errors { code } } }",
            json!({"s": app.unit_id("D673101").await, "t": id}),
        )
        .await;
    assert_eq!(
        r["data"]["markTeacherLeft"]["teacher"]["school"],
        Value::Null,
        "{r}"
    );
}

#[tokio::test]
async fn only_the_school_and_the_teacher_see_personal_codes() {
    let app = spawn_app().await;
    let school = roster(&app, "taipei-school", "D633101", json!(null)).await;
    assert_eq!(school["data"]["teachers"]["totalCount"], 3, "{school}");
    let codes: Vec<&Value> = school["data"]["teachers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["teacher"]["personalCode"])
        .collect();
    assert!(codes.iter().all(|c| c.is_string()), "{school}");

    // The county reads the roster without codes.
    let county = roster(&app, "taipei", "D633101", json!(null)).await;
    assert_eq!(county["data"]["teachers"]["totalCount"], 3);
    assert!(county["data"]["teachers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["node"]["teacher"]["personalCode"].is_null()));
    // Another school, another county, the operator's code view: none.
    for login in ["tainan-school", "tainan", "teacher", "ntnu-ce"] {
        let r = roster(&app, login, "D633101", json!(null)).await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
    }
    // The teacher sees their own code on their home page.
    let me = app
        .as_user(
            "teacher",
            "{ me { teacher { name personalCode nationalIdMasked } } }",
            json!({}),
        )
        .await;
    let own = &me["data"]["me"]["teacher"];
    assert_eq!(own["name"], "林怡君");
    PersonalCode::parse(own["personalCode"].as_str().unwrap()).unwrap();
    assert_eq!(own["nationalIdMasked"], "A22****006");
    // Other accounts have no teacher record.
    let r = app
        .as_user("taipei-school", "{ me { teacher { name } } }", json!({}))
        .await;
    assert_eq!(r["data"]["me"]["teacher"], Value::Null);
    // Reading a roster is audited.
    assert!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'teacher.list'")
            .await
            >= 2
    );
}

#[tokio::test]
async fn permission_flags_follow_the_policy_for_menus() {
    let app = spawn_app().await;
    let network = "{ viewerPermissions { manageDelegations reviewCourses readOutbox
        openRosterCampaign readRosters publishAnnouncements readOwnHours requestStatistics decideStatistics readCountyReports
        applyDataExchange decideDataExchange } }";
    let names = [
        "manageDelegations",
        "reviewCourses",
        "readOutbox",
        "openRosterCampaign",
        "readRosters",
        "publishAnnouncements",
        "readOwnHours",
        "requestStatistics",
        "decideStatistics",
        "readCountyReports",
        "applyDataExchange",
        "decideDataExchange",
    ];
    let net = |expected: [bool; 12]| -> Value {
        names
            .iter()
            .zip(expected)
            .map(|(name, flag)| (name.to_string(), Value::Bool(flag)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    for (login, expected) in [
        (
            "operator",
            [
                true, true, true, true, true, true, false, false, false, true, false, false,
            ],
        ),
        (
            "commissioner",
            [
                true, false, false, false, true, false, false, false, true, true, false, true,
            ],
        ),
        (
            "taipei",
            [
                false, true, false, false, true, true, false, true, false, true, true, false,
            ],
        ),
        // A K-12 division governs schools: it may apply for data exchange.
        (
            "k12-hs",
            [
                false, true, false, false, true, true, false, true, false, true, true, false,
            ],
        ),
        // A ministry division holds `exchange apply` by role but governs no
        // schools, so it has no unit to apply for.
        (
            "tepd",
            [
                false, true, false, false, true, true, false, true, false, true, false, false,
            ],
        ),
        (
            "taipei-school",
            [
                false, false, false, false, true, true, false, false, false, false, false, false,
            ],
        ),
        (
            "teacher",
            [
                false, false, false, false, false, false, true, false, false, false, false, false,
            ],
        ),
    ] {
        let r = app.as_user(login, network, json!({})).await;
        assert_eq!(r["data"]["viewerPermissions"], net(expected), "{login}");
    }
    let r = app.anon(network, json!({})).await;
    assert_eq!(r["data"]["viewerPermissions"], net([false; 12]));
    let unit = "query($c: String!) { orgUnit(code: $c) { viewerCan {
        editCourses reviewCourses readTeachers editTeachers readPersonalCodes } } }";
    // At 幸安國小: its admin edits courses and teachers and sees codes; the
    // county reviews and reads the roster; the operator only reads it.
    let at = |[edit, review, read, write, codes]: [bool; 5]| {
        json!({"editCourses": edit, "reviewCourses": review, "readTeachers": read,
               "editTeachers": write, "readPersonalCodes": codes})
    };
    for (login, expected) in [
        ("taipei-school", [true, false, true, true, true]),
        ("taipei", [false, true, true, false, false]),
        ("operator", [false, false, true, false, false]),
        ("tainan", [false, false, false, false, false]),
    ] {
        let r = app.as_user(login, unit, json!({"c": "D633101"})).await;
        assert_eq!(r["data"]["orgUnit"]["viewerCan"], at(expected), "{login}");
    }
}
