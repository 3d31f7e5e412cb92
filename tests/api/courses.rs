//! Courses: every transition and refusal, routing by data (with delegation),
//! duplicate detection, notifications over real SMTP, and public search.

use inservice::{courses::send_review_digests, mail::Links};
use serde_json::{json, Value};
use time::{format_description::well_known::Rfc3339, Duration, OffsetDateTime, Time};

use crate::helpers::{error_code, input_errors, spawn_app, spawn_app_with, SmtpSink, TestApp};

/// A complete, valid course input: one 3-hour session `starts_in_days`
/// from today at 09:00 Taipei, registration open from yesterday.
pub fn valid_input(title: &str, starts_in_days: i64) -> Value {
    let taipei = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let today = OffsetDateTime::now_utc().to_offset(taipei).date();
    let start = (today + Duration::days(starts_in_days))
        .with_time(Time::from_hms(9, 0, 0).unwrap())
        .assume_offset(taipei);
    let fmt = |t: OffsetDateTime| t.format(&Rfc3339).unwrap();
    json!({
        "title": title,
        "description": "研習說明",
        "nature": "lecture",
        "category": "curriculum",
        "tags": [],
        "audience": {"stages": ["ELEMENTARY"], "countyCodes": ["63000"], "roles": ["teacher"]},
        "mode": "IN_PERSON",
        "venue": "視聽教室",
        "sessions": [{"startsAt": fmt(start), "endsAt": fmt(start + Duration::hours(3))}],
        "hours": 3,
        "capacity": 40,
        "registrationOpensAt": fmt(start - Duration::days(starts_in_days + 1)),
        "registrationClosesAt": fmt(start - Duration::days(1)),
        "onsiteRegistration": true,
    })
}

const FIELDS: &str = "id code title status hours capacity seatsLeft daysWaiting registrationOpen
    organizer { code } reviewer { code } reviewAuthority { code }
    viewerCan { edit submit cancel complete review }";

fn create_q() -> String {
    format!("mutation($u: UUID!, $i: CourseInput!) {{ createCourse(organizerId: $u, input: $i) {{ course {{ {FIELDS} }} errors {{ field code message }} }} }}")
}
fn update_q() -> String {
    format!("mutation($id: UUID!, $i: CourseInput!) {{ updateCourse(id: $id, input: $i) {{ course {{ {FIELDS} }} errors {{ field code message }} }} }}")
}
fn submit_q() -> String {
    format!("mutation($id: UUID!, $r: String) {{ submitCourse(id: $id, duplicateReason: $r) {{ course {{ {FIELDS} }} duplicates {{ kind similarity course {{ code title organizer {{ code }} }} }} errors {{ field code message }} }} }}")
}
fn review_q() -> String {
    format!("mutation($id: UUID!, $d: ReviewDecision!, $r: String) {{ reviewCourse(id: $id, decision: $d, reason: $r) {{ course {{ {FIELDS} }} messagesQueued errors {{ field code message }} }} }}")
}
fn course_q() -> String {
    format!("query($id: UUID!) {{ course(id: $id) {{ {FIELDS} }} }}")
}
const QUEUE: &str =
    "{ reviewQueue { totalCount edges { node { code title daysWaiting reviewer { code } } } } }";
const CANCEL: &str = "mutation($id: UUID!, $r: String!) { cancelCourse(id: $id, reason: $r) { course { status } errors { field code message } } }";
const END_DELEGATION: &str = "mutation($id: UUID!, $r: String) { endReviewDelegation(id: $id, reason: $r) { pendingMoved delegation { isActive validTo endedAt } errors { field code message } } }";
const SET_DELEGATION: &str = "mutation($a: UUID!, $d: UUID!, $to: DateTime) { setReviewDelegation(authorityId: $a, delegateUnitId: $d, validTo: $to, note: \"test\") { pendingMoved delegation { id isActive authority { code } delegate { code } } errors { field code message } } }";
const DELEGATIONS: &str = "{ reviewDelegations { totalCount edges { node { id isActive authority { code } delegate { code } } } } }";

async fn app_with_mail(sink: &SmtpSink) -> TestApp {
    let url = sink.url();
    spawn_app_with(move |s| s.smtp_url = Some(inservice::config::Secret::new(url))).await
}

/// Creates a course as `login` for unit `unit`; its id.
async fn create(app: &TestApp, login: &str, unit: &str, input: Value) -> String {
    let u = app.unit_id(unit).await;
    let r = app
        .as_user(login, &create_q(), json!({"u": u, "i": input}))
        .await;
    let p = &r["data"]["createCourse"];
    assert_eq!(p["errors"], json!([]), "{r}");
    p["course"]["id"].as_str().unwrap().to_owned()
}

/// A course of 幸安國小, created by its school admin; its id.
async fn school_course(app: &TestApp, title: &str, starts_in_days: i64) -> String {
    create(
        app,
        "taipei-school",
        "D633101",
        valid_input(title, starts_in_days),
    )
    .await
}

async fn submit(app: &TestApp, login: &str, id: &str) -> Value {
    let r = app.as_user(login, &submit_q(), json!({"id": id})).await;
    r["data"]["submitCourse"].clone()
}

async fn review(
    app: &TestApp,
    login: &str,
    id: &str,
    decision: &str,
    reason: Option<&str>,
) -> Value {
    let r = app
        .as_user(
            login,
            &review_q(),
            json!({"id": id, "d": decision, "r": reason}),
        )
        .await;
    assert_eq!(error_code(&r), "", "{r}");
    r["data"]["reviewCourse"].clone()
}

async fn status(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM courses WHERE id = $1::uuid")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn assert_in_queue(app: &TestApp, login: &str, code: &str, expected: bool) {
    let r = app.as_user(login, QUEUE, json!({})).await;
    assert_eq!(
        queue_codes(&r).iter().any(|c| c == code),
        expected,
        "{code} in {login}'s queue: {r}"
    );
}

async fn assert_may_not_review(app: &TestApp, login: &str, id: &str, why: &str) {
    let r = app
        .as_user(login, &review_q(), json!({"id": id, "d": "APPROVE"}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {why}: {r}");
}

fn queue_codes(r: &Value) -> Vec<String> {
    r["data"]["reviewQueue"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_school_course_is_submitted_approved_mailed_and_found_by_anyone() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_mail(&sink).await;
    let id = school_course(&app, "班級經營實務研習", 20).await;
    let draft = app
        .as_user("taipei-school", &course_q(), json!({"id": id}))
        .await;
    let c = &draft["data"]["course"];
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["code"], Value::Null, "no code before submission");
    assert_eq!(c["viewerCan"]["submit"], true);
    // Nobody outside sees a draft.
    assert_eq!(
        error_code(&app.anon(&course_q(), json!({"id": id})).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(
            &app.as_user("tainan-school", &course_q(), json!({"id": id}))
                .await
        ),
        "FORBIDDEN"
    );

    let p = submit(&app, "taipei-school", &id).await;
    assert_eq!(p["errors"], json!([]), "{p}");
    let c = &p["course"];
    assert_eq!(c["status"], "SUBMITTED");
    let code = c["code"].as_str().unwrap().to_owned();
    assert!(
        code.len() == 7 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(
        c["reviewer"]["code"], "63000",
        "a Taipei school is reviewed by Taipei"
    );
    assert_eq!(c["viewerCan"]["edit"], false);

    assert_in_queue(&app, "taipei", &code, true).await;
    assert_in_queue(&app, "tainan", &code, false).await;

    let p = review(&app, "taipei", &id, "APPROVE", None).await;
    assert_eq!(p["errors"], json!([]), "{p}");
    assert_eq!(p["course"]["status"], "APPROVED");
    assert_eq!(p["messagesQueued"], 1, "幸安國小's one email contact");
    let mail = sink.wait_for(1).await;
    assert_eq!(mail[0]["rcpt_tos"], json!(["academic@xinan.example"]));
    let subject = mail[0]["subject"].as_str().unwrap();
    assert!(
        subject.contains("核准") && subject.contains(&code),
        "{subject}"
    );
    assert!(mail[0]["text"]
        .as_str()
        .unwrap()
        .contains(&format!("/courses/{id}")));

    // Public search, anonymous: by keyword, county, stage, date range.
    let today = OffsetDateTime::now_utc().date();
    let search = "query($f: CourseFilter!) { courses(filter: $f) { totalCount edges { node { code title hours seatsLeft venue organizer { name } registrationOpen } } } }";
    let r = app
        .anon(
            search,
            json!({"f": {"search": "班級經營", "countyCode": "63000", "stage": "ELEMENTARY",
                         "from": today.to_string(), "to": (today + Duration::days(30)).to_string(),
                         "registrationOpen": true, "status": ["APPROVED"]}}),
        )
        .await;
    let edges = r["data"]["courses"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(edges.len(), 1, "{r}");
    assert_eq!(edges[0]["node"]["code"], code.as_str());
    assert_eq!(edges[0]["node"]["seatsLeft"], 40);
    assert_eq!(edges[0]["node"]["hours"], 3.0);
    // Other filters exclude it.
    for f in [
        json!({"search": "班級經營", "countyCode": "67000"}),
        json!({"search": "班級經營", "stage": "PRESCHOOL"}),
        json!({"search": "班級經營", "tag": "special_education"}),
        json!({"search": "班級經營", "to": today.to_string()}),
    ] {
        let r = app.anon(search, json!({"f": f})).await;
        assert_eq!(r["data"]["courses"]["totalCount"], 0, "{f}: {r}");
    }
    // By code, anonymous.
    let r = app
        .anon(
            "query($c: String!) { course(code: $c) { title } }",
            json!({"c": code}),
        )
        .await;
    assert_eq!(r["data"]["course"]["title"], "班級經營實務研習");
    let r = app
        .anon("{ course(code: \"12-34\") { title } }", json!({}))
        .await;
    assert_eq!(error_code(&r), "BAD_REQUEST");

    // The history: who, when, from, to.
    let r = app
        .as_user(
            "taipei-school",
            "query($id: UUID!) { course(id: $id) { history { fromStatus toStatus actorLogin reviewer { code } } } }",
            json!({"id": id}),
        )
        .await;
    let history = &r["data"]["course"]["history"];
    assert_eq!(
        history,
        &json!([
            {"fromStatus": null, "toStatus": "DRAFT", "actorLogin": "taipei-school", "reviewer": null},
            {"fromStatus": "DRAFT", "toStatus": "SUBMITTED", "actorLogin": "taipei-school", "reviewer": {"code": "63000"}},
            {"fromStatus": "SUBMITTED", "toStatus": "APPROVED", "actorLogin": "taipei", "reviewer": {"code": "63000"}},
        ]),
        "{r}"
    );
    // ... which the public does not see.
    let r = app
        .anon(
            "query($id: UUID!) { course(id: $id) { history { toStatus } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE target_id = '{id}' AND action LIKE 'course.%'"
        ))
        .await,
        3
    );
}

#[tokio::test]
async fn a_returned_course_is_edited_and_the_reviewer_sees_what_changed() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_mail(&sink).await;
    let id = school_course(&app, "英語教學研習", 25).await;
    let first = submit(&app, "taipei-school", &id).await;
    let code = first["course"]["code"].clone();

    // Returning needs a reason; nothing changes without one.
    let p = review(&app, "taipei", &id, "RETURN", Some("  ")).await;
    assert_eq!(
        input_errors(&p),
        [("reason".into(), "REQUIRED".into())],
        "{p}"
    );
    assert_eq!(status(&app, &id).await, "submitted");
    let p = review(
        &app,
        "taipei",
        &id,
        "RETURN",
        Some("時數請依課表調整為 2 小時"),
    )
    .await;
    assert_eq!(p["errors"], json!([]), "{p}");
    assert_eq!(p["course"]["status"], "RETURNED");
    assert_eq!(p["course"]["viewerCan"]["review"], false);
    let mail = sink.wait_for(1).await;
    assert!(mail[0]["subject"].as_str().unwrap().contains("退回修正"));
    assert!(mail[0]["text"]
        .as_str()
        .unwrap()
        .contains("時數請依課表調整為 2 小時"));

    let mut input = valid_input("英語教學研習（修正版）", 25);
    input["hours"] = json!(2);
    let r = app
        .as_user("taipei-school", &update_q(), json!({"id": id, "i": input}))
        .await;
    assert_eq!(r["data"]["updateCourse"]["errors"], json!([]), "{r}");
    let again = submit(&app, "taipei-school", &id).await;
    assert_eq!(again["errors"], json!([]), "{again}");
    assert_eq!(again["course"]["code"], code, "the course code is kept");

    let r = app
        .as_user(
            "taipei",
            "query($id: UUID!) { course(id: $id) { changesSinceLastReview { field before after } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        r["data"]["course"]["changesSinceLastReview"],
        json!([
            {"field": "title", "before": "英語教學研習", "after": "英語教學研習（修正版）"},
            {"field": "hours", "before": "3", "after": "2"},
        ]),
        "{r}"
    );
    let p = review(&app, "taipei", &id, "APPROVE", None).await;
    assert_eq!(p["course"]["status"], "APPROVED");
}

#[tokio::test]
async fn a_course_in_review_cannot_be_edited_and_cannot_be_approved_twice() {
    let app = spawn_app().await;
    let id = school_course(&app, "自然科探究教學", 22).await;
    submit(&app, "taipei-school", &id).await;
    let r = app
        .as_user(
            "taipei-school",
            &update_q(),
            json!({"id": id, "i": valid_input("改名", 22)}),
        )
        .await;
    let p = &r["data"]["updateCourse"];
    assert_eq!(input_errors(p), [("id".into(), "CONFLICT".into())], "{r}");
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("in review"));
    let title: String = sqlx::query_scalar("SELECT title FROM courses WHERE id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(title, "自然科探究教學");
    // Submitting twice is refused too.
    let p = submit(&app, "taipei-school", &id).await;
    assert_eq!(input_errors(&p), [("id".into(), "CONFLICT".into())]);

    review(&app, "taipei", &id, "APPROVE", None).await;
    let p = review(&app, "taipei", &id, "APPROVE", None).await;
    assert_eq!(input_errors(&p), [("id".into(), "CONFLICT".into())], "{p}");
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("is approved"));
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM course_transitions WHERE course_id = '{id}'"
        ))
        .await,
        3
    );
}

#[tokio::test]
async fn a_rejected_course_is_final_and_cancelling_needs_a_reason() {
    let app = spawn_app().await;
    let id = school_course(&app, "重複開設的研習", 23).await;
    submit(&app, "taipei-school", &id).await;
    let p = review(&app, "taipei", &id, "REJECT", None).await;
    assert_eq!(input_errors(&p), [("reason".into(), "REQUIRED".into())]);
    let p = review(&app, "taipei", &id, "REJECT", Some("與本局主辦研習重複")).await;
    assert_eq!(p["course"]["status"], "REJECTED");
    let p = submit(&app, "taipei-school", &id).await;
    assert_eq!(input_errors(&p), [("id".into(), "CONFLICT".into())]);
    let r = app
        .as_user("taipei-school", CANCEL, json!({"id": id, "r": "不辦了"}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["cancelCourse"]),
        [("id".into(), "CONFLICT".into())]
    );

    let other = school_course(&app, "將取消的研習", 24).await;
    let r = app
        .as_user("taipei-school", CANCEL, json!({"id": other, "r": " "}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["cancelCourse"]),
        [("reason".into(), "REQUIRED".into())]
    );
    assert_eq!(status(&app, &other).await, "draft");
    let r = app
        .as_user(
            "taipei-school",
            CANCEL,
            json!({"id": other, "r": "講師無法出席"}),
        )
        .await;
    assert_eq!(r["data"]["cancelCourse"]["course"]["status"], "CANCELLED");
    let reason: String = sqlx::query_scalar(
        "SELECT reason FROM course_transitions WHERE course_id = $1::uuid AND to_status = 'cancelled'",
    )
    .bind(&other)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(reason, "講師無法出席");

    // Completing needs an approved course that has ended.
    let later = school_course(&app, "尚未舉行", 26).await;
    submit(&app, "taipei-school", &later).await;
    review(&app, "taipei", &later, "APPROVE", None).await;
    let r = app
        .as_user(
            "taipei-school",
            "mutation($id: UUID!) { completeCourse(id: $id) { errors { field code message } } }",
            json!({"id": later}),
        )
        .await;
    let p = &r["data"]["completeCourse"];
    assert_eq!(input_errors(p), [("id".into(), "CONFLICT".into())]);
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not ended"));

    // Once it has been held (time moved back by hand: its dates are in the
    // past), the organizer marks it completed; it stays public.
    sqlx::query(
        "UPDATE courses SET registration_opens_at = registration_opens_at - interval '60 days',
                            registration_closes_at = registration_closes_at - interval '60 days',
                            starts_at = starts_at - interval '60 days',
                            ends_at = ends_at - interval '60 days'
          WHERE id = $1::uuid",
    )
    .bind(&later)
    .execute(&app.pool)
    .await
    .unwrap();
    let r = app
        .as_user(
            "taipei-school",
            "mutation($id: UUID!) { completeCourse(id: $id) { course { status } errors { code } } }",
            json!({"id": later}),
        )
        .await;
    assert_eq!(
        r["data"]["completeCourse"]["course"]["status"], "COMPLETED",
        "{r}"
    );
    let r = app
        .anon(
            "query($id: UUID!) { course(id: $id) { status } }",
            json!({"id": later}),
        )
        .await;
    assert_eq!(r["data"]["course"]["status"], "COMPLETED");
    let p = review(&app, "taipei", &later, "APPROVE", None).await;
    assert_eq!(input_errors(&p), [("id".into(), "CONFLICT".into())]);

    // Cancelling an approved course keeps it visible, as cancelled.
    let approved = school_course(&app, "核准後取消", 28).await;
    submit(&app, "taipei-school", &approved).await;
    review(&app, "taipei", &approved, "APPROVE", None).await;
    let r = app
        .as_user(
            "taipei-school",
            CANCEL,
            json!({"id": approved, "r": "颱風停課"}),
        )
        .await;
    assert_eq!(r["data"]["cancelCourse"]["course"]["status"], "CANCELLED");
    let r = app
        .anon(
            "query($id: UUID!) { course(id: $id) { status } }",
            json!({"id": approved}),
        )
        .await;
    assert_eq!(r["data"]["course"]["status"], "CANCELLED", "{r}");
}

#[tokio::test]
async fn reviewing_a_course_not_routed_to_you_is_refused_and_audited() {
    let app = spawn_app().await;
    let id = school_course(&app, "健康促進研習", 27).await;
    submit(&app, "taipei-school", &id).await;
    for login in [
        "tainan",
        "operator",
        "k12-hs",
        "taipei-school",
        "commissioner",
        "teacher",
    ] {
        assert_may_not_review(&app, login, &id, "routed to 63000").await;
    }
    assert_eq!(status(&app, &id).await, "submitted");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'course.review' AND outcome = 'denied'"
        )
        .await,
        6
    );
    // Organizers edit only their own unit's courses.
    let r = app
        .as_user("tainan-school", CANCEL, json!({"id": id, "r": "x"}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    let u = app.unit_id("D633101").await;
    let r = app
        .as_user(
            "taipei",
            &create_q(),
            json!({"u": u, "i": valid_input("代開", 20)}),
        )
        .await;
    assert_eq!(
        error_code(&r),
        "FORBIDDEN",
        "a county does not author its schools' courses"
    );
    // A teacher has no queue at all.
    assert_eq!(
        error_code(&app.as_user("teacher", QUEUE, json!({})).await),
        "FORBIDDEN"
    );
}

#[tokio::test]
async fn review_follows_the_delegation_and_pending_items_move_when_it_changes() {
    let app = spawn_app().await;
    // A national senior high school, governed by the K-12 高級中等教育組; the
    // demo data delegates 國教署's review to the operating team.
    let id = school_course(&app, "縣市學校研習", 20).await;
    let c = submit(&app, "taipei-school", &id).await;
    assert_eq!(c["course"]["reviewer"]["code"], "63000");

    let hs_school = app.unit_id("D033101").await;
    let fuzhong = app.login("hs-school").await;
    let r = app
        .post(
            Some(&fuzhong),
            &create_q(),
            json!({"u": hs_school, "i": valid_input("高中課程諮詢教師研習", 21)}),
        )
        .await;
    let hs_course = r["data"]["createCourse"]["course"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned();
    let r = app
        .post(Some(&fuzhong), &submit_q(), json!({"id": hs_course}))
        .await;
    let p = &r["data"]["submitCourse"];
    assert_eq!(
        p["course"]["reviewer"]["code"], "NKNU-OPS",
        "delegated: {r}"
    );
    assert_eq!(p["course"]["reviewAuthority"]["code"], "K12EA-HS");
    let hs_code = p["course"]["code"].as_str().unwrap().to_owned();
    assert_in_queue(&app, "operator", &hs_code, true).await;
    assert_in_queue(&app, "k12-hs", &hs_code, false).await;
    assert_may_not_review(
        &app,
        "k12-hs",
        &hs_course,
        "the division does not review while delegated",
    )
    .await;

    // Only operators and the commissioner manage delegations.
    let d = app.as_user("operator", DELEGATIONS, json!({})).await;
    let delegation = d["data"]["reviewDelegations"]["edges"][0]["node"].clone();
    assert_eq!(delegation["authority"]["code"], "K12EA", "{d}");
    assert_eq!(delegation["isActive"], true);
    let r = app
        .as_user("k12-hs", END_DELEGATION, json!({"id": delegation["id"]}))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");

    // Ending it moves the pending item to the division at once.
    let r = app
        .as_user(
            "operator",
            END_DELEGATION,
            json!({"id": delegation["id"], "r": "審核權回歸國教署"}),
        )
        .await;
    let p = &r["data"]["endReviewDelegation"];
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["delegation"]["isActive"], false);
    // The demo's pending K-12 course (高中自主學習指導策略) moves too.
    assert_eq!(p["pendingMoved"], 2, "{r}");
    assert_in_queue(&app, "k12-hs", &hs_code, true).await;
    assert_in_queue(&app, "operator", &hs_code, false).await;
    assert_may_not_review(
        &app,
        "operator",
        &hs_course,
        "no longer routed to the operator",
    )
    .await;
    let r = app
        .as_user("operator", END_DELEGATION, json!({"id": delegation["id"]}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["endReviewDelegation"]),
        [("id".into(), "CONFLICT".into())]
    );

    // The commissioner delegates again, this time the division only; the
    // pending item moves back.
    let hs_division = app.unit_id("K12EA-HS").await;
    let ops = app.unit_id("NKNU-OPS").await;
    let r = app
        .as_user(
            "commissioner",
            SET_DELEGATION,
            json!({"a": hs_division, "d": ops}),
        )
        .await;
    let p = &r["data"]["setReviewDelegation"];
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["pendingMoved"], 2);
    let r = app
        .as_user(
            "commissioner",
            SET_DELEGATION,
            json!({"a": hs_division, "d": ops}),
        )
        .await;
    let p = &r["data"]["setReviewDelegation"];
    assert_eq!(
        input_errors(p),
        [("validFrom".into(), "CONFLICT".into())],
        "overlap: {r}"
    );
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("already delegated"));
    // Bad delegations are named.
    let school = app.unit_id("D633101").await;
    let r = app
        .as_user("operator", SET_DELEGATION, json!({"a": school, "d": ops}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["setReviewDelegation"]),
        [("authorityId".into(), "INVALID_PLACEMENT".into())]
    );
    let r = app
        .as_user("operator", SET_DELEGATION, json!({"a": ops, "d": ops}))
        .await;
    let codes = input_errors(&r["data"]["setReviewDelegation"]);
    assert!(
        codes.contains(&("delegateUnitId".into(), "CONFLICT".into())),
        "{codes:?}"
    );

    let r = app
        .post(Some(&fuzhong), &course_q(), json!({"id": hs_course}))
        .await;
    assert_eq!(r["data"]["course"]["reviewer"]["code"], "NKNU-OPS");
    let p = review(&app, "operator", &hs_course, "APPROVE", None).await;
    assert_eq!(p["course"]["status"], "APPROVED");
    assert_eq!(
        p["course"]["reviewer"]["code"], "NKNU-OPS",
        "the deciding unit"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action IN ('delegation.create', 'delegation.end') AND outcome = 'ok' AND actor_login IS NOT NULL")
            .await,
        2
    );
}

#[tokio::test]
async fn likely_duplicates_stop_submission_until_a_reason_is_given() {
    let app = spawn_app().await;
    let first = school_course(&app, "113學年度國語文教學知能研習", 20).await;
    submit(&app, "taipei-school", &first).await;
    // Same organizer, same day, nearly the same title.
    let second = school_course(&app, "113學年度國語文教學知能研習（二）", 20).await;
    let p = submit(&app, "taipei-school", &second).await;
    assert_eq!(
        input_errors(&p),
        [("duplicateReason".into(), "POSSIBLE_DUPLICATE".into())],
        "{p}"
    );
    assert_eq!(p["duplicates"][0]["kind"], "SAME_ORGANIZER");
    assert_eq!(
        p["duplicates"][0]["course"]["title"],
        "113學年度國語文教學知能研習"
    );
    assert_eq!(status(&app, &second).await, "draft", "nothing submitted");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM courses WHERE id = '{second}' AND code IS NOT NULL"
        ))
        .await,
        0,
        "no code issued"
    );
    // A different title, or other dates, is no duplicate.
    let other = school_course(&app, "校園防災演練研習", 20).await;
    assert_eq!(
        submit(&app, "taipei-school", &other).await["errors"],
        json!([])
    );
    let later = school_course(&app, "113學年度國語文教學知能研習", 40).await;
    assert_eq!(
        submit(&app, "taipei-school", &later).await["errors"],
        json!([])
    );

    let r = app
        .as_user(
            "taipei-school",
            &submit_q(),
            json!({"id": second, "r": "第二梯次，對象不同"}),
        )
        .await;
    let p = &r["data"]["submitCourse"];
    assert_eq!(p["errors"], json!([]), "{r}");
    assert_eq!(p["course"]["status"], "SUBMITTED");
    // The reviewer sees the warning.
    let r = app
        .as_user(
            "taipei",
            "query($id: UUID!) { course(id: $id) { duplicateReason duplicates { kind course { id } } } }",
            json!({"id": second}),
        )
        .await;
    assert_eq!(r["data"]["course"]["duplicateReason"], "第二梯次，對象不同");
    assert_eq!(
        r["data"]["course"]["duplicates"][0]["course"]["id"],
        first.as_str()
    );
}

#[tokio::test]
async fn a_special_education_course_already_registered_elsewhere_is_flagged() {
    let app = spawn_app().await;
    // The demo's approved NTNU-CE course, 14 days from the seeding day.
    let (title, starts): (String, OffsetDateTime) =
        sqlx::query_as("SELECT title, starts_at FROM courses WHERE code = 3500001")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    // In Taipei dates, as valid_input counts (between 16:00 and 24:00 UTC
    // the UTC date is a day behind).
    let taipei = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let days = (starts.to_offset(taipei).date()
        - OffsetDateTime::now_utc().to_offset(taipei).date())
    .whole_days();
    let mut input = valid_input(&title, days);
    input["tags"] = json!(["special_education"]);
    let id = create(&app, "taipei-school", "D633101", input.clone()).await;
    let p = submit(&app, "taipei-school", &id).await;
    assert_eq!(p["duplicates"][0]["kind"], "SPECIAL_EDUCATION", "{p}");
    assert_eq!(p["duplicates"][0]["course"]["organizer"]["code"], "NTNU-CE");
    // Without the special-education tag, another unit's course is its own business.
    input["tags"] = json!([]);
    let plain = create(&app, "taipei-school", "D633101", input).await;
    let p = submit(&app, "taipei-school", &plain).await;
    // (It still matches the first, same-organizer course of the same day.)
    assert!(
        p["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["kind"] == "SAME_ORGANIZER"),
        "{p}"
    );
}

#[tokio::test]
async fn every_bad_input_is_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let u = app.unit_id("D633101").await;
    let before = app.count("SELECT count(*) FROM courses").await;
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        (
            "end before start",
            Box::new(|i| {
                let s = i["sessions"][0]["startsAt"].clone();
                i["sessions"][0]["endsAt"] = s;
            }),
            "sessions[0].endsAt",
            "OUT_OF_RANGE",
        ),
        (
            "hours over the schedule",
            Box::new(|i| i["hours"] = json!(3.5)),
            "hours",
            "OUT_OF_RANGE",
        ),
        (
            "hours not in halves",
            Box::new(|i| i["hours"] = json!(1.25)),
            "hours",
            "OUT_OF_RANGE",
        ),
        (
            "capacity zero",
            Box::new(|i| i["capacity"] = json!(0)),
            "capacity",
            "OUT_OF_RANGE",
        ),
        (
            "capacity negative",
            Box::new(|i| i["capacity"] = json!(-5)),
            "capacity",
            "OUT_OF_RANGE",
        ),
        (
            "registration after start",
            Box::new(|i| {
                i["registrationClosesAt"] = i["sessions"][0]["endsAt"].clone();
            }),
            "registrationClosesAt",
            "OUT_OF_RANGE",
        ),
        (
            "unknown nature",
            Box::new(|i| i["nature"] = json!("picnic")),
            "nature",
            "NOT_FOUND",
        ),
        (
            "unknown tag",
            Box::new(|i| i["tags"] = json!(["astrology"])),
            "tags[0]",
            "NOT_FOUND",
        ),
        (
            "unknown county",
            Box::new(|i| i["audience"]["countyCodes"] = json!(["99999"])),
            "audienceCounties[0]",
            "NOT_FOUND",
        ),
        (
            "unknown role",
            Box::new(|i| i["audience"]["roles"] = json!(["wizard"])),
            "audienceRoles[0]",
            "NOT_FOUND",
        ),
        (
            "no venue",
            Box::new(|i| i["venue"] = json!(null)),
            "venue",
            "REQUIRED",
        ),
        (
            "online without url",
            Box::new(|i| i["mode"] = json!("ONLINE")),
            "url",
            "REQUIRED",
        ),
        (
            "blank title",
            Box::new(|i| i["title"] = json!("  ")),
            "title",
            "REQUIRED",
        ),
        (
            "no sessions",
            Box::new(|i| i["sessions"] = json!([])),
            "sessions",
            "REQUIRED",
        ),
    ];
    for (what, change, field, code) in cases {
        let mut input = valid_input("壞輸入", 20);
        change(&mut input);
        let r = app
            .as_user("taipei-school", &create_q(), json!({"u": u, "i": input}))
            .await;
        let p = &r["data"]["createCourse"];
        assert_eq!(
            input_errors(p),
            [(field.into(), code.into())],
            "{what}: {r}"
        );
        assert!(!p["errors"][0]["message"].as_str().unwrap().is_empty());
        assert_eq!(p["course"], Value::Null);
    }
    assert_eq!(app.count("SELECT count(*) FROM courses").await, before);
    // An update with bad input leaves the course as it was.
    let id = school_course(&app, "原名", 20).await;
    let mut input = valid_input("新名", 20);
    input["capacity"] = json!(0);
    let r = app
        .as_user("taipei-school", &update_q(), json!({"id": id, "i": input}))
        .await;
    assert_eq!(
        input_errors(&r["data"]["updateCourse"]),
        [("capacity".into(), "OUT_OF_RANGE".into())]
    );
    let title: String = sqlx::query_scalar("SELECT title FROM courses WHERE id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(title, "原名");
    let r = app
        .anon(
            "{ courses(filter: {from: \"2026-12-10\", to: \"2026-12-01\"}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_REQUEST");
}

#[tokio::test]
async fn the_code_lists_are_served() {
    let app = spawn_app().await;
    let r = app
        .anon("{ courseCodes(list: TAG) { code name nameEn } }", json!({}))
        .await;
    let tags = r["data"]["courseCodes"].as_array().unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"特殊教育") && names.contains(&"教保專業知能"),
        "{names:?}"
    );
    let r = app
        .anon("{ courseCodes(list: AUDIENCE_ROLE) { code } }", json!({}))
        .await;
    assert!(r["data"]["courseCodes"].as_array().unwrap().len() >= 3);
}

#[tokio::test]
async fn reviewers_get_one_daily_digest_of_new_items() {
    let sink = SmtpSink::start(&[]);
    let app = app_with_mail(&sink).await;
    let id = school_course(&app, "每日彙整測試研習", 20).await;
    let code = submit(&app, "taipei-school", &id).await["course"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let links = Links {
        public_url: "https://inservice.test".into(),
        message_domain: "inservice.test".into(),
    };
    let taipei = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let today = OffsetDateTime::now_utc().to_offset(taipei).date();
    let at = |h: u8| {
        today
            .with_time(Time::from_hms(h, 0, 0).unwrap())
            .assume_offset(taipei)
            .max(OffsetDateTime::now_utc())
    };
    // Before 08:00 Taipei nothing is sent.
    let early = today
        .with_time(Time::from_hms(7, 0, 0).unwrap())
        .assume_offset(taipei);
    assert_eq!(
        send_review_digests(&app.pool, &links, early).await.unwrap(),
        0
    );
    let now = at(9);
    if now.to_offset(taipei).date() != today {
        return; // Run at 23:59:59 Taipei; the day changed under us.
    }
    let sent = send_review_digests(&app.pool, &links, now).await.unwrap();
    // 臺北市政府教育局 has one email contact (the demo's pending 性平 course
    // and this one are both in its queue); the operator's contact gets the
    // demo's K-12 item.
    assert_eq!(sent, 2, "one per reviewing unit's email contact");
    assert_eq!(
        send_review_digests(&app.pool, &links, now).await.unwrap(),
        0,
        "once a day"
    );
    let mail = sink.wait_for(2).await;
    let to_taipei = mail
        .iter()
        .find(|m| m["rcpt_tos"] == json!(["inservice@tp.edu.example"]))
        .expect("Taipei's digest");
    let text = to_taipei["text"].as_str().unwrap();
    assert!(
        text.contains(&code) && text.contains("每日彙整測試研習"),
        "{text}"
    );
    assert!(text.contains("https://inservice.test/reviews"));
}
