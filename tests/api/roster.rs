//! The annual teacher-roster campaign.

use inservice::{
    mail::Links,
    roster::{send_due_reminders, today_in_taipei},
};
use serde_json::{json, Value};
use time::{Date, Duration, Month};

use crate::helpers::{error_code, input_errors, spawn_app_with, SmtpSink, TestApp};

/// The current ROC school year and a deadline inside it.
fn this_year() -> (i32, Date) {
    let today = today_in_taipei();
    let year = if today.month() as u8 >= 8 {
        today.year() - 1911
    } else {
        today.year() - 1912
    };
    let last = Date::from_calendar_date(year + 1912, Month::July, 31).unwrap();
    (year, (today + Duration::days(30)).min(last))
}

const OPEN: &str = "mutation($y: Int!, $d: Date!) { openRosterCampaign(schoolYear: $y, deadline: $d) { campaign { schoolYear deadline } messagesQueued errors { field code message } } }";
const PROGRESS: &str = "query($y: Int!) { rosterCampaign(schoolYear: $y) { progress { total confirmed ratio } schools { edges { node { unit { code } confirmedAt lastEmailAt } } } } }";
const CONFIRM: &str = "mutation($u: UUID!, $y: Int!) { confirmRoster(unitId: $u, schoolYear: $y) { school { confirmedAt } errors { field code } } }";
const PERMISSIONS: &str = "query($y: Int!) { rosterCampaign(schoolYear: $y) { viewerCan { followProgress remind } schools { edges { node { unit { code } viewerCan { remind } } } } } }";
const CONFIRMABLE: &str =
    "query($c: String!) { orgUnit(code: $c) { viewerCan { confirmRoster } } }";
const REMIND: &str = "mutation($u: UUID!, $y: Int!) { sendRosterReminder(unitId: $u, schoolYear: $y) { messagesQueued errors { field code message } } }";

async fn app(sink: &SmtpSink) -> TestApp {
    let url = sink.url();
    spawn_app_with(move |s| s.smtp_url = Some(inservice::config::Secret::new(url))).await
}

fn codes(r: &Value) -> Vec<(String, Value)> {
    r["data"]["rosterCampaign"]["schools"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["unit"]["code"].as_str().unwrap().to_owned(),
                e["node"]["confirmedAt"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_operator_opens_the_campaign_and_every_school_contact_is_asked() {
    let sink = SmtpSink::start(&[]);
    let app = app(&sink).await;
    let (year, deadline) = this_year();
    let r = app
        .as_user(
            "operator",
            OPEN,
            json!({"y": year, "d": deadline.to_string()}),
        )
        .await;
    let p = &r["data"]["openRosterCampaign"];
    assert_eq!(p["errors"], json!([]), "{r}");
    // The demo schools' contacts marked for email: 幸安國小 and 勝利國小.
    assert_eq!(p["messagesQueued"], 2);
    let got = sink.wait_for(2).await;
    let mut to: Vec<&str> = got
        .iter()
        .map(|m| m["rcpt_tos"][0].as_str().unwrap())
        .collect();
    to.sort();
    assert_eq!(to, vec!["academic@xinan.example", "teach@shengli.example"]);
    assert!(got[0]["subject"]
        .as_str()
        .unwrap()
        .contains(&format!("{year} 學年度教師資料維護開始")));
    assert!(got[0]["text"]
        .as_str()
        .unwrap()
        .contains(&format!("https://inservice.test/roster/{year}")));
    assert!(got[0]["text"]
        .as_str()
        .unwrap()
        .contains(&deadline.to_string()));

    let again = app
        .as_user(
            "operator",
            OPEN,
            json!({"y": year, "d": deadline.to_string()}),
        )
        .await;
    assert_eq!(
        input_errors(&again["data"]["openRosterCampaign"]),
        vec![("schoolYear".into(), "ALREADY_EXISTS".into())]
    );
}

#[tokio::test]
async fn opening_is_refused_for_bad_input_and_for_everyone_but_operators() {
    let sink = SmtpSink::start(&[]);
    let app = app(&sink).await;
    let (year, deadline) = this_year();
    let past = app
        .as_user("operator", OPEN, json!({"y": year, "d": "2020-01-01"}))
        .await;
    assert_eq!(
        input_errors(&past["data"]["openRosterCampaign"]),
        vec![("deadline".into(), "OUT_OF_RANGE".into())]
    );
    let next_year = app
        .as_user("operator", OPEN, json!({"y": year, "d": Date::from_calendar_date(year + 1913, Month::January, 1).unwrap().to_string()}))
        .await;
    assert_eq!(
        input_errors(&next_year["data"]["openRosterCampaign"]),
        vec![("deadline".into(), "OUT_OF_RANGE".into())]
    );
    let bad_year = app
        .as_user(
            "operator",
            OPEN,
            json!({"y": 2026, "d": deadline.to_string()}),
        )
        .await;
    assert_eq!(
        input_errors(&bad_year["data"]["openRosterCampaign"]),
        vec![("schoolYear".into(), "OUT_OF_RANGE".into())]
    );
    let garbage = app
        .as_user("operator", OPEN, json!({"y": year, "d": "30/09/2026"}))
        .await;
    assert_eq!(error_code(&garbage), "BAD_REQUEST");
    for login in ["taipei", "commissioner", "k12-hs"] {
        let r = app
            .as_user(login, OPEN, json!({"y": year, "d": deadline.to_string()}))
            .await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}");
    }
    assert_eq!(app.count("SELECT count(*) FROM roster_campaigns").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM outbox").await, 0);
}

#[tokio::test]
async fn schools_confirm_and_their_authorities_follow_progress() {
    let sink = SmtpSink::start(&[]);
    let app = app(&sink).await;
    let (year, deadline) = this_year();
    app.as_user(
        "operator",
        OPEN,
        json!({"y": year, "d": deadline.to_string()}),
    )
    .await;
    let xinan = app.unit_id("D633101").await;

    let foreign = app
        .as_user("tainan-school", CONFIRM, json!({"u": xinan, "y": year}))
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
    let county = app
        .as_user("taipei", CONFIRM, json!({"u": xinan, "y": year}))
        .await;
    assert_eq!(error_code(&county), "FORBIDDEN");
    let ok = app
        .as_user("taipei-school", CONFIRM, json!({"u": xinan, "y": year}))
        .await;
    assert!(
        ok["data"]["confirmRoster"]["school"]["confirmedAt"].is_string(),
        "{ok}"
    );
    let unknown_year = app
        .as_user("taipei-school", CONFIRM, json!({"u": xinan, "y": year + 1}))
        .await;
    assert_eq!(
        input_errors(&unknown_year["data"]["confirmRoster"]),
        vec![("schoolYear".into(), "NOT_FOUND".into())]
    );
    let bureau = app.unit_id("63000").await;
    let not_school = app
        .as_user("operator", CONFIRM, json!({"u": bureau, "y": year}))
        .await;
    assert_eq!(
        input_errors(&not_school["data"]["confirmRoster"]),
        vec![("unitId".into(), "INVALID_FORMAT".into())]
    );

    let taipei = app.as_user("taipei", PROGRESS, json!({"y": year})).await;
    assert_eq!(
        taipei["data"]["rosterCampaign"]["progress"],
        json!({"total": 2, "confirmed": 1, "ratio": 0.5}),
        "{taipei}"
    );
    // Unconfirmed first.
    let list = codes(&taipei);
    assert_eq!(list[0].0, "D633102");
    assert!(list[0].1.is_null());
    assert_eq!(list[1].0, "D633101");
    let tainan = app.as_user("tainan", PROGRESS, json!({"y": year})).await;
    assert_eq!(tainan["data"]["rosterCampaign"]["progress"]["total"], 2);
    let k12 = app.as_user("k12-hs", PROGRESS, json!({"y": year})).await;
    assert_eq!(
        codes(&k12).into_iter().map(|c| c.0).collect::<Vec<_>>(),
        vec!["D033101"]
    );
    let all = app.as_user("operator", PROGRESS, json!({"y": year})).await;
    assert_eq!(
        all["data"]["rosterCampaign"]["progress"],
        json!({"total": 5, "confirmed": 1, "ratio": 0.2})
    );
    let teacher = app.as_user("teacher", PROGRESS, json!({"y": year})).await;
    assert_eq!(error_code(&teacher), "FORBIDDEN");
    let none = app
        .as_user("taipei", PROGRESS, json!({"y": year + 1}))
        .await;
    assert!(none["data"]["rosterCampaign"].is_null());

    // What the console offers follows the server's flags: a county follows
    // its schools and reminds the unconfirmed ones; the commissioner only
    // follows; a school admin sees its own school and confirms it.
    let flags = |r: &serde_json::Value| {
        let c = &r["data"]["rosterCampaign"];
        let schools: Vec<(String, bool)> = c["schools"]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|e| {
                let n = &e["node"];
                (
                    n["unit"]["code"].as_str().unwrap().to_owned(),
                    n["viewerCan"]["remind"].as_bool().unwrap(),
                )
            })
            .collect();
        (c["viewerCan"].clone(), schools)
    };
    let county = app.as_user("taipei", PERMISSIONS, json!({"y": year})).await;
    assert_eq!(
        flags(&county),
        (
            json!({"followProgress": true, "remind": true}),
            vec![("D633102".into(), true), ("D633101".into(), false)]
        ),
        "{county}"
    );
    let commissioner = app
        .as_user("commissioner", PERMISSIONS, json!({"y": year}))
        .await;
    let (campaign, schools) = flags(&commissioner);
    assert_eq!(
        campaign,
        json!({"followProgress": true, "remind": false}),
        "{commissioner}"
    );
    assert!(schools.iter().all(|(_, remind)| !remind), "{commissioner}");
    let school = app
        .as_user("taipei-school", PERMISSIONS, json!({"y": year}))
        .await;
    assert_eq!(
        flags(&school),
        (
            json!({"followProgress": false, "remind": false}),
            vec![("D633101".into(), false)]
        ),
        "{school}"
    );
    for (login, code, confirm) in [
        ("taipei-school", "D633101", true),
        ("taipei", "D633101", false),
        ("operator", "63000", false),
    ] {
        let r = app.as_user(login, CONFIRMABLE, json!({"c": code})).await;
        assert_eq!(
            r["data"]["orgUnit"]["viewerCan"]["confirmRoster"], confirm,
            "{login} at {code}: {r}"
        );
    }
}

#[tokio::test]
async fn a_reminder_goes_now_to_one_unconfirmed_school() {
    let sink = SmtpSink::start(&[]);
    let app = app(&sink).await;
    let (year, deadline) = this_year();
    app.as_user(
        "operator",
        OPEN,
        json!({"y": year, "d": deadline.to_string()}),
    )
    .await;
    sink.wait_for(2).await;
    let shengli = app.unit_id("D673101").await;
    let r = app
        .as_user("tainan", REMIND, json!({"u": shengli, "y": year}))
        .await;
    assert_eq!(r["data"]["sendRosterReminder"]["messagesQueued"], 1, "{r}");
    let got = sink.wait_for(3).await;
    assert!(got
        .iter()
        .any(|m| m["subject"].as_str().unwrap().contains("提醒")));
    let foreign = app
        .as_user("taipei", REMIND, json!({"u": shengli, "y": year}))
        .await;
    assert_eq!(error_code(&foreign), "FORBIDDEN");
    // No contact of 建國高中 receives email.
    let jianguo = app.unit_id("D633102").await;
    let nobody = app
        .as_user("taipei", REMIND, json!({"u": jianguo, "y": year}))
        .await;
    assert_eq!(
        input_errors(&nobody["data"]["sendRosterReminder"]),
        vec![("unitId".into(), "NOT_FOUND".into())]
    );
    let xinan = app.unit_id("D633101").await;
    app.as_user("taipei-school", CONFIRM, json!({"u": xinan, "y": year}))
        .await;
    let done = app
        .as_user("taipei", REMIND, json!({"u": xinan, "y": year}))
        .await;
    assert_eq!(
        input_errors(&done["data"]["sendRosterReminder"]),
        vec![("unitId".into(), "CONFLICT".into())]
    );
}

#[tokio::test]
async fn reminders_go_automatically_to_unconfirmed_schools_once_per_interval() {
    let sink = SmtpSink::start(&[]);
    let app = app(&sink).await;
    let (year, deadline) = this_year();
    app.as_user(
        "operator",
        OPEN,
        json!({"y": year, "d": deadline.to_string()}),
    )
    .await;
    let xinan = app.unit_id("D633101").await;
    app.as_user("taipei-school", CONFIRM, json!({"u": xinan, "y": year}))
        .await;
    let links = Links {
        public_url: "https://inservice.test".into(),
        message_domain: "inservice.test".into(),
    };
    // Just opened: nobody is due yet.
    assert_eq!(send_due_reminders(&app.pool, &links).await.unwrap(), 0);
    // A week and a day later…
    sqlx::query("ALTER TABLE outbox DISABLE TRIGGER set_updated_at")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE outbox SET created_at = created_at - interval '8 days'")
        .execute(&app.pool)
        .await
        .unwrap();
    // …only the unconfirmed school with an email contact is reminded, once.
    assert_eq!(send_due_reminders(&app.pool, &links).await.unwrap(), 1);
    assert_eq!(send_due_reminders(&app.pool, &links).await.unwrap(), 0);
    let reminded: Vec<String> =
        sqlx::query_scalar("SELECT to_address FROM outbox WHERE template = 'roster_reminder'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(reminded, vec!["teach@shengli.example"]);
    // After the deadline, no more.
    sqlx::query("UPDATE roster_campaigns SET deadline = $1")
        .bind(today_in_taipei() - Duration::days(1))
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE outbox SET created_at = created_at - interval '30 days'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(send_due_reminders(&app.pool, &links).await.unwrap(), 0);
}
