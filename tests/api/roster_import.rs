//! Roster import over the GraphQL multipart request: preview, then all or
//! nothing; CSV in UTF-8 and Big5, XLSX with formulas; bad files.

use serde_json::{json, Value};

use crate::helpers::{error_code, TestApp};

const IMPORT: &str = "mutation($s: UUID!, $f: Upload!, $d: Boolean!) { importTeachers(schoolId: $s, file: $f, dryRun: $d) {
    report { format newCount joinedCount pendingTransferCount updatedCount unchangedCount errorCount committed
             rows { line outcome name nationalIdMasked errors { column code message } } }
    errors { field code message } } }";

/// Sends `bytes` as the `file` of importTeachers, as the console does.
async fn import(app: &TestApp, login: &str, school: &str, bytes: Vec<u8>, dry_run: bool) -> Value {
    import_with(app, login, school, bytes, dry_run, true).await
}

async fn import_with(
    app: &TestApp,
    login: &str,
    school: &str,
    bytes: Vec<u8>,
    dry_run: bool,
    with_header: bool,
) -> Value {
    let token = app.login(login).await;
    let s = app.unit_id(school).await;
    let operations = json!({"query": IMPORT, "variables": {"s": s, "f": null, "d": dry_run}});
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.f"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes).file_name("roster.csv"),
        );
    let mut req = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .multipart(form);
    if with_header {
        req = req.header("x-requested-with", "inservice-tests");
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    if !with_header {
        assert_eq!(status, 403, "{body}");
    }
    body
}

fn report(r: &Value) -> &Value {
    &r["data"]["importTeachers"]["report"]
}

fn outcomes(r: &Value) -> Vec<(i64, String)> {
    report(r)["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|row| {
            (
                row["line"].as_i64().unwrap(),
                row["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const GOOD: &str = "身分證統一編號,姓名,電子郵件,教育階段,職稱\n\
                    E120005006,張志豪,chang@school.example,國小,導師\n\
                    A220001006,林怡君,lin.yijun@xinan.example,國小,導師\n\
                    D220004000,黃雅琪,,國小,導師\n";

#[tokio::test]
async fn a_preview_shows_every_row_and_writes_nothing_then_the_file_imports_whole() {
    let app = crate::helpers::spawn_app().await;
    let teachers = app.count("SELECT count(*) FROM teachers").await;
    let r = import(&app, "taipei-school", "D633101", GOOD.into(), true).await;
    assert_eq!(error_code(&r), "", "{r}");
    // New; already here, unchanged (林怡君); serving at 勝利國小 (黃雅琪):
    // a transfer for 勝利國小 or her to confirm, not a takeover (issue 13).
    assert_eq!(
        outcomes(&r),
        [
            (2, "NEW".into()),
            (3, "UNCHANGED".into()),
            (4, "PENDING_TRANSFER".into())
        ]
    );
    assert_eq!(report(&r)["format"], "CSV_UTF8");
    assert_eq!(report(&r)["committed"], false);
    assert_eq!(report(&r)["rows"][0]["nationalIdMasked"], "E12****006");
    assert_eq!(app.count("SELECT count(*) FROM teachers").await, teachers);

    let r = import(&app, "taipei-school", "D633101", GOOD.into(), false).await;
    assert_eq!(report(&r)["committed"], true, "{r}");
    assert_eq!(report(&r)["newCount"], 1);
    assert_eq!(report(&r)["joinedCount"], 0);
    assert_eq!(report(&r)["pendingTransferCount"], 1);
    assert_eq!(
        app.count("SELECT count(*) FROM teachers").await,
        teachers + 1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM school_teachers st JOIN org_units u ON u.id = st.school_id WHERE u.code = 'D673101' AND st.status = 'moved'").await,
        0,
        "黃雅琪 stays at 勝利國小 until the transfer is confirmed"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM teacher_transfers WHERE status = 'pending' AND source = 'import'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM service_unit_statements WHERE source = 'import'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'teacher.import'")
            .await,
        1
    );
    // Again: nothing to do; the transfer is still the one request.
    let r = import(&app, "taipei-school", "D633101", GOOD.into(), false).await;
    assert_eq!(report(&r)["unchangedCount"], 2, "{r}");
    assert_eq!(report(&r)["pendingTransferCount"], 1, "{r}");
    assert_eq!(app.count("SELECT count(*) FROM teacher_transfers").await, 1);
}

#[tokio::test]
async fn one_bad_row_stops_the_whole_import_with_every_problem_named() {
    let app = crate::helpers::spawn_app().await;
    let teachers = app.count("SELECT count(*) FROM teachers").await;
    let file = "身分證統一編號,姓名,教育階段\n\
                E120005006,張志豪,國小\n\
                E120005007,打錯,國小\n\
                F120002006,陳冠宇,大學\n\
                =1+1,公式,國小\n\
                E120005006,重複,國小\n";
    let r = import(&app, "taipei-school", "D633101", file.into(), false).await;
    let rep = report(&r);
    assert_eq!(rep["committed"], false, "{r}");
    assert_eq!(rep["errorCount"], 4);
    assert_eq!(
        outcomes(&r),
        [
            (2, "NEW".into()),
            (3, "ERROR".into()),
            (4, "ERROR".into()),
            (5, "ERROR".into()),
            (6, "ERROR".into())
        ]
    );
    let problems: Vec<(i64, String, String)> = rep["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| {
            row["errors"].as_array().unwrap().iter().map(move |e| {
                (
                    row["line"].as_i64().unwrap(),
                    e["column"].as_str().unwrap_or("").to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect();
    assert_eq!(
        problems,
        [
            (3, "身分證統一編號".into(), "INVALID_FORMAT".into()),
            (4, "教育階段".into(), "INVALID_FORMAT".into()),
            (5, "身分證統一編號".into(), "INVALID_FORMAT".into()),
            (6, "身分證統一編號".into(), "ALREADY_EXISTS".into()),
        ]
    );
    assert!(
        !r.to_string().contains("E120005007"),
        "no plain ID in the answer"
    );
    assert_eq!(app.count("SELECT count(*) FROM teachers").await, teachers);
}

#[tokio::test]
async fn big5_csv_and_xlsx_are_read_and_formula_cells_refused() {
    let app = crate::helpers::spawn_app().await;
    let (big5, _, _) = encoding_rs::BIG5.encode("身分證統一編號,姓名\r\nE120005006,張志豪\r\n");
    let r = import(&app, "taipei-school", "D633101", big5.into_owned(), true).await;
    assert_eq!(report(&r)["format"], "CSV_BIG5", "{r}");
    assert_eq!(report(&r)["rows"][0]["name"], "張志豪");

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["身分證統一編號", "姓名", "職稱"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "E120005006").unwrap();
    sheet.write_string(1, 1, "張志豪").unwrap();
    sheet.write_string(2, 0, "F120002006").unwrap();
    sheet.write_formula(2, 1, "=\"陳\"&\"冠宇\"").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let r = import(&app, "taipei-school", "D633101", bytes, true).await;
    assert_eq!(report(&r)["format"], "SPREADSHEET", "{r}");
    assert_eq!(outcomes(&r), [(2, "NEW".into()), (3, "ERROR".into())]);
    assert_eq!(report(&r)["rows"][1]["errors"][0]["column"], "姓名");
    assert!(report(&r)["rows"][1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("formula"));
}

#[tokio::test]
async fn bad_files_are_refused_whole() {
    let app = crate::helpers::spawn_app().await;
    let file_error = |r: &Value| {
        let e = &r["data"]["importTeachers"]["errors"][0];
        (
            e["field"].as_str().unwrap_or("").to_owned(),
            e["message"].as_str().unwrap_or("").to_owned(),
        )
    };
    let r = import(&app, "taipei-school", "D633101", b"".to_vec(), true).await;
    assert_eq!(file_error(&r).0, "file", "{r}");
    let r = import(
        &app,
        "taipei-school",
        "D633101",
        "ID,Name\nE120005006,x\n".into(),
        true,
    )
    .await;
    assert!(file_error(&r).1.contains("Missing: 身分證統一編號"), "{r}");
    let mut big = String::from("身分證統一編號,姓名\n");
    for _ in 0..100_000 {
        big.push_str("E120005006,某人\n");
    }
    let r = import(&app, "taipei-school", "D633101", big.into(), true).await;
    assert!(file_error(&r).1.contains("at most 5000"), "{r}");
    let r = import(
        &app,
        "taipei-school",
        "D633101",
        vec![0xFF, 0xFE, 0x81, 0x00],
        true,
    )
    .await;
    assert!(file_error(&r).1.contains("neither UTF-8 nor Big5"), "{r}");
    // A cross-site form cannot post an upload; other units may not import.
    import_with(&app, "taipei-school", "D633101", GOOD.into(), true, false).await;
    for login in ["taipei", "tainan-school", "operator"] {
        let r = import(&app, login, "D633101", GOOD.into(), true).await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{login}: {r}");
    }
}
