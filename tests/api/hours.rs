//! The hours ledger: grants one by one and by file (preview, then all or
//! nothing), corrections and revocations as new entries with a reason, the
//! teacher's summary by period and tag, and the transcript download.

use serde_json::{json, Value};

use crate::{
    helpers::{
        error_code, error_params, input_errors, spawn_app, teachers_at, TestApp, TestTeacher,
    },
    registrations::{approved_course, as_teacher, REGISTER},
};

const GRANT: &str = "mutation($c: UUID!, $e: [HoursEntryInput!]!) { grantHours(courseId: $c, entries: $e) { committed newCount correctedCount unchangedCount errorCount rows { line personalCode teacherName hours previousHours outcome errors { field code message params { name value } } } errors { field code message } } }";
const LEDGER: &str = "query($c: UUID!) { hourEntries(courseId: $c) { totalCount edges { node { id kind hours teacherName reason revoked revokesId issuedByLogin } } } }";
const REVOKE: &str = "mutation($g: UUID!, $r: String!) { revokeHours(grantId: $g, reason: $r) { entry { kind hours reason revokesId } errors { field code message } } }";
const SUMMARY: &str = "query($t: UUID, $y: Int, $cy: Int) { hoursSummary(teacherId: $t, schoolYear: $y, calendarYear: $cy) { teacherName period totalHours transcriptUrl courses { hours course { code title } } byTag { hours tag { code name } } } }";
const UPLOAD: &str = "mutation($c: UUID!, $f: Upload!, $d: Boolean!) { uploadHours(courseId: $c, file: $f, dryRun: $d) { format committed newCount correctedCount unchangedCount errorCount rows { line personalCode teacherName hours outcome errors { field code message } } errors { field code message params { name value } } } }";

/// A 3-hour special-education course of 幸安國小 that `teachers` are
/// admitted to, moved into the past (held two days ago).
async fn held_course(app: &TestApp, teachers: &[TestTeacher]) -> String {
    let course = approved_course(app, 50, |i| i["tags"] = json!(["special_education"])).await;
    for t in teachers {
        let r = as_teacher(app, t, REGISTER, json!({"c": course})).await;
        assert_eq!(r["data"]["register"]["errors"], json!([]), "{r}");
    }
    sqlx::query(
        "UPDATE course_sessions SET starts_at = now() - interval '2 days',
                ends_at = now() - interval '2 days' + interval '3 hours' WHERE course_id = $1::uuid",
    )
    .bind(&course)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE courses SET registration_opens_at = now() - interval '10 days',
                registration_closes_at = now() - interval '3 days',
                starts_at = now() - interval '2 days',
                ends_at = now() - interval '2 days' + interval '3 hours' WHERE id = $1::uuid",
    )
    .bind(&course)
    .execute(&app.pool)
    .await
    .unwrap();
    course
}

fn school_year_now() -> i64 {
    crate::helpers::school_year_days_ago(2)
}

async fn upload(app: &TestApp, course: &str, name: &str, bytes: Vec<u8>, dry_run: bool) -> Value {
    let token = app.login("taipei-school").await;
    let operations = json!({"query": UPLOAD, "variables": {"c": course, "f": null, "d": dry_run}});
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.f"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let resp = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .header("x-requested-with", "inservice-tests")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let body: Value = resp.json().await.unwrap();
    assert!(body["data"]["uploadHours"].is_object(), "{body}");
    body["data"]["uploadHours"].clone()
}

#[tokio::test]
async fn hours_are_granted_corrected_and_revoked_as_new_entries_and_summed_for_the_teacher() {
    let app = spawn_app().await;
    let t = teachers_at(&app, "D633101", "elementary", 3).await;
    let course = held_course(&app, &t[..2]).await;

    // Every bad entry is named, and nothing is written.
    let unknown = inservice::teachers::personal_code::PersonalCode::generate();
    let r = app
        .as_user(
            "taipei-school",
            GRANT,
            json!({"c": course, "e": [
                {"personalCode": t[0].personal_code, "hours": 3},
                {"personalCode": t[2].personal_code, "hours": 3},
                {"personalCode": unknown.as_str(), "hours": 1},
                {"personalCode": t[1].personal_code, "hours": 3.5},
                {"personalCode": "ABC", "hours": 1.25},
                {"personalCode": t[0].personal_code.to_lowercase(), "hours": 2},
            ]}),
        )
        .await;
    let p = &r["data"]["grantHours"];
    assert_eq!(p["committed"], false, "{r}");
    let errors: Vec<Vec<(String, String)>> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(input_errors)
        .collect();
    assert_eq!(
        errors,
        vec![
            vec![],
            vec![("entries[1].personalCode".into(), "CONFLICT".into())],
            vec![("entries[2].personalCode".into(), "NOT_FOUND".into())],
            vec![("entries[3].hours".into(), "OUT_OF_RANGE".into())],
            vec![
                ("entries[4].personalCode".into(), "INVALID_FORMAT".into()),
                ("entries[4].hours".into(), "OUT_OF_RANGE".into())
            ],
            vec![("entries[5].personalCode".into(), "ALREADY_EXISTS".into())],
        ],
        "{r}"
    );
    assert!(p["rows"][1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not admitted"));
    // The values the messages name come as params too, for the console's wording.
    assert_eq!(
        error_params(&p["rows"][1]["errors"][0]),
        vec![("personalCode".into(), t[2].personal_code.clone())],
        "{r}"
    );
    assert_eq!(
        error_params(&p["rows"][3]["errors"][0]),
        vec![("hours".into(), "3.5".into()), ("max".into(), "3".into())],
        "{r}"
    );
    assert_eq!(error_params(&p["rows"][2]["errors"][0]), vec![], "{r}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM hour_entries WHERE course_id = '{course}'"
        ))
        .await,
        0
    );

    let r = app
        .as_user(
            "taipei-school",
            GRANT,
            json!({"c": course, "e": [
                {"personalCode": t[0].personal_code, "hours": 3},
                {"personalCode": t[1].personal_code, "hours": 2.5},
            ]}),
        )
        .await;
    let p = &r["data"]["grantHours"];
    assert_eq!(
        (p["committed"].clone(), p["newCount"].clone()),
        (json!(true), json!(2)),
        "{r}"
    );

    // Correcting needs a reason; the same hours again change nothing.
    let again = |hours: f64, reason: Value| json!({"c": course, "e": [{"personalCode": t[1].personal_code, "hours": hours, "reason": reason}]});
    let r = app
        .as_user("taipei-school", GRANT, again(3.0, Value::Null))
        .await;
    assert_eq!(
        input_errors(&r["data"]["grantHours"]["rows"][0]),
        vec![("entries[0].reason".into(), "REQUIRED".into())]
    );
    assert_eq!(
        error_params(&r["data"]["grantHours"]["rows"][0]["errors"][0]),
        vec![("hours".into(), "2.5".into())],
        "{r}"
    );
    let r = app
        .as_user("taipei-school", GRANT, again(2.5, Value::Null))
        .await;
    assert_eq!(r["data"]["grantHours"]["unchangedCount"], 1, "{r}");
    let r = app
        .as_user("taipei-school", GRANT, again(3.0, json!("簽退時間補登")))
        .await;
    let p = &r["data"]["grantHours"];
    assert_eq!(p["correctedCount"], 1, "{r}");
    assert_eq!(p["rows"][0]["previousHours"], 2.5);

    let ledger = app
        .as_user("taipei-school", LEDGER, json!({"c": course}))
        .await;
    let entries: Vec<Value> = ledger["data"]["hourEntries"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{ledger}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    let kinds: Vec<(String, f64, bool)> = entries
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["hours"].as_f64().unwrap(),
                e["revoked"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("GRANT".into(), 3.0, false),
            ("GRANT".into(), 2.5, true),
            ("REVOCATION".into(), -2.5, false),
            ("GRANT".into(), 3.0, false),
        ]
    );
    assert_eq!(entries[2]["reason"], "簽退時間補登");
    assert_eq!(entries[0]["issuedByLogin"], "taipei-school");

    // Revoke t[0]'s grant: a reason is required, then a new entry.
    let grant = entries[0]["id"].as_str().unwrap();
    let r = app
        .as_user("taipei-school", REVOKE, json!({"g": grant, "r": " "}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["revokeHours"]),
        vec![("reason".into(), "REQUIRED".into())]
    );
    let r = app
        .as_user(
            "taipei-school",
            REVOKE,
            json!({"g": grant, "r": "未實際出席"}),
        )
        .await;
    assert_eq!(r["data"]["revokeHours"]["entry"]["hours"], -3.0, "{r}");
    let r = app
        .as_user("taipei-school", REVOKE, json!({"g": grant, "r": "再一次"}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["revokeHours"]),
        vec![("grantId".into(), "CONFLICT".into())]
    );
    let r = app
        .as_user(
            "tainan-school",
            REVOKE,
            json!({"g": entries[3]["id"], "r": "x"}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    // The ledger is append-only, in the database too.
    assert!(sqlx::query("UPDATE hour_entries SET half_hours = 1")
        .execute(&app.pool)
        .await
        .is_err());

    // The teacher's summary: this school year and calendar year, by tag.
    let sy = school_year_now();
    let r = as_teacher(&app, &t[1], SUMMARY, json!({"y": sy})).await;
    let s = &r["data"]["hoursSummary"];
    assert_eq!(s["totalHours"], 3.0, "{r}");
    assert_eq!(s["period"], format!("{sy} 學年度"));
    assert_eq!(s["byTag"][0]["tag"]["code"], "special_education");
    assert_eq!(s["byTag"][0]["hours"], 3.0);
    let r = as_teacher(&app, &t[0], SUMMARY, json!({"y": sy})).await;
    assert_eq!(r["data"]["hoursSummary"]["totalHours"], 0.0, "revoked: {r}");
    let r = as_teacher(&app, &t[1], SUMMARY, json!({"y": sy - 1})).await;
    assert_eq!(r["data"]["hoursSummary"]["courses"], json!([]));
    // Someone else's hours: the school reads them (audited); a colleague may not.
    let r = app
        .as_user("taipei-school", SUMMARY, json!({"t": t[1].id, "y": sy}))
        .await;
    assert_eq!(r["data"]["hoursSummary"]["totalHours"], 3.0, "{r}");
    let r = as_teacher(&app, &t[0], SUMMARY, json!({"t": t[1].id, "y": sy})).await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    let r = as_teacher(&app, &t[1], SUMMARY, json!({"y": sy, "cy": 2026})).await;
    assert_eq!(error_code(&r), "BAD_REQUEST");

    // The transcript, as the teacher.
    let url = s_url(&app, &t[1], sy).await;
    let resp = app
        .client
        .get(app.url(&url))
        .bearer_auth(&t[1].token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range("研習時數").unwrap();
    let text: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.contains(&t[1].name), "{text:?}");
    assert!(text.contains(&"合計".to_owned()));
    assert!(text.contains(&"特殊教育".to_owned()), "{text:?}");
    let resp = reqwest::Client::new()
        .get(app.url(&url))
        .bearer_auth(&t[0].token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403, "a colleague's transcript");
}

async fn s_url(app: &TestApp, t: &TestTeacher, sy: i64) -> String {
    let r = as_teacher(app, t, SUMMARY, json!({"y": sy})).await;
    r["data"]["hoursSummary"]["transcriptUrl"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_hours_file_is_previewed_then_applied_whole_or_not_at_all() {
    let app = spawn_app().await;
    let t = teachers_at(&app, "D633101", "elementary", 3).await;
    let course = held_course(&app, &t).await;
    let csv = format!(
        "\u{feff}個人專用識別碼,姓名,時數\n{},{},3\n{},{},2\n",
        t[0].personal_code, t[0].name, t[1].personal_code, t[1].name
    );
    let p = upload(&app, &course, "hours.csv", csv.clone().into_bytes(), true).await;
    assert_eq!(p["format"], "CSV_UTF8", "{p}");
    assert_eq!(
        (p["newCount"].clone(), p["committed"].clone()),
        (json!(2), json!(false))
    );
    assert_eq!(p["rows"][0]["line"], 2);
    assert_eq!(p["rows"][0]["teacherName"], t[0].name.as_str());
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM hour_entries WHERE course_id = '{course}'"
        ))
        .await,
        0,
        "a dry run"
    );
    let p = upload(&app, &course, "hours.csv", csv.into_bytes(), false).await;
    assert_eq!(p["committed"], true, "{p}");

    // An XLSX with a correction without a reason, and a formula: nothing applied.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["個人專用識別碼", "時數", "理由"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, &t[1].personal_code).unwrap();
    ws.write_number(1, 1, 3.0).unwrap();
    ws.write_string(2, 0, &t[2].personal_code).unwrap();
    ws.write_formula(2, 1, "=1+2").unwrap();
    let p = upload(
        &app,
        &course,
        "hours.xlsx",
        book.save_to_buffer().unwrap(),
        false,
    )
    .await;
    assert_eq!(p["format"], "SPREADSHEET");
    assert_eq!(p["committed"], false);
    assert_eq!(
        input_errors(&p["rows"][0]),
        vec![("reason".into(), "REQUIRED".into())]
    );
    assert_eq!(
        input_errors(&p["rows"][1]),
        vec![("hours".into(), "INVALID_FORMAT".into())]
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM hour_entries WHERE course_id = '{course}'"
        ))
        .await,
        2
    );

    // Whole-file refusals, each with its problem (and what it names) as
    // params, so clients need not read the sentence.
    let params = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    for (bytes, expected, expected_params) in [
        (Vec::new(), "no rows", params(&[("problem", "empty")])),
        (
            "代碼,小時\nX,1\n".as_bytes().to_vec(),
            "Missing: 個人專用識別碼, 時數",
            params(&[
                ("problem", "columns"),
                ("missing", "個人專用識別碼, 時數"),
                ("unknown", "代碼, 小時"),
            ]),
        ),
        (
            format!(
                "個人專用識別碼,時數\n{}",
                format!("{},1\n", t[0].personal_code).repeat(100_000)
            )
            .into_bytes(),
            "at most 20000",
            params(&[("problem", "tooManyRows"), ("max", "20000")]),
        ),
        (
            vec![0xff, 0xfe, 0x00, 0x81, 0x30],
            "neither UTF-8 nor Big5",
            params(&[("problem", "encoding")]),
        ),
    ] {
        let p = upload(&app, &course, "bad.csv", bytes, false).await;
        assert_eq!(error_params(&p["errors"][0]), expected_params, "{p}");
        assert_eq!(
            input_errors(&p),
            vec![("file".into(), "INVALID_FORMAT".into())],
            "{p}"
        );
        let message = p["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{message}");
    }
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM hour_entries WHERE course_id = '{course}'"
        ))
        .await,
        2
    );
}

#[tokio::test]
async fn hours_wait_for_the_course_to_start() {
    let app = spawn_app().await;
    let t = teachers_at(&app, "D633101", "elementary", 1).await;
    let course = approved_course(&app, 5, |_| {}).await;
    let r = as_teacher(&app, &t[0], REGISTER, json!({"c": course})).await;
    assert_eq!(r["data"]["register"]["errors"], json!([]));
    let r = app
        .as_user(
            "taipei-school",
            GRANT,
            json!({"c": course, "e": [{"personalCode": t[0].personal_code, "hours": 3}]}),
        )
        .await;
    let p = &r["data"]["grantHours"];
    assert_eq!(
        input_errors(p),
        vec![("courseId".into(), "CONFLICT".into())],
        "{r}"
    );
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not started"));
}
