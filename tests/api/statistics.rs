//! Statistics requests: submission, the commissioner's decision, the job,
//! the suppressed result and its downloads; every refusal on the way.

use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::{
    error_code, error_params, eventually, input_errors, spawn_app, spawn_app_with, TestApp,
};

pub const REQUEST: &str = "mutation($i: StatisticsRequestInput!) { requestStatistics(input: $i) { request { id number status spec { dimensions measures } } errors { field code message params { name value } } } }";
pub const DECIDE: &str = "mutation($id: UUID!, $a: Boolean!, $r: String, $k: Int) { decideStatisticsRequest(id: $id, approve: $a, reason: $r, k: $k) { request { id status k decisionReason } errors { field code message } } }";
pub const SHOW: &str = "query($id: UUID!) { statisticsRequest(id: $id) { id number status progress k error result { columns { key label kind } rows { cells total } suppressed k } downloads { format url expiresAt } transitions { fromStatus toStatus actorLogin reason } viewerCan { decide download } } }";

/// The school year the demo's held course is in (it ended two weeks ago).
pub fn demo_school_year() -> i64 {
    crate::helpers::school_year_days_ago(14)
}

pub fn input(app_unit: uuid::Uuid, dimensions: Value, measures: Value) -> Value {
    json!({
        "unitId": app_unit,
        "purpose": "立法院質詢：各縣市教師研習情形",
        "purposeCategory": "LEGISLATIVE_QUESTION",
        "period": {"schoolYear": demo_school_year()},
        "dimensions": dimensions,
        "measures": measures,
    })
}

/// Submits as `login` and returns the request id.
pub async fn submit(app: &TestApp, login: &str, input: Value) -> String {
    let r = app.as_user(login, REQUEST, json!({"i": input})).await;
    assert_eq!(r["data"]["requestStatistics"]["errors"], json!([]), "{r}");
    r["data"]["requestStatistics"]["request"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn wait_until_completed(app: &TestApp, login: &str, id: &str) -> Value {
    eventually("the statistics job completes", || async {
        let r = app.as_user(login, SHOW, json!({"id": id})).await;
        let request = r["data"]["statisticsRequest"].clone();
        (request["status"] == "COMPLETED" || request["status"] == "FAILED").then_some(request)
    })
    .await
}

async fn give_email(app: &TestApp, login: &str, email: &str) {
    sqlx::query("UPDATE users SET email = $2 WHERE login = $1")
        .bind(login)
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_request_goes_from_submission_to_a_suppressed_result_the_requester_downloads() {
    let app = spawn_app().await;
    give_email(&app, "tepd", "tepd@moe.example").await;
    let unit = app.unit_id("MOE-TEPD").await;
    let id = submit(
        &app,
        "tepd",
        input(
            unit,
            json!(["COUNTY", "STAGE"]),
            json!(["TEACHERS", "HOURS"]),
        ),
    )
    .await;

    // Waiting for the commissioner: nothing runs yet.
    let r = app.as_user("tepd", SHOW, json!({"id": id})).await;
    let shown = &r["data"]["statisticsRequest"];
    assert_eq!(shown["status"], "SUBMITTED", "{r}");
    assert_eq!(shown["result"], Value::Null);
    assert_eq!(
        shown["viewerCan"],
        json!({"decide": false, "download": false})
    );
    let r = app.as_user("commissioner", SHOW, json!({"id": id})).await;
    assert_eq!(
        r["data"]["statisticsRequest"]["viewerCan"]["decide"], true,
        "{r}"
    );

    let r = app
        .as_user("commissioner", DECIDE, json!({"id": id, "a": true, "k": 3}))
        .await;
    assert_eq!(
        r["data"]["decideStatisticsRequest"]["errors"],
        json!([]),
        "{r}"
    );
    assert_eq!(
        r["data"]["decideStatisticsRequest"]["request"]["status"],
        "APPROVED"
    );

    let done = wait_until_completed(&app, "tepd", &id).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    assert_eq!(done["progress"], 1.0);
    let result = &done["result"];
    let keys: Vec<&str> = result["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["county", "stage", "teachers", "hours"]);
    // The demo's held course: two Taipei teachers with hours, fewer than
    // k = 3, so every cell that counts them is hidden, totals included, and
    // shown as suppressed (null), never as 0.
    let rows = result["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row["cells"][2], Value::Null, "{row}");
        assert_eq!(row["cells"][3], Value::Null, "{row}");
    }
    let grand = rows.last().unwrap();
    assert_eq!(grand["cells"][0], "合計");
    assert_eq!(grand["total"], true);
    assert!(result["suppressed"].as_i64().unwrap() >= 2);

    // Every step recorded, the job's without an actor.
    let steps: Vec<(Value, Value)> = done["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["toStatus"].clone(), t["actorLogin"].clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (json!("SUBMITTED"), json!("tepd")),
            (json!("APPROVED"), json!("commissioner")),
            (json!("COMPLETED"), Value::Null),
        ]
    );
    // The requester was written to at each step, in the outbox.
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT subject FROM outbox WHERE to_address = 'tepd@moe.example' ORDER BY seq",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(subjects[0].contains("已送出"), "{subjects:?}");
    assert!(subjects[1].contains("已核准"), "{subjects:?}");
    assert!(subjects[2].contains("已完成"), "{subjects:?}");

    // Three formats, each downloadable by the requester and audited.
    let downloads = done["downloads"].as_array().unwrap();
    assert_eq!(downloads.len(), 3, "{done}");
    let token = app.login("tepd").await;
    let csv = get(&app, Some(&token), &format!("/statistics/{id}/result.csv")).await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("縣市,教育階段,研習教師數（人）,核發時數（小時）\n"),
        "{text}"
    );
    assert!(text.contains("臺北市,國小,*,*"), "{text}");
    for ext in ["xlsx", "ods"] {
        let resp = get(
            &app,
            Some(&token),
            &format!("/statistics/{id}/result.{ext}"),
        )
        .await;
        assert_eq!(resp.status(), 200, "{ext}");
        let bytes = resp.bytes().await.unwrap().to_vec();
        let mut book =
            calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect(ext);
        use calamine::Reader;
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).unwrap();
        let has_hidden = range.rows().any(|r| {
            r.iter()
                .any(|c| matches!(c, calamine::Data::String(s) if s == "*"))
        });
        assert!(has_hidden, "{ext}: suppressed cells are marked");
    }
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'statistics.download' AND target_id = $1",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 3);

    // The commissioner may fetch it too; nobody else, not even a colleague
    // at the same unit (the tepd account is the requester, the commissioner
    // account sits at the same unit but decides), nor anyone anonymous.
    let commissioner = app.login("commissioner").await;
    let resp = get(
        &app,
        Some(&commissioner),
        &format!("/statistics/{id}/result.csv"),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let taipei = app.login("taipei").await;
    let resp = get(&app, Some(&taipei), &format!("/statistics/{id}/result.csv")).await;
    assert_eq!(resp.status(), 403);
    let r = app.as_user("taipei", SHOW, json!({"id": id})).await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let resp = get(&app, None, &format!("/statistics/{id}/result.csv")).await;
    assert_eq!(resp.status(), 401);
    let resp = get(&app, Some(&token), &format!("/statistics/{id}/result.pdf")).await;
    assert_eq!(resp.status(), 400);

    // Once expired: refused, with a reason, and no link is offered.
    sqlx::query("UPDATE statistics_requests SET expires_at = now() - interval '1 minute' WHERE id = $1::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .unwrap();
    let resp = get(&app, Some(&token), &format!("/statistics/{id}/result.csv")).await;
    assert_eq!(resp.status(), 410);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "EXPIRED", "{body}");
    let r = app.as_user("tepd", SHOW, json!({"id": id})).await;
    assert_eq!(
        r["data"]["statisticsRequest"]["downloads"],
        json!([]),
        "{r}"
    );
}

#[tokio::test]
async fn bad_requests_are_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let moe = app.unit_id("MOE-TEPD").await;
    let taipei = app.unit_id("63000").await;
    let before: i64 = app.count("SELECT count(*) FROM statistics_requests").await;

    // A dimension that does not exist is a schema error naming it.
    let r = app
        .as_user(
            "tepd",
            REQUEST,
            json!({"i": input(moe, json!(["PLANET"]), json!(["TEACHERS"]))}),
        )
        .await;
    let message = r["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("PLANET"), "{r}");
    let r = app
        .as_user(
            "tepd",
            REQUEST,
            json!({"i": input(moe, json!(["COUNTY"]), json!(["HAPPINESS"]))}),
        )
        .await;
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("HAPPINESS"),
        "{r}"
    );

    let cases: Vec<(Value, &str, &str)> = vec![
        (
            {
                let mut i = input(moe, json!(["COUNTY"]), json!(["TEACHERS"]));
                i["period"] = json!({});
                i
            },
            "period",
            "OUT_OF_RANGE",
        ),
        (
            {
                let mut i = input(moe, json!(["COUNTY"]), json!(["TEACHERS"]));
                i["period"] = json!({"from": "2026-06-30", "to": "2026-01-01"});
                i
            },
            "period",
            "OUT_OF_RANGE",
        ),
        (
            input(moe, json!(["COUNTY"]), json!([])),
            "measures",
            "REQUIRED",
        ),
        (
            input(moe, json!(["COUNTY", "COUNTY"]), json!(["TEACHERS"])),
            "dimensions[1]",
            "ALREADY_EXISTS",
        ),
        (
            input(
                moe,
                json!(["COUNTY", "STAGE", "TAG", "MONTH"]),
                json!(["TEACHERS"]),
            ),
            "dimensions",
            "OUT_OF_RANGE",
        ),
        (
            input(
                moe,
                json!(["COUNTY"]),
                json!(["TEACHERS_MEETING_THRESHOLD"]),
            ),
            "threshold",
            "REQUIRED",
        ),
        (
            {
                let mut i = input(moe, json!(["COUNTY"]), json!(["TEACHERS"]));
                i["tags"] = json!(["astrology"]);
                i
            },
            "tags[0]",
            "NOT_FOUND",
        ),
        (
            {
                let mut i = input(moe, json!(["COUNTY"]), json!(["TEACHERS"]));
                i["purpose"] = json!("  ");
                i
            },
            "purpose",
            "REQUIRED",
        ),
    ];
    for (i, field, code) in cases {
        let r = app.as_user("tepd", REQUEST, json!({"i": i})).await;
        let errors = input_errors(&r["data"]["requestStatistics"]);
        assert!(
            errors.contains(&(field.to_owned(), code.to_owned())),
            "{field} {code}: {r}"
        );
    }

    // A county bureau asks only about its own county.
    let mut outside = input(taipei, json!(["COUNTY"]), json!(["TEACHERS"]));
    outside["counties"] = json!(["67000"]);
    let r = app.as_user("taipei", REQUEST, json!({"i": outside})).await;
    let errors = r["data"]["requestStatistics"]["errors"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(errors[0]["field"], "counties[0]", "{r}");
    assert_eq!(errors[0]["code"], "OUT_OF_RANGE");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("臺南市"),
        "{r}"
    );
    assert_eq!(
        error_params(&errors[0]),
        vec![
            ("county".into(), "臺南市".into()),
            ("own".into(), "臺北市".into())
        ],
        "{r}"
    );
    // An unknown county code is named back.
    let mut unknown = input(taipei, json!(["COUNTY"]), json!(["TEACHERS"]));
    unknown["counties"] = json!(["99999"]);
    let r = app.as_user("taipei", REQUEST, json!({"i": unknown})).await;
    let error = &r["data"]["requestStatistics"]["errors"][0];
    assert_eq!(
        (&error["field"], &error["code"]),
        (&json!("counties[0]"), &json!("NOT_FOUND")),
        "{r}"
    );
    assert_eq!(
        error_params(error),
        vec![("code".into(), "99999".into())],
        "{r}"
    );
    // … and for its own unit only.
    let tainan = app.unit_id("67000").await;
    let r = app
        .as_user(
            "taipei",
            REQUEST,
            json!({"i": input(tainan, json!([]), json!(["TEACHERS"]))}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    // Schools and teachers do not request statistics.
    let school = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei-school",
            REQUEST,
            json!({"i": input(school, json!([]), json!(["TEACHERS"]))}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");

    assert_eq!(
        app.count("SELECT count(*) FROM statistics_requests").await,
        before
    );
}

#[tokio::test]
async fn decisions_are_the_commissioners_with_a_reason_to_reject_never_on_their_own_request() {
    let app = spawn_app().await;
    let moe = app.unit_id("MOE-TEPD").await;
    let id = submit(
        &app,
        "tepd",
        input(moe, json!(["COUNTY"]), json!(["TEACHERS"])),
    )
    .await;

    // Not the requester's to decide, nor an operator's.
    for login in ["tepd", "operator", "taipei"] {
        let r = app
            .as_user(login, DECIDE, json!({"id": id, "a": true}))
            .await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
    }
    // k below 3 is refused.
    let r = app
        .as_user("commissioner", DECIDE, json!({"id": id, "a": true, "k": 2}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["decideStatisticsRequest"]),
        [("k".to_owned(), "OUT_OF_RANGE".to_owned())],
        "{r}"
    );
    // Rejecting needs a reason.
    let r = app
        .as_user(
            "commissioner",
            DECIDE,
            json!({"id": id, "a": false, "r": " "}),
        )
        .await;
    assert_eq!(
        input_errors(&r["data"]["decideStatisticsRequest"]),
        [("reason".to_owned(), "REQUIRED".to_owned())],
        "{r}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM statistics_requests WHERE id = '{id}' AND status = 'submitted'"
        ))
        .await,
        1
    );
    let r = app
        .as_user(
            "commissioner",
            DECIDE,
            json!({"id": id, "a": false, "r": "請縮小範圍至特教相關研習。"}),
        )
        .await;
    assert_eq!(
        r["data"]["decideStatisticsRequest"]["request"]["status"], "REJECTED",
        "{r}"
    );
    // Deciding twice is a conflict.
    let r = app
        .as_user("commissioner", DECIDE, json!({"id": id, "a": true}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["decideStatisticsRequest"]),
        [("".to_owned(), "CONFLICT".to_owned())],
        "{r}"
    );
    // A rejected request runs nothing.
    assert_eq!(app.count("SELECT count(*) FROM jobs").await, 0);

    // A commissioner who also requests may not decide their own request.
    sqlx::query(
        "INSERT INTO role_assignments (user_id, role, unit_id)
         SELECT id, 'division_admin', (SELECT id FROM org_units WHERE code = 'MOE-TEPD')
           FROM users WHERE login = 'commissioner'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let own = submit(
        &app,
        "commissioner",
        input(moe, json!([]), json!(["TEACHERS"])),
    )
    .await;
    let r = app
        .as_user("commissioner", DECIDE, json!({"id": own, "a": true}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["decideStatisticsRequest"]),
        [("".to_owned(), "OWN_APPLICATION".to_owned())],
        "{r}"
    );
    // The specification is frozen once decided, whatever writes to it.
    let frozen =
        sqlx::query("UPDATE statistics_requests SET spec = '{}'::jsonb WHERE id = $1::uuid")
            .bind(&id)
            .execute(&app.pool)
            .await;
    assert!(frozen.is_err());
}

#[tokio::test]
async fn a_job_whose_instance_died_is_taken_over_and_completed_once() {
    // An instance that runs no jobs, so the test decides when one runs.
    let app = spawn_app_with(|s| s.run_jobs = false).await;
    let moe = app.unit_id("MOE-TEPD").await;
    let id = submit(
        &app,
        "tepd",
        input(moe, json!(["COUNTY"]), json!(["TEACHERS"])),
    )
    .await;
    let r = app
        .as_user("commissioner", DECIDE, json!({"id": id, "a": true}))
        .await;
    assert_eq!(
        r["data"]["decideStatisticsRequest"]["errors"],
        json!([]),
        "{r}"
    );

    // A first instance claims the job, then dies mid-job: its lease runs.
    let lease = Duration::from_secs(3);
    let claimed = inservice::statistics::jobs::claim(&app.pool, lease)
        .await
        .unwrap()
        .expect("a job is due");
    assert_eq!(claimed.attempts, 1);
    // While the lease holds, no other instance takes it.
    assert!(inservice::statistics::jobs::claim(&app.pool, lease)
        .await
        .unwrap()
        .is_none());
    sqlx::query("UPDATE jobs SET lease_until = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();

    // A restarted instance (jobs on) takes it over and completes it.
    let (_addr, _stop) = crate::helpers::spawn_server(&app.db.url, |_| {}).await;
    let done = wait_until_completed(&app, "tepd", &id).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    let (status, attempts): (String, i32) =
        sqlx::query_as("SELECT status, attempts FROM jobs WHERE subject_id = $1::uuid")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("done", 2));
    let completions: i64 = app
        .count(&format!(
            "SELECT count(*) FROM application_transitions WHERE application_id = '{id}' AND to_status = 'completed'"
        ))
        .await;
    assert_eq!(completions, 1);
}

const APPLY: &str = "mutation($i: DataExchangeInput!) { applyDataExchange(input: $i) { dataExchange { id status } errors { field code message params { name value } } } }";
const DECIDE_EXCHANGE: &str = "mutation($id: UUID!, $a: Boolean!, $r: String) { decideDataExchange(id: $id, approve: $a, reason: $r) { dataExchange { id status } errors { field code message } } }";
const SHOW_EXCHANGE: &str = "query($id: UUID!) { dataExchange(id: $id) { status rowCount progress downloads { format url expiresAt } transitions { toStatus actorLogin } viewerCan { decide download } } }";
const COUNTY_REPORT: &str = "query($u: UUID!, $p: PeriodInput!) { countyReport(unitId: $u, period: $p) { unitName period rows { courseCode title organizer stage participants teachersGranted hoursGranted } downloads { format url } } }";

fn exchange_input(unit: uuid::Uuid) -> Value {
    let today = time::OffsetDateTime::now_utc().date();
    json!({
        "unitId": unit,
        "purpose": "縣市教師專業發展規劃：本市教師研習紀錄",
        "periodFrom": (today - time::Duration::days(60)).to_string(),
        "periodTo": today.to_string(),
        "validUntil": (today + time::Duration::days(30)).to_string(),
    })
}

#[tokio::test]
async fn a_county_receives_its_own_teachers_records_as_a_streamed_csv_without_national_ids() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let r = app
        .as_user("taipei", APPLY, json!({"i": exchange_input(taipei)}))
        .await;
    assert_eq!(r["data"]["applyDataExchange"]["errors"], json!([]), "{r}");
    let id = r["data"]["applyDataExchange"]["dataExchange"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A title typed as a formula stays text in the spreadsheet.
    sqlx::query(
        "UPDATE courses SET title = '=HYPERLINK(\"http://evil.example\")' WHERE code = 3500007",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let r = app
        .as_user(
            "commissioner",
            DECIDE_EXCHANGE,
            json!({"id": id, "a": true}),
        )
        .await;
    assert_eq!(r["data"]["decideDataExchange"]["errors"], json!([]), "{r}");
    let done = eventually("the export completes", || async {
        let r = app
            .as_user("taipei", SHOW_EXCHANGE, json!({"id": id}))
            .await;
        let x = r["data"]["dataExchange"].clone();
        (x["status"] == "COMPLETED" || x["status"] == "FAILED").then_some(x)
    })
    .await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    // The demo's held course: 林怡君 3 h and 陳冠宇 2.5 h, both at 幸安國小
    // (Taipei). 黃雅琪 serves in Tainan and is not exported.
    assert_eq!(done["rowCount"], 2, "{done}");
    assert_eq!(done["viewerCan"]["download"], true);

    let token = app.login("taipei").await;
    let resp = get(
        &app,
        Some(&token),
        &format!("/data-exchanges/{id}/export.csv"),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "個人專用識別碼,姓名,服務學校,研習代碼,研習名稱,研習日期,時數"
    );
    assert_eq!(lines.len(), 3, "{text}");
    assert!(text.contains(",林怡君,") && text.contains(",3.0"), "{text}");
    assert!(text.contains(",陳冠宇,") && text.contains(",2.5"), "{text}");
    assert!(!text.contains("黃雅琪"), "{text}");
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\","),
        "{text}"
    );
    // Neither national IDs nor their masked form leave.
    assert!(!text.contains("A22") && !text.contains("****"), "{text}");
    let audited = app
        .count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'exchange.download' AND target_id = '{id}'"
        ))
        .await;
    assert_eq!(audited, 1);

    // Tainan's bureau may not fetch Taipei's records; anonymous neither.
    let tainan = app.login("tainan").await;
    let resp = get(
        &app,
        Some(&tainan),
        &format!("/data-exchanges/{id}/export.csv"),
    )
    .await;
    assert_eq!(resp.status(), 403);
    let resp = get(&app, None, &format!("/data-exchanges/{id}/export.csv")).await;
    assert_eq!(resp.status(), 401);

    // Expired: refused, and the frozen rows are deleted.
    sqlx::query(
        "UPDATE data_exchanges SET expires_at = now() - interval '1 second' WHERE id = $1::uuid",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    let resp = get(
        &app,
        Some(&token),
        &format!("/data-exchanges/{id}/export.csv"),
    )
    .await;
    assert_eq!(resp.status(), 410);
    inservice::statistics::exchange::delete_expired(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM data_exchange_rows WHERE exchange_id = '{id}'"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn data_exchange_applications_are_checked_and_decided_like_statistics() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let before = app.count("SELECT count(*) FROM data_exchanges").await;
    // A ministry division governs no schools.
    let moe = app.unit_id("MOE-TEPD").await;
    let r = app
        .as_user("tepd", APPLY, json!({"i": exchange_input(moe)}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["applyDataExchange"]),
        [("unitId".to_owned(), "INVALID_PLACEMENT".to_owned())],
        "{r}"
    );
    assert_eq!(
        error_params(&r["data"]["applyDataExchange"]["errors"][0]),
        vec![("unit".into(), "教育部師資培育及藝術教育司".into())],
        "{r}"
    );
    // Reversed period, validity in the past, no purpose.
    let mut bad = exchange_input(taipei);
    bad["periodFrom"] = json!("2026-06-30");
    bad["periodTo"] = json!("2026-01-01");
    bad["validUntil"] = json!("2020-01-01");
    bad["purpose"] = json!("");
    let r = app.as_user("taipei", APPLY, json!({"i": bad})).await;
    let mut errors = input_errors(&r["data"]["applyDataExchange"]);
    errors.sort();
    assert_eq!(
        errors,
        [
            ("periodTo".to_owned(), "OUT_OF_RANGE".to_owned()),
            ("purpose".to_owned(), "REQUIRED".to_owned()),
            ("validUntil".to_owned(), "OUT_OF_RANGE".to_owned()),
        ],
        "{r}"
    );
    // Another county's jurisdiction, or a school: refused.
    let tainan = app.unit_id("67000").await;
    let r = app
        .as_user("taipei", APPLY, json!({"i": exchange_input(tainan)}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let school = app.unit_id("D633101").await;
    let r = app
        .as_user("taipei-school", APPLY, json!({"i": exchange_input(school)}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    assert_eq!(
        app.count("SELECT count(*) FROM data_exchanges").await,
        before
    );

    let r = app
        .as_user("taipei", APPLY, json!({"i": exchange_input(taipei)}))
        .await;
    let id = r["data"]["applyDataExchange"]["dataExchange"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .as_user("taipei", DECIDE_EXCHANGE, json!({"id": id, "a": true}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let r = app
        .as_user(
            "commissioner",
            DECIDE_EXCHANGE,
            json!({"id": id, "a": false}),
        )
        .await;
    assert_eq!(
        input_errors(&r["data"]["decideDataExchange"]),
        [("reason".to_owned(), "REQUIRED".to_owned())],
        "{r}"
    );
    let r = app
        .as_user(
            "commissioner",
            DECIDE_EXCHANGE,
            json!({"id": id, "a": false, "r": "請說明使用目的與保存方式。"}),
        )
        .await;
    assert_eq!(
        r["data"]["decideDataExchange"]["dataExchange"]["status"], "REJECTED",
        "{r}"
    );
    let token = app.login("taipei").await;
    let resp = get(
        &app,
        Some(&token),
        &format!("/data-exchanges/{id}/export.csv"),
    )
    .await;
    assert_eq!(
        resp.status(),
        410,
        "a rejected application has nothing to download"
    );
    // The list: the applicant sees their own, the commissioner all.
    let r = app
        .as_user("taipei", "{ dataExchanges { totalCount } }", json!({}))
        .await;
    assert_eq!(r["data"]["dataExchanges"]["totalCount"], 1, "{r}");
    let r = app
        .as_user("tainan", "{ dataExchanges { totalCount } }", json!({}))
        .await;
    assert_eq!(r["data"]["dataExchanges"]["totalCount"], 0, "{r}");
    let r = app
        .as_user(
            "taipei-school",
            "{ dataExchanges { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
}

#[tokio::test]
async fn the_county_report_lists_the_jurisdictions_courses_with_counts_only() {
    let app = spawn_app().await;
    let taipei = app.unit_id("63000").await;
    let period = json!({"schoolYear": demo_school_year()});
    let r = app
        .as_user("taipei", COUNTY_REPORT, json!({"u": taipei, "p": period}))
        .await;
    let report = &r["data"]["countyReport"];
    assert_eq!(report["unitName"], "臺北市政府教育局", "{r}");
    let held = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["courseCode"] == "3500007")
        .cloned()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(held["organizer"], "臺北市大安區幸安國民小學", "{held}");
    assert_eq!(held["stage"], "ELEMENTARY");
    assert_eq!(held["participants"], 3);
    assert_eq!(held["teachersGranted"], 2);
    assert_eq!(held["hoursGranted"], 5.5);
    // Tainan's report does not list Taipei's courses.
    let tainan = app.unit_id("67000").await;
    let r = app
        .as_user("tainan", COUNTY_REPORT, json!({"u": tainan, "p": period}))
        .await;
    assert!(
        !r["data"]["countyReport"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["courseCode"] == "3500007"),
        "{r}"
    );
    // Only one's own jurisdiction; schools have none.
    let r = app
        .as_user("tainan", COUNTY_REPORT, json!({"u": taipei, "p": period}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let school = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei-school",
            COUNTY_REPORT,
            json!({"u": school, "p": period}),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let r = app
        .as_user("taipei", COUNTY_REPORT, json!({"u": taipei, "p": {}}))
        .await;
    assert_eq!(error_code(&r), "BAD_REQUEST", "{r}");

    // The downloads carry the same rows, and are audited.
    let token = app.login("taipei").await;
    let url = r#"/county-reports/ID/county-report.csv?schoolYear=SY"#
        .replace("ID", &taipei.to_string())
        .replace("SY", &demo_school_year().to_string());
    let resp = get(&app, Some(&token), &url).await;
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("3500007,正向管教與親師溝通研習,"), "{text}");
    assert!(
        text.contains(",臺北市大安區幸安國民小學,國小,3,2,5.5"),
        "{text}"
    );
    let xlsx = get(&app, Some(&token), &url.replace(".csv", ".xlsx")).await;
    assert_eq!(xlsx.status(), 200);
    let tainan_token = app.login("tainan").await;
    let resp = get(&app, Some(&tainan_token), &url).await;
    assert_eq!(resp.status(), 403);
    let resp = get(&app, Some(&token), &url.replace("schoolYear", "year")).await;
    assert_eq!(resp.status(), 400);
    // Two downloads; the three refusals above are audited as such.
    let outcomes: Vec<(String, i64)> = sqlx::query_as(
        "SELECT outcome, count(*) FROM audit_log WHERE action = 'report.county'
          GROUP BY outcome ORDER BY outcome",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(outcomes, [("denied".to_owned(), 3), ("ok".to_owned(), 2)]);
}

/// One live grant or admitted registration of the generated network, as
/// the test reads it with plain queries.
struct Fact {
    teacher: uuid::Uuid,
    course: uuid::Uuid,
    half_hours: i64,
    registered: bool,
    county: String,
    tags: Vec<String>,
}

#[tokio::test]
async fn results_agree_with_independent_counts_on_a_generated_network() {
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    let app = spawn_app().await;
    let scale = inservice::seed::national::Scale::small(7);
    inservice::seed::national::load(&app.pool, scale)
        .await
        .unwrap();
    let moe = app.unit_id("MOE-TEPD").await;
    let mut request = input(
        moe,
        json!(["COUNTY", "TAG"]),
        json!([
            "TEACHERS",
            "HOURS",
            "COURSES",
            "REGISTRATIONS",
            "TEACHERS_MEETING_THRESHOLD"
        ]),
    );
    request["period"] = json!({"schoolYear": scale.school_year});
    request["threshold"] = json!({"hours": 6});
    let id = submit(&app, "tepd", request).await;
    let r = app
        .as_user("commissioner", DECIDE, json!({"id": id, "a": true, "k": 3}))
        .await;
    assert_eq!(
        r["data"]["decideStatisticsRequest"]["errors"],
        json!([]),
        "{r}"
    );
    let done = wait_until_completed(&app, "tepd", &id).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");

    // The facts, read without any grouping in SQL.
    let (from, to): (time::OffsetDateTime, time::OffsetDateTime) = sqlx::query_as(
        "SELECT make_timestamptz($1 + 1911, 8, 1, 0, 0, 0, 'Asia/Taipei'),
                make_timestamptz($1 + 1912, 8, 1, 0, 0, 0, 'Asia/Taipei')",
    )
    .bind(scale.school_year)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let rows: Vec<(uuid::Uuid, uuid::Uuid, i32, bool, String, Vec<String>)> = sqlx::query_as(
        "SELECT e.teacher_id, e.course_id, e.half_hours, false, s.county_code, c.tags
           FROM hour_entries e JOIN courses c ON c.id = e.course_id
           JOIN org_units s ON s.id = e.school_id
          WHERE e.kind = 'grant' AND c.ends_at >= $1 AND c.ends_at < $2
            AND e.id NOT IN (SELECT revokes_id FROM hour_entries WHERE revokes_id IS NOT NULL)
         UNION ALL
         SELECT r.teacher_id, r.course_id, 0, true, s.county_code, c.tags
           FROM registrations r JOIN courses c ON c.id = r.course_id
           JOIN org_units s ON s.id = r.school_id
          WHERE r.status = 'admitted' AND c.ends_at >= $1 AND c.ends_at < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let facts: Vec<Fact> = rows
        .into_iter()
        .map(|(teacher, course, half, registered, county, tags)| Fact {
            teacher,
            course,
            half_hours: i64::from(half),
            registered,
            county,
            tags: if tags.is_empty() {
                vec!["-".into()]
            } else {
                tags
            },
        })
        .collect();
    assert!(facts.len() > 50_000, "{}", facts.len());
    let county_names: HashMap<String, String> = inservice::units::counties::COUNTIES
        .iter()
        .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
        .collect();
    let mut tag_names: HashMap<String, String> =
        sqlx::query_as("SELECT code, name FROM course_codes WHERE list = 'tag'")
            .fetch_all(&app.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    tag_names.insert("-".into(), "無屬性".into());
    // Hours per teacher over the period, for the threshold (6 hours).
    let mut teacher_hours: HashMap<uuid::Uuid, i64> = HashMap::new();
    for f in facts.iter().filter(|f| !f.registered) {
        *teacher_hours.entry(f.teacher).or_default() += f.half_hours;
    }

    /// Everything a published row reports, counted from facts.
    #[derive(Default)]
    struct Cell {
        people: BTreeSet<uuid::Uuid>,
        teachers: BTreeSet<uuid::Uuid>,
        half_hours: i64,
        courses: BTreeSet<uuid::Uuid>,
        registrations: i64,
        meeting: BTreeSet<uuid::Uuid>,
    }
    let mut cells: BTreeMap<String, Cell> = BTreeMap::new();
    for f in &facts {
        let county = county_names[&f.county].clone();
        // A fact counts once in each of its tags, and once in totals over
        // tags.
        let mut keys: Vec<String> = f
            .tags
            .iter()
            .flat_map(|t| {
                let tag = tag_names[t].clone();
                [format!("{county}|{tag}"), format!("合計|{tag}")]
            })
            .collect();
        keys.push(format!("{county}|合計"));
        keys.push("合計|合計".into());
        for key in keys {
            let cell = cells.entry(key).or_default();
            cell.people.insert(f.teacher);
            if f.registered {
                cell.registrations += 1;
            } else {
                cell.teachers.insert(f.teacher);
                cell.half_hours += f.half_hours;
                cell.courses.insert(f.course);
                if teacher_hours[&f.teacher] >= 12 {
                    cell.meeting.insert(f.teacher);
                }
            }
        }
    }

    let published = &done["result"];
    let k = 3;
    let mut checked = 0;
    let mut hidden = 0;
    for row in published["rows"].as_array().unwrap() {
        let c = row["cells"].as_array().unwrap();
        let key = format!("{}|{}", c[0].as_str().unwrap(), c[1].as_str().unwrap());
        let expected = cells
            .get(&key)
            .unwrap_or_else(|| panic!("no facts for {key}"));
        let want = [
            expected.teachers.len().to_string(),
            {
                let h = expected.half_hours as f64 / 2.0;
                if h.fract() == 0.0 {
                    format!("{h:.0}")
                } else {
                    format!("{h:.1}")
                }
            },
            expected.courses.len().to_string(),
            expected.registrations.to_string(),
            expected.meeting.len().to_string(),
        ];
        for (i, want) in want.iter().enumerate() {
            match c[2 + i].as_str() {
                Some(got) => {
                    assert_eq!(got, want, "{key} column {i}");
                    checked += 1;
                }
                None => hidden += 1,
            }
        }
        // Disclosure: a published row counts no fewer than k teachers, and
        // no fewer than k meet the threshold (or none).
        if c[2].is_string() {
            assert!(
                expected.people.len() >= k,
                "{key}: {} people",
                expected.people.len()
            );
            let meeting = expected.meeting.len();
            assert!(
                meeting == 0 || meeting >= k,
                "{key}: {meeting} meet the threshold"
            );
        }
    }
    // Every non-empty cell of the facts is in the table.
    let listed: BTreeSet<String> = published["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}|{}",
                r["cells"][0].as_str().unwrap(),
                r["cells"][1].as_str().unwrap()
            )
        })
        .collect();
    let counted: BTreeSet<String> = cells.keys().cloned().collect();
    assert_eq!(listed, counted);
    assert!(checked > 500, "{checked} values checked");
    assert!(hidden > 0, "a generated network has small cells");
    assert_eq!(published["suppressed"], hidden);
}
