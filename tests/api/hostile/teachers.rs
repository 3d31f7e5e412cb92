//! Hostile cases of teachers, hours and roster reminders (issue 13, items
//! 5, 8 and 16), all through HTTP:
//!
//! - a school of another county types a teacher's national ID: it gets a
//!   pending transfer and nothing of her record (no name, code, history,
//!   hours), her identity fields stay hers, and only her former school or
//!   she herself can confirm or object (not the asking school, not either
//!   county, not a third school); the move happens on confirmation or when
//!   the notice period ends;
//! - roster previews answer no more than "will be added (pending
//!   transfer)", are audited with their counts and limited per school and
//!   hour;
//! - `grantHours` with the code of a teacher not admitted names the code,
//!   not the person, and is audited;
//! - one roster reminder per school per day; a reminder to many schools
//!   skips and counts those reminded today.

use serde_json::{json, Value};

use crate::{
    helpers::{error_code, input_errors, spawn_app, teachers_at, TestApp},
    registrations::{approved_course, as_teacher, REGISTER},
};

/// 林怡君 of 幸安國小 (D633101) in the demo data, with the account `teacher`.
const LIN: &str = "A220001006";
const LIN_EMAIL: &str = "lin.yijun@xinan.example";

const UPSERT: &str = "mutation($i: UpsertTeacherInput!) { upsertTeacher(input: $i) {
    outcome teacher { id name email personalCode serviceHistory { source } }
    transfer { id status statedName nationalIdMasked toSchool { code } fromSchool { code }
               teacher { id name } viewerCan { confirm object } }
    errors { field code message } } }";
const ME: &str = "{ me { teacher { id name email personalCode school { code }
    transfers { id status toSchool { code } fromSchool { code } viewerCan { confirm object } } } } }";
const TRANSFERS: &str = "query($s: UUID!, $d: TransferDirection!, $st: [TransferStatus!]) {
    teacherTransfers(schoolId: $s, direction: $d, status: $st) { totalCount nodes {
      id status statedName reason toSchool { code } fromSchool { code }
      teacher { name email personalCode } viewerCan { confirm object } } } }";
const DECIDE: &str = "mutation($t: UUID!, $a: Boolean!, $r: String) {
    decideTeacherTransfer(transferId: $t, accept: $a, reason: $r) {
      transfer { status reason } errors { field code message } } }";
const ROSTER: &str = "query($s: UUID!) { teachers(filter: {schoolId: $s}) {
    nodes { teacher { name email personalCode } } } }";

/// The attack of item 5: 勝利國小 (Tainan) types 林怡君's national ID with
/// an address of its own.
async fn take_over(app: &TestApp) -> Value {
    let s = app.unit_id("D673101").await;
    let r = app
        .as_user(
            "tainan-school",
            UPSERT,
            json!({"i": {"schoolId": s, "nationalId": LIN, "name": "林怡君",
                         "email": "attacker@evil.example"}}),
        )
        .await;
    assert_eq!(error_code(&r), "", "{r}");
    r["data"]["upsertTeacher"].clone()
}

async fn me(app: &TestApp) -> Value {
    let r = app.as_user("teacher", ME, json!({})).await;
    r["data"]["me"]["teacher"].clone()
}

async fn transfers(app: &TestApp, login: &str, school: &str, direction: &str) -> Value {
    let s = app.unit_id(school).await;
    app.as_user(
        login,
        TRANSFERS,
        json!({"s": s, "d": direction, "st": ["PENDING", "CONFIRMED", "OBJECTED"]}),
    )
    .await
}

async fn decide(app: &TestApp, login: &str, id: &Value, accept: bool, reason: Value) -> Value {
    app.as_user(login, DECIDE, json!({"t": id, "a": accept, "r": reason}))
        .await
}

async fn roster_names(app: &TestApp, login: &str, school: &str) -> Vec<String> {
    let s = app.unit_id(school).await;
    let r = app.as_user(login, ROSTER, json!({"s": s})).await;
    r["data"]["teachers"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|n| n["teacher"]["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_school_of_another_county_gets_a_pending_transfer_and_nothing_of_the_teacher() {
    let app = spawn_app().await;
    let before = me(&app).await;
    let code = before["personalCode"].as_str().unwrap().to_owned();
    let notices = app
        .count("SELECT count(*) FROM outbox WHERE template = 'transfer_notice'")
        .await;

    let p = take_over(&app).await;
    assert_eq!(p["errors"], json!([]), "{p}");
    assert_eq!(p["outcome"], "PENDING_TRANSFER", "{p}");
    assert_eq!(p["teacher"], Value::Null, "no record for the asking school");
    let t = &p["transfer"];
    assert_eq!(t["status"], "PENDING");
    assert_eq!(t["nationalIdMasked"], "A22****006");
    assert_eq!(t["toSchool"]["code"], "D673101");
    assert_eq!(t["fromSchool"], Value::Null, "not where she serves");
    assert_eq!(t["teacher"], Value::Null);
    assert_eq!(t["viewerCan"], json!({"confirm": false, "object": false}));
    let text = p.to_string();
    assert!(!text.contains(&code), "the answer holds her code: {text}");
    assert!(!text.contains(LIN_EMAIL), "{text}");

    // Her record is unchanged, and she sees the request.
    let after = me(&app).await;
    assert_eq!(after["email"], LIN_EMAIL);
    assert_eq!(after["name"], "林怡君");
    assert_eq!(after["school"]["code"], "D633101");
    assert_eq!(after["transfers"][0]["status"], "PENDING", "{after}");
    assert_eq!(after["transfers"][0]["fromSchool"]["code"], "D633101");
    assert_eq!(
        after["transfers"][0]["viewerCan"],
        json!({"confirm": true, "object": true})
    );
    // Nothing on the asking school's roster, and her hours stay closed.
    assert!(!roster_names(&app, "tainan-school", "D673101")
        .await
        .contains(&"林怡君".to_owned()));
    let hours = app
        .as_user(
            "tainan-school",
            "query($t: UUID) { hoursSummary(teacherId: $t, schoolYear: 115) { totalHours } }",
            json!({"t": after["id"]}),
        )
        .await;
    assert_eq!(error_code(&hours), "FORBIDDEN", "{hours}");
    // Asking again is the same request; the former school was told once.
    let again = take_over(&app).await;
    assert_eq!(again["transfer"]["id"], t["id"]);
    assert!(
        app.count("SELECT count(*) FROM outbox WHERE template = 'transfer_notice'")
            .await
            > notices
    );
    assert_eq!(app.count("SELECT count(*) FROM teacher_transfers").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'teacher.transfer.request'")
            .await,
        2
    );
    // The asking school sees its request, and only what it typed.
    let incoming = transfers(&app, "tainan-school", "D673101", "INCOMING").await;
    let node = &incoming["data"]["teacherTransfers"]["nodes"][0];
    assert_eq!(node["statedName"], "林怡君", "{incoming}");
    assert_eq!(node["teacher"], Value::Null);
    assert_eq!(node["fromSchool"], Value::Null);
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn other_counties_and_the_asking_school_can_neither_see_nor_accept_a_pending_transfer() {
    let app = spawn_app().await;
    let id = take_over(&app).await["transfer"]["id"].clone();
    // Seeing the former school's requests: only that school and its county.
    for login in ["tainan", "tainan-school", "hs-school"] {
        let r = transfers(&app, login, "D633101", "OUTGOING").await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
    }
    // Accepting: not the asking school, its county, the former county
    // (which reads rosters but does not edit them), nor a third school.
    for login in ["tainan-school", "tainan", "taipei", "hs-school", "operator"] {
        let r = decide(&app, login, &id, true, Value::Null).await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
        let r = decide(&app, login, &id, false, json!("no")).await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM teacher_transfers WHERE status = 'pending'")
            .await,
        1,
        "still pending"
    );
    assert_eq!(me(&app).await["school"]["code"], "D633101");
    assert!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND action = 'teacher.write'"
        )
        .await
            >= 5,
        "refusals are audited"
    );
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn the_former_school_confirms_and_the_teacher_moves_keeping_her_own_identity() {
    let app = spawn_app().await;
    take_over(&app).await;
    let out = transfers(&app, "taipei-school", "D633101", "OUTGOING").await;
    let node = out["data"]["teacherTransfers"]["nodes"][0].clone();
    assert_eq!(node["teacher"]["name"], "林怡君", "{out}");
    assert_eq!(node["toSchool"]["code"], "D673101");
    assert_eq!(node["viewerCan"], json!({"confirm": true, "object": true}));

    let r = decide(&app, "taipei-school", &node["id"], true, Value::Null).await;
    assert_eq!(
        r["data"]["decideTeacherTransfer"]["transfer"]["status"], "CONFIRMED",
        "{r}"
    );
    let again = decide(&app, "taipei-school", &node["id"], true, Value::Null).await;
    assert_eq!(
        input_errors(&again["data"]["decideTeacherTransfer"]),
        [("transferId".into(), "CONFLICT".into())]
    );
    // She serves at 勝利國小 now, under her own name and address.
    let now = me(&app).await;
    assert_eq!(now["school"]["code"], "D673101");
    assert_eq!(now["email"], LIN_EMAIL);
    let s = app.unit_id("D673101").await;
    let r = app.as_user("tainan-school", ROSTER, json!({"s": s})).await;
    let lin = r["data"]["teachers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["teacher"]["name"] == "林怡君")
        .cloned()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(lin["teacher"]["email"], LIN_EMAIL);
    assert_eq!(
        app.count("SELECT count(*) FROM teachers WHERE email = 'attacker@evil.example'")
            .await,
        0
    );
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn the_teacher_objects_with_a_reason_and_nothing_moves() {
    let app = spawn_app().await;
    take_over(&app).await;
    let id = me(&app).await["transfers"][0]["id"].clone();
    let r = app
        .as_user("teacher", DECIDE, json!({"t": id, "a": false}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["decideTeacherTransfer"]),
        [("reason".into(), "REQUIRED".into())],
        "{r}"
    );
    let r = app
        .as_user(
            "teacher",
            DECIDE,
            json!({"t": id, "a": false, "r": "我沒有要調校"}),
        )
        .await;
    assert_eq!(
        r["data"]["decideTeacherTransfer"]["transfer"]["status"], "OBJECTED",
        "{r}"
    );
    assert_eq!(me(&app).await["school"]["code"], "D633101");
    let incoming = transfers(&app, "tainan-school", "D673101", "INCOMING").await;
    let node = &incoming["data"]["teacherTransfers"]["nodes"][0];
    assert_eq!(node["status"], "OBJECTED", "{incoming}");
    assert_eq!(node["reason"], "我沒有要調校");
    assert_eq!(node["teacher"], Value::Null);
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn a_transfer_nobody_objects_to_takes_effect_when_the_notice_period_ends() {
    let app = spawn_app().await;
    take_over(&app).await;
    assert_eq!(
        inservice::teachers::transfers::confirm_due(&app.pool)
            .await
            .unwrap(),
        0,
        "not before the notice period ends"
    );
    sqlx::query("UPDATE teacher_transfers SET takes_effect_at = now() - interval '1 minute'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        inservice::teachers::transfers::confirm_due(&app.pool)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'teacher.transfer.confirm'
               AND actor_id IS NULL AND detail LIKE 'the notice period ended%'"
        )
        .await,
        1
    );
    let now = me(&app).await;
    assert_eq!(now["school"]["code"], "D673101");
    assert_eq!(now["email"], LIN_EMAIL);
    assert!(roster_names(&app, "tainan-school", "D673101")
        .await
        .contains(&"林怡君".to_owned()));
}

const IMPORT: &str = "mutation($s: UUID!, $f: Upload!, $d: Boolean!) { importTeachers(schoolId: $s, file: $f, dryRun: $d) {
    report { newCount pendingTransferCount committed rows { line outcome name nationalIdMasked } }
    errors { field code message } } }";

async fn import(app: &TestApp, login: &str, school: &str, csv: &str, dry_run: bool) -> Value {
    let token = app.login(login).await;
    let s = app.unit_id(school).await;
    let operations = json!({"query": IMPORT, "variables": {"s": s, "f": null, "d": dry_run}});
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.f"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("roster.csv"),
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
    resp.json().await.unwrap()
}

#[tokio::test]
async fn a_roster_preview_reveals_only_a_pending_transfer_and_is_audited_and_limited() {
    let app = spawn_app().await;
    let csv = format!("身分證統一編號,姓名\n{LIN},某人\nE120005006,張志豪\n");
    let r = import(&app, "tainan-school", "D673101", &csv, true).await;
    let report = &r["data"]["importTeachers"]["report"];
    let outcomes: Vec<&str> = report["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|row| row["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["PENDING_TRANSFER", "NEW"]);
    assert_eq!(report["pendingTransferCount"], 1);
    assert!(!r.to_string().contains("林怡君"), "{r}");
    assert_eq!(
        app.count("SELECT count(*) FROM teacher_transfers").await,
        0,
        "a preview writes nothing"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'teacher.import.preview'
               AND detail LIKE '2 rows: 1 new, 0 joined, 1 pending transfer%'"
        )
        .await,
        1
    );

    // Spend the rest of the hour's previews, then one more is refused.
    let limit = inservice::teachers::MAX_PREVIEWS_PER_HOUR;
    sqlx::query(
        "INSERT INTO audit_log (action, outcome, unit_id, detail)
         SELECT 'teacher.import.preview', 'ok', id, 'earlier' FROM org_units, generate_series(2, $1)
          WHERE code = 'D673101'",
    )
    .bind(limit as i32)
    .execute(&app.pool)
    .await
    .unwrap();
    let r = import(&app, "tainan-school", "D673101", &csv, true).await;
    let p = &r["data"]["importTeachers"];
    assert_eq!(p["report"], Value::Null, "{r}");
    assert_eq!(
        input_errors(p),
        [("dryRun".into(), "TOO_MANY_ATTEMPTS".into())]
    );
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains(&limit.to_string()));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'teacher.import.preview'")
            .await,
        limit
    );
    // Another school's previews are its own.
    let other = import(&app, "taipei-school", "D633101", &csv, true).await;
    assert!(
        other["data"]["importTeachers"]["report"].is_object(),
        "{other}"
    );
    super::assert_still_answers(&app).await;
}

#[tokio::test]
async fn granting_hours_to_a_code_not_admitted_names_no_one_and_is_audited() {
    let app = spawn_app().await;
    let t = teachers_at(&app, "D633101", "elementary", 2).await;
    let course = approved_course(&app, 50, |_| {}).await;
    let r = as_teacher(&app, &t[0], REGISTER, json!({"c": course})).await;
    assert_eq!(r["data"]["register"]["errors"], json!([]), "{r}");
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
    let r = app
        .as_user(
            "taipei-school",
            "mutation($c: UUID!, $e: [HoursEntryInput!]!) { grantHours(courseId: $c, entries: $e) {
               committed rows { teacherName errors { field code message } } } }",
            json!({"c": course, "e": [{"personalCode": t[1].personal_code, "hours": 1}]}),
        )
        .await;
    let p = &r["data"]["grantHours"];
    assert_eq!(p["committed"], false, "{r}");
    assert_eq!(p["rows"][0]["teacherName"], Value::Null);
    let message = p["rows"][0]["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("not admitted"), "{message}");
    assert!(message.contains(&t[1].personal_code), "{message}");
    assert!(!r.to_string().contains(&t[1].name), "{r}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'hours.not_admitted'
               AND target_id = '{course}'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM hour_entries WHERE course_id = '{course}'"
        ))
        .await,
        0
    );
    super::assert_still_answers(&app).await;
}

const OPEN: &str = "mutation($y: Int!, $d: Date!) { openRosterCampaign(schoolYear: $y, deadline: $d) { errors { code } } }";
const REMIND: &str = "mutation($u: UUID!, $y: Int!) { sendRosterReminder(unitId: $u, schoolYear: $y) { messagesQueued errors { field code message } } }";
const REMIND_MANY: &str = "mutation($u: [UUID!]!, $y: Int!) { sendRosterReminders(unitIds: $u, schoolYear: $y) {
    messagesQueued remindedCount alreadyRemindedCount confirmedCount noContactCount errors { field code message } } }";

#[tokio::test]
async fn a_school_is_reminded_at_most_once_a_day_and_a_reminder_to_many_says_whom_it_skipped() {
    let app = spawn_app().await;
    let today = inservice::roster::today_in_taipei();
    let year = if today.month() as u8 >= 8 {
        today.year() - 1911
    } else {
        today.year() - 1912
    };
    let deadline = today + time::Duration::days(1);
    let r = app
        .as_user(
            "operator",
            OPEN,
            json!({"y": year, "d": deadline.to_string()}),
        )
        .await;
    assert_eq!(r["data"]["openRosterCampaign"]["errors"], json!([]), "{r}");
    let shengli = app.unit_id("D673101").await;
    let xinan = app.unit_id("D633101").await;
    let r = app
        .as_user("tainan", REMIND, json!({"u": shengli, "y": year}))
        .await;
    assert_eq!(r["data"]["sendRosterReminder"]["errors"], json!([]), "{r}");
    let messages = app.count("SELECT count(*) FROM outbox").await;

    let r = app
        .as_user("tainan", REMIND, json!({"u": shengli, "y": year}))
        .await;
    let p = &r["data"]["sendRosterReminder"];
    assert_eq!(
        input_errors(p),
        [("unitId".into(), "TOO_MANY_ATTEMPTS".into())],
        "{r}"
    );
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("already been reminded today"));
    assert_eq!(app.count("SELECT count(*) FROM outbox").await, messages);

    let r = app
        .as_user(
            "operator",
            REMIND_MANY,
            json!({"u": [shengli, xinan], "y": year}),
        )
        .await;
    let p = &r["data"]["sendRosterReminders"];
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["remindedCount"], 1, "{r}");
    assert_eq!(p["alreadyRemindedCount"], 1);
    let r = app
        .as_user(
            "operator",
            REMIND_MANY,
            json!({"u": [shengli, xinan], "y": year}),
        )
        .await;
    let p = &r["data"]["sendRosterReminders"];
    assert_eq!(p["remindedCount"], 0, "{r}");
    assert_eq!(p["alreadyRemindedCount"], 2);
    assert_eq!(p["messagesQueued"], 0);
    // Reminding a school outside one's county is refused whole.
    let r = app
        .as_user(
            "tainan",
            REMIND_MANY,
            json!({"u": [shengli, xinan], "y": year}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    super::assert_still_answers(&app).await;
}
