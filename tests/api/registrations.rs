//! Registration: online by teachers with admission, waitlist and promotion
//! (emails over real SMTP), refusals, on-site registration by personal
//! code, capacity under 200 simultaneous registrations, and the sign-in
//! sheet as data and as XLSX.

use serde_json::{json, Value};

use crate::{
    courses::valid_input,
    helpers::{
        error_code, error_params, input_errors, spawn_app, spawn_app_with, teachers_at, SmtpSink,
        TestApp, TestTeacher,
    },
};

pub const REGISTER: &str = "mutation($c: UUID!) { register(courseId: $c) { registration { id status channel waitlistPosition personalCode viewerCan { cancel admit remove } } errors { field code message params { name value } } } }";
const CANCEL: &str = "mutation($c: UUID!) { cancelRegistration(courseId: $c) { registration { id status } errors { field code message } } }";
const LIST: &str = "query($c: UUID!, $s: [RegistrationStatus!]) { registrations(courseId: $c, status: $s, first: 100) { totalCount edges { node { id status teacherName personalCode waitlistPosition countyName district school { code } channel viewerCan { admit remove } } } } }";
const LOOKUP: &str = "query($c: UUID!, $p: String!) { lookupRegistrant(courseId: $c, personalCode: $p) { maskedName schoolName registrationStatus errors { field code message } } }";
const ONSITE: &str = "mutation($c: UUID!, $p: String!) { registerOnsite(courseId: $c, personalCode: $p) { registration { status channel teacherName } errors { field code message params { name value } } } }";
const REMOVE: &str = "mutation($id: UUID!, $r: String!) { removeRegistration(id: $id, reason: $r) { registration { status endReason } errors { field code message } } }";
const ADMIT: &str = "mutation($id: UUID!) { admitRegistration(id: $id) { registration { status } errors { field code message } } }";
const SHEET: &str = "query($c: UUID!) { signInSheet(courseId: $c) { organizerName sessionLines place xlsxUrl course { code title } rows { number countyName district schoolName teacherName personalCode } } }";
const COURSE: &str = "query($c: UUID!) { course(id: $c) { seatsLeft registrationOpen viewerRegistration { status waitlistPosition } viewerCan { register readRegistrations manageRegistrations registerOnsite } } }";

/// The registration window's error names its Taipei time as the `param`
/// (`YYYY-MM-DD HH:MM`), the same time its message names.
fn assert_window_param(payload: &Value, param: &str, lead: &str) {
    let params = error_params(&payload["errors"][0]);
    let [(name, at)] = params.as_slice() else {
        panic!("one param expected: {payload}");
    };
    assert_eq!(name, param);
    assert_eq!(at.len(), "2026-08-01 09:00".len(), "{payload}");
    assert_eq!(
        payload["errors"][0]["message"],
        format!("{lead} {at} (Taipei time).")
    );
}

/// An approved course of 幸安國小 (Taipei, elementary teachers), open for
/// registration now; its id. `adjust` edits the input first.
pub async fn approved_course(
    app: &TestApp,
    capacity: i64,
    adjust: impl FnOnce(&mut Value),
) -> String {
    let mut input = valid_input(&format!("報名測試研習 {}", uuid::Uuid::new_v4()), 10);
    input["capacity"] = json!(capacity);
    adjust(&mut input);
    let school = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei-school",
            "mutation($u: UUID!, $i: CourseInput!) { createCourse(organizerId: $u, input: $i) { course { id } errors { message } } }",
            json!({"u": school, "i": input}),
        )
        .await;
    let id = r["data"]["createCourse"]["course"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned();
    let r = app
        .as_user(
            "taipei-school",
            "mutation($id: UUID!) { submitCourse(id: $id, duplicateReason: \"test\") { errors { message } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(r["data"]["submitCourse"]["errors"], json!([]), "{r}");
    let r = app
        .as_user(
            "taipei",
            "mutation($id: UUID!) { reviewCourse(id: $id, decision: APPROVE) { errors { message } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(r["data"]["reviewCourse"]["errors"], json!([]), "{r}");
    id
}

pub async fn as_teacher(app: &TestApp, t: &TestTeacher, q: &str, v: Value) -> Value {
    app.post(Some(&t.token), q, v).await
}

fn payload<'a>(r: &'a Value, name: &str) -> &'a Value {
    let p = &r["data"][name];
    assert!(p.is_object(), "{r}");
    p
}

fn nodes(r: &Value) -> Vec<Value> {
    r["data"]["registrations"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn app_with_mail(sink: &SmtpSink) -> TestApp {
    let url = sink.url();
    spawn_app_with(move |s| s.smtp_url = Some(inservice::config::Secret::new(url))).await
}

#[tokio::test]
async fn the_demo_teacher_registers_is_admitted_and_emailed_then_cancels() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_mail(&sink).await;
    let course = approved_course(&app, 30, |_| {}).await;
    let token = app.login("teacher").await;
    let before = app.post(Some(&token), COURSE, json!({"c": course})).await;
    let c = &before["data"]["course"];
    assert_eq!(c["viewerCan"]["register"], true, "{before}");
    assert_eq!(c["viewerCan"]["readRegistrations"], false);
    assert_eq!(c["viewerRegistration"], Value::Null);

    let r = app.post(Some(&token), REGISTER, json!({"c": course})).await;
    let p = payload(&r, "register");
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["registration"]["status"], "ADMITTED");
    assert_eq!(p["registration"]["channel"], "ONLINE");
    assert_eq!(p["registration"]["viewerCan"]["cancel"], true);
    assert_eq!(p["registration"]["viewerCan"]["remove"], false);
    assert_eq!(
        p["registration"]["personalCode"].as_str().map(str::len),
        Some(10),
        "the teacher sees their own code"
    );
    // The organizer's approval notice, then the teacher's.
    let mail = sink.wait_for(2).await;
    assert_eq!(mail[1]["rcpt_tos"], json!(["lin.yijun@xinan.example"]));
    let subject = mail[1]["subject"].as_str().unwrap();
    assert!(subject.contains("研習報名：錄取"), "{subject}");
    assert!(mail[1]["text"].as_str().unwrap().contains("視聽教室"));

    let after = app.post(Some(&token), COURSE, json!({"c": course})).await;
    assert_eq!(after["data"]["course"]["seatsLeft"], 29);
    assert_eq!(
        after["data"]["course"]["viewerRegistration"]["status"],
        "ADMITTED"
    );

    // Twice: refused, nothing written.
    let r = app.post(Some(&token), REGISTER, json!({"c": course})).await;
    assert_eq!(
        input_errors(payload(&r, "register")),
        vec![("courseId".into(), "ALREADY_EXISTS".into())],
        "{r}"
    );
    assert_eq!(
        error_params(&payload(&r, "register")["errors"][0]),
        vec![
            ("name".into(), "林怡君".into()),
            ("status".into(), "ADMITTED".into())
        ],
        "{r}"
    );
    let registrations = format!("SELECT count(*) FROM registrations WHERE course_id = '{course}'");
    assert_eq!(app.count(&registrations).await, 1);

    // The organizer sees the list; another school does not.
    let list = app
        .as_user("taipei-school", LIST, json!({"c": course}))
        .await;
    let n = nodes(&list);
    assert_eq!(n.len(), 1, "{list}");
    assert_eq!(n[0]["teacherName"], "林怡君");
    assert_eq!(n[0]["school"]["code"], "D633101");
    assert_eq!(n[0]["countyName"], "臺北市");
    assert!(n[0]["personalCode"].is_string());
    let foreign = app
        .as_user("tainan-school", LIST, json!({"c": course}))
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
    // The reviewing county reads it, without personal codes.
    let county = app.as_user("taipei", LIST, json!({"c": course})).await;
    assert_eq!(nodes(&county)[0]["personalCode"], Value::Null, "{county}");

    let r = app.post(Some(&token), CANCEL, json!({"c": course})).await;
    let p = payload(&r, "cancelRegistration");
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["registration"]["status"], "CANCELLED");
    let after = app.post(Some(&token), COURSE, json!({"c": course})).await;
    assert_eq!(after["data"]["course"]["seatsLeft"], 30);
    assert_eq!(after["data"]["course"]["viewerRegistration"], Value::Null);
    // Cancelling again: nothing to cancel.
    let r = app.post(Some(&token), CANCEL, json!({"c": course})).await;
    assert_eq!(
        input_errors(payload(&r, "cancelRegistration")),
        vec![("courseId".into(), "NOT_FOUND".into())]
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'registration.%' AND outcome = 'ok'"
        )
        .await,
        4,
        "create, two lists (the refused third is audited as a denial), cancel"
    );
}

#[tokio::test]
async fn beyond_capacity_teachers_wait_and_are_promoted_in_order_with_email() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_mail(&sink).await;
    let course = approved_course(&app, 2, |_| {}).await;
    let t = teachers_at(&app, "D633101", "elementary", 4).await;
    let mut statuses = vec![];
    for teacher in &t {
        let r = as_teacher(&app, teacher, REGISTER, json!({"c": course})).await;
        let p = payload(&r, "register");
        assert_eq!(p["errors"], json!([]), "{r}");
        statuses.push((
            p["registration"]["status"].as_str().unwrap().to_owned(),
            p["registration"]["waitlistPosition"].as_i64(),
        ));
    }
    assert_eq!(
        statuses,
        vec![
            ("ADMITTED".into(), None),
            ("ADMITTED".into(), None),
            ("WAITLISTED".into(), Some(1)),
            ("WAITLISTED".into(), Some(2)),
        ]
    );
    // After the organizer's approval notice.
    let mail = sink.wait_for(5).await;
    let to = |m: &Value| m["rcpt_tos"][0].as_str().unwrap().to_owned();
    let third = mail.iter().find(|m| to(m) == t[2].email).unwrap();
    assert!(
        third["subject"].as_str().unwrap().contains("備取第 1 位"),
        "{third}"
    );

    // The first cancels: the first waiting is admitted and told.
    let r = as_teacher(&app, &t[0], CANCEL, json!({"c": course})).await;
    assert_eq!(payload(&r, "cancelRegistration")["errors"], json!([]));
    let mail = sink.wait_for(6).await;
    let promoted = mail.last().unwrap();
    assert_eq!(to(promoted), t[2].email);
    assert!(promoted["subject"]
        .as_str()
        .unwrap()
        .contains("由備取轉為錄取"));
    let list = app
        .as_user(
            "taipei-school",
            LIST,
            json!({"c": course, "s": ["ADMITTED", "WAITLISTED"]}),
        )
        .await;
    let n = nodes(&list);
    let seen: Vec<(String, String, Option<i64>)> = n
        .iter()
        .map(|r| {
            (
                r["teacherName"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
                r["waitlistPosition"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (t[1].name.clone(), "ADMITTED".into(), None),
            (t[2].name.clone(), "ADMITTED".into(), None),
            (t[3].name.clone(), "WAITLISTED".into(), Some(1)),
        ]
    );

    // The organizer removes an admitted one, with a reason the teacher
    // reads; the last waiting one moves up.
    let admitted_id = n[0]["id"].as_str().unwrap();
    let r = app
        .as_user(
            "taipei-school",
            REMOVE,
            json!({"id": admitted_id, "r": " "}),
        )
        .await;
    assert_eq!(
        input_errors(payload(&r, "removeRegistration")),
        vec![("reason".into(), "REQUIRED".into())]
    );
    let r = app
        .as_user(
            "taipei-school",
            REMOVE,
            json!({"id": admitted_id, "r": "重複報名，保留名額給其他教師"}),
        )
        .await;
    let p = payload(&r, "removeRegistration");
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["registration"]["status"], "REMOVED");
    let mail = sink.wait_for(8).await;
    let removed = mail
        .iter()
        .find(|m| to(m) == t[1].email && m["subject"].as_str().unwrap().contains("取消"))
        .unwrap();
    assert!(removed["text"].as_str().unwrap().contains("重複報名"));
    assert!(mail
        .iter()
        .any(|m| to(m) == t[3].email && m["subject"].as_str().unwrap().contains("由備取轉為錄取")));
    assert_eq!(
        app.count(&format!(
            "SELECT admitted_count::bigint FROM courses WHERE id = '{course}'"
        ))
        .await,
        2
    );
    // The removed teacher may not register online again.
    let r = as_teacher(&app, &t[1], REGISTER, json!({"c": course})).await;
    let p = payload(&r, "register");
    assert_eq!(
        input_errors(p),
        vec![("courseId".into(), "CONFLICT".into())]
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("重複報名"),
        "{r}"
    );
    assert_eq!(
        error_params(&p["errors"][0]),
        vec![("reason".into(), "重複報名，保留名額給其他教師".into())],
        "{r}"
    );
    // Removing it again, or admitting an admitted one: refused.
    let r = app
        .as_user(
            "taipei-school",
            REMOVE,
            json!({"id": admitted_id, "r": "再一次"}),
        )
        .await;
    assert_eq!(
        input_errors(payload(&r, "removeRegistration")),
        vec![("id".into(), "CONFLICT".into())]
    );
    let r = app
        .as_user("taipei-school", ADMIT, json!({"id": n[1]["id"]}))
        .await;
    assert_eq!(
        input_errors(payload(&r, "admitRegistration")),
        vec![("id".into(), "CONFLICT".into())]
    );
    // Another school may not touch them.
    let r = app
        .as_user("tainan-school", REMOVE, json!({"id": n[1]["id"], "r": "x"}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
}

#[tokio::test]
async fn registration_outside_the_rules_is_refused_with_the_reason() {
    let app = spawn_app().await;
    let course = approved_course(&app, 10, |_| {}).await;
    let junior = teachers_at(&app, "D633101", "junior_high", 1).await;
    let r = as_teacher(&app, &junior[0], REGISTER, json!({"c": course})).await;
    let p = payload(&r, "register");
    assert_eq!(
        input_errors(p),
        vec![("courseId".into(), "INVALID_PLACEMENT".into())]
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("junior_high"),
        "{r}"
    );

    // A Tainan teacher, for a course open to Taipei only.
    let tainan = teachers_at(&app, "D673101", "elementary", 1).await;
    let r = as_teacher(&app, &tainan[0], REGISTER, json!({"c": course})).await;
    assert_eq!(
        input_errors(payload(&r, "register")),
        vec![("courseId".into(), "INVALID_PLACEMENT".into())],
        "{r}"
    );

    // A school admin is no teacher.
    let r = app
        .as_user("taipei-school", REGISTER, json!({"c": course}))
        .await;
    assert_eq!(
        input_errors(payload(&r, "register")),
        vec![("".into(), "NOT_FOUND".into())],
        "{r}"
    );
    // Anonymous.
    assert_eq!(
        error_code(&app.anon(REGISTER, json!({"c": course})).await),
        "UNAUTHENTICATED"
    );

    // Not yet open, then closed.
    let eligible = teachers_at(&app, "D633101", "elementary", 1).await;
    sqlx::query(
        "UPDATE courses SET registration_opens_at = now() + interval '1 day' WHERE id = $1::uuid",
    )
    .bind(&course)
    .execute(&app.pool)
    .await
    .unwrap();
    let r = as_teacher(&app, &eligible[0], REGISTER, json!({"c": course})).await;
    let p = payload(&r, "register");
    assert_eq!(
        input_errors(p),
        vec![("courseId".into(), "CONFLICT".into())]
    );
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Registration opens at"));
    assert_window_param(p, "opensAt", "Registration opens at");
    sqlx::query(
        "UPDATE courses SET registration_opens_at = now() - interval '2 days', registration_closes_at = now() - interval '1 minute' WHERE id = $1::uuid",
    )
    .bind(&course)
    .execute(&app.pool)
    .await
    .unwrap();
    let r = as_teacher(&app, &eligible[0], REGISTER, json!({"c": course})).await;
    let p = payload(&r, "register");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Registration closed at"),
        "{r}"
    );
    assert_window_param(p, "closedAt", "Registration closed at");

    // A course in review takes no registrations.
    let school = app.unit_id("D633101").await;
    let draft = app
        .as_user(
            "taipei-school",
            "mutation($u: UUID!, $i: CourseInput!) { createCourse(organizerId: $u, input: $i) { course { id } } }",
            json!({"u": school, "i": valid_input("草稿研習", 10)}),
        )
        .await["data"]["createCourse"]["course"]["id"]
        .clone();
    let r = as_teacher(&app, &eligible[0], REGISTER, json!({"c": draft})).await;
    assert_eq!(
        input_errors(payload(&r, "register")),
        vec![("courseId".into(), "CONFLICT".into())]
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM registrations WHERE course_id IN ('{course}', '{}')",
            draft.as_str().unwrap()
        ))
        .await,
        0,
        "nothing written"
    );
}

#[tokio::test]
async fn organizers_register_on_site_by_personal_code_after_seeing_the_masked_name() {
    let app = spawn_app().await;
    let course = approved_course(&app, 1, |_| {}).await;
    let t = teachers_at(&app, "D633101", "elementary", 2).await;
    // Lower case and hyphens are accepted.
    let typed = format!("{}-{}", &t[0].personal_code[..5], &t[0].personal_code[5..]).to_lowercase();
    let r = app
        .as_user("taipei-school", LOOKUP, json!({"c": course, "p": typed}))
        .await;
    let p = &r["data"]["lookupRegistrant"];
    assert_eq!(p["errors"], json!([]), "{r}");
    // 測試教師000: the first and last characters, five masked.
    assert_eq!(p["maskedName"], "測*****0");
    assert_eq!(p["schoolName"], "臺北市大安區幸安國民小學");
    assert_eq!(p["registrationStatus"], Value::Null);

    // A wrong check symbol is a clear error, not a lookup.
    let mut wrong = t[0].personal_code.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    let r = app
        .as_user("taipei-school", LOOKUP, json!({"c": course, "p": wrong}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["lookupRegistrant"]),
        vec![("personalCode".into(), "INVALID_FORMAT".into())],
        "{r}"
    );
    // Someone else's organizer may not look codes up at this course.
    let r = app
        .as_user("tainan-school", LOOKUP, json!({"c": course, "p": typed}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");

    let r = app
        .as_user("taipei-school", ONSITE, json!({"c": course, "p": typed}))
        .await;
    let p = payload(&r, "registerOnsite");
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["registration"]["status"], "ADMITTED");
    assert_eq!(p["registration"]["channel"], "ONSITE");
    // Full: on site there is no waitlist.
    let r = app
        .as_user(
            "taipei-school",
            ONSITE,
            json!({"c": course, "p": t[1].personal_code}),
        )
        .await;
    let p = payload(&r, "registerOnsite");
    assert_eq!(
        input_errors(p),
        vec![("courseId".into(), "CONFLICT".into())]
    );
    assert!(
        p["errors"][0]["message"].as_str().unwrap().contains("full"),
        "{r}"
    );
    assert_eq!(
        error_params(&p["errors"][0]),
        vec![
            ("taken".into(), "1".into()),
            ("capacity".into(), "1".into())
        ],
        "{r}"
    );

    // A course without on-site registration.
    let closed = approved_course(&app, 5, |i| i["onsiteRegistration"] = json!(false)).await;
    let r = app
        .as_user(
            "taipei-school",
            ONSITE,
            json!({"c": closed, "p": t[1].personal_code}),
        )
        .await;
    let p = payload(&r, "registerOnsite");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("on-site"),
        "{r}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM registrations WHERE course_id IN ('{course}', '{closed}')"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn two_hundred_simultaneous_registrations_fill_exactly_the_seats() {
    let app = spawn_app().await;
    let course = approved_course(&app, 20, |_| {}).await;
    let teachers = teachers_at(&app, "D633101", "elementary", 200).await;
    let results = futures_util::future::join_all(
        teachers
            .iter()
            .map(|t| as_teacher(&app, t, REGISTER, json!({"c": course}))),
    )
    .await;
    let mut admitted = 0;
    let mut positions = vec![];
    for r in &results {
        let p = payload(r, "register");
        assert_eq!(p["errors"], json!([]), "{r}");
        match p["registration"]["status"].as_str().unwrap() {
            "ADMITTED" => admitted += 1,
            _ => positions.push(p["registration"]["waitlistPosition"].as_i64().unwrap()),
        }
    }
    assert_eq!(admitted, 20, "no over-admission, no seat left empty");
    positions.sort_unstable();
    assert_eq!(positions, (1..=180).collect::<Vec<i64>>(), "a strict order");
    assert_eq!(
        app.count("SELECT admitted_count::bigint FROM courses WHERE capacity = 20")
            .await,
        20
    );
    assert_eq!(
        app.count(&format!("SELECT count(*) FROM registrations WHERE course_id = '{course}' AND status = 'admitted'"))
            .await,
        20
    );
}

#[tokio::test]
async fn the_sign_in_sheet_lists_admitted_teachers_by_school_then_name_as_xlsx_too() {
    let app = spawn_app().await;
    let course = approved_course(&app, 10, |i| i["audience"]["countyCodes"] = json!([])).await;
    let xinan = teachers_at(&app, "D633101", "elementary", 2).await;
    let tainan = teachers_at(&app, "D673101", "elementary", 1).await;
    // Register in an order that is not the sheet's.
    for t in [&tainan[0], &xinan[1], &xinan[0]] {
        let r = as_teacher(&app, t, REGISTER, json!({"c": course})).await;
        assert_eq!(payload(&r, "register")["errors"], json!([]), "{r}");
    }
    let r = app
        .as_user("taipei-school", SHEET, json!({"c": course}))
        .await;
    let sheet = &r["data"]["signInSheet"];
    let rows = sheet["rows"].as_array().unwrap_or_else(|| panic!("{r}"));
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["teacherName"].as_str().unwrap())
        .collect();
    // 臺北市 before 臺南市 (the official order); by name within a school.
    assert_eq!(
        names,
        vec![
            xinan[0].name.as_str(),
            xinan[1].name.as_str(),
            tainan[0].name.as_str()
        ]
    );
    assert_eq!(rows[0]["number"], 1);
    assert_eq!(rows[0]["countyName"], "臺北市");
    assert!(rows[0]["personalCode"].is_string());
    assert_eq!(sheet["place"], "視聽教室");
    assert_eq!(sheet["sessionLines"].as_array().unwrap().len(), 1);

    // The XLSX, through the same authorization.
    let url = sheet["xlsxUrl"].as_str().unwrap();
    let token = app.login("taipei-school").await;
    let resp = app
        .client
        .get(app.url(url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".xlsx"));
    let bytes = resp.bytes().await.unwrap();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range("簽到表").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[0][0], "研習簽到表");
    let code = sheet["course"]["code"].as_str().unwrap();
    assert!(
        cells.iter().any(|r| r[0] == "研習代碼" && r[1] == code),
        "{cells:?}"
    );
    let heading = cells.iter().position(|r| r[0] == "序號").unwrap();
    assert_eq!(cells[heading][4], "姓名");
    assert!(cells[heading].contains(&"簽到".to_owned()));
    let listed: Vec<&str> = cells[heading + 1..].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(listed, names);

    for (token, status) in [(Some(app.login("tainan-school").await), 403), (None, 401)] {
        let mut req = app.client.get(app.url(url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        // A fresh client: the shared one may hold a cookie.
        let resp = reqwest::Client::new()
            .execute(req.build().unwrap())
            .await
            .unwrap();
        assert_eq!(resp.status(), status);
    }
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'registration.sign_in_sheet' AND outcome = 'ok'")
            .await,
        2
    );
}
