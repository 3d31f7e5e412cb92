//! Hostile workbooks (issue 13, item 1): tiny XLSX and ODS files that claim
//! far more than they hold. A cell at XFD1048576 once made calamine allocate
//! 512 GiB and abort the server; a 40 MB sharedStrings.xml fits in a few
//! kilobytes of ZIP; an ODS repeats one cell a billion times. Each is sent
//! over HTTP as a school admin would, to the roster import and to the hours
//! upload, and must be refused with a message naming what is wrong, write
//! nothing, and leave the server answering. The files are built here, member
//! by member, so what each one claims can be read in the test.

use std::io::Write;

use serde_json::{json, Value};

use crate::{
    helpers::{spawn_app, TestApp},
    registrations::approved_course,
};

const IMPORT: &str = "mutation($s: UUID!, $f: Upload!, $d: Boolean!) { importTeachers(schoolId: $s, file: $f, dryRun: $d) { report { committed } errors { field code message } } }";
const UPLOAD: &str = "mutation($c: UUID!, $f: Upload!, $d: Boolean!) { uploadHours(courseId: $c, file: $f, dryRun: $d) { committed errors { field code message } } }";

/// Sends `bytes` as the `file` variable of `query`, as the console does.
async fn send(
    app: &TestApp,
    query: &str,
    mut variables: Value,
    name: &str,
    bytes: Vec<u8>,
) -> Value {
    let token = app.login("taipei-school").await;
    variables["f"] = Value::Null;
    let operations = json!({"query": query, "variables": variables});
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
    resp.json().await.unwrap()
}

/// The one file error of a refused upload: its message.
fn file_error(payload: &Value) -> String {
    let errors = payload["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{payload}"));
    assert_eq!(errors.len(), 1, "{payload}");
    assert_eq!(errors[0]["field"], "file", "{payload}");
    assert_eq!(errors[0]["code"], "INVALID_FORMAT", "{payload}");
    errors[0]["message"].as_str().unwrap().to_owned()
}

/// Sends the file to the roster import (a preview) and to the hours upload
/// (for real) and returns both refusals' messages, after checking that
/// nothing was written and that the server still answers.
async fn refused_everywhere(name: &str, roster: Vec<u8>, hours: Vec<u8>) -> [String; 2] {
    let app = spawn_app().await;
    let course = approved_course(&app, 50, |_| {}).await;
    let teachers = app.count("SELECT count(*) FROM teachers").await;
    let entries = app.count("SELECT count(*) FROM hour_entries").await;
    let school = app.unit_id("D633101").await;

    let r = send(&app, IMPORT, json!({"s": school, "d": true}), name, roster).await;
    let payload = &r["data"]["importTeachers"];
    assert!(payload["report"].is_null(), "{r}");
    let roster_message = file_error(payload);

    let r = send(&app, UPLOAD, json!({"c": course, "d": false}), name, hours).await;
    let payload = &r["data"]["uploadHours"];
    assert_eq!(payload["committed"], false, "{r}");
    let hours_message = file_error(payload);

    assert_eq!(app.count("SELECT count(*) FROM teachers").await, teachers);
    assert_eq!(
        app.count("SELECT count(*) FROM hour_entries").await,
        entries
    );
    super::assert_still_answers(&app).await;
    [roster_message, hours_message]
}

const ROSTER_HEADERS: [&str; 2] = ["身分證統一編號", "姓名"];
const HOURS_HEADERS: [&str; 2] = ["個人專用識別碼", "時數"];

/// A ZIP archive of `members` (name, content), deflated.
fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in members {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The smallest XLSX calamine opens: one sheet whose `<sheetData>` is
/// `sheet_data`, and the given shared strings.
fn xlsx(sheet_data: &str, shared_strings: Option<&[u8]>) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut members: Vec<(&str, &[u8])> = vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(strings) = shared_strings {
        members.push(("xl/sharedStrings.xml", strings));
    }
    zip(&members)
}

/// Row 1 with `headers` in A1 and B1, as inline strings.
fn header_row(headers: [&str; 2]) -> String {
    format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c><c r="B1" t="inlineStr"><is><t>{}</t></is></c></row>"#,
        headers[0], headers[1]
    )
}

/// The headers and one number at `cell` (in row `row`).
fn far_cell_xlsx(headers: [&str; 2], row: u32, cell: &str) -> Vec<u8> {
    xlsx(
        &format!(
            r#"{}<row r="{row}"><c r="{cell}"><v>1</v></c></row>"#,
            header_row(headers)
        ),
        None,
    )
}

#[tokio::test]
async fn a_cell_at_xfd1048576_is_refused_by_name_and_the_server_stays_up() {
    let roster = far_cell_xlsx(ROSTER_HEADERS, 1_048_576, "XFD1048576");
    assert!(roster.len() < 4096, "a small file: {} bytes", roster.len());
    let hours = far_cell_xlsx(HOURS_HEADERS, 1_048_576, "XFD1048576");
    for message in refused_everywhere("far.xlsx", roster, hours).await {
        assert!(
            message.contains("Cell XFD1048576 is beyond column CV"),
            "{message}"
        );
        assert!(message.contains("at most 100 columns"), "{message}");
    }
}

#[tokio::test]
async fn a_cell_at_all10000_is_refused_by_name_and_the_server_stays_up() {
    let roster = far_cell_xlsx(ROSTER_HEADERS, 10_000, "ALL10000");
    let hours = far_cell_xlsx(HOURS_HEADERS, 10_000, "ALL10000");
    for message in refused_everywhere("far.xlsx", roster, hours).await {
        assert!(
            message.contains("Cell ALL10000 is beyond column CV"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_cell_a_million_rows_down_is_refused_by_name_and_the_server_stays_up() {
    let roster = far_cell_xlsx(ROSTER_HEADERS, 1_048_576, "A1048576");
    let hours = far_cell_xlsx(HOURS_HEADERS, 1_048_576, "A1048576");
    let [roster, hours] = refused_everywhere("far.xlsx", roster, hours).await;
    assert!(
        roster.contains("Cell A1048576 is beyond the rows"),
        "{roster}"
    );
    assert!(roster.contains("at most 5000 rows"), "{roster}");
    assert!(
        hours.contains("Cell A1048576 is beyond the rows"),
        "{hours}"
    );
}

/// Shared strings of one string of 40 MiB of one letter: about 40 KB deflated.
fn shared_strings_bomb() -> Vec<u8> {
    let mut xml = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#.to_vec();
    xml.resize(xml.len() + (40 << 20), b'a');
    xml.extend_from_slice(b"</t></si></sst>");
    xml
}

#[tokio::test]
async fn a_shared_strings_zip_bomb_is_refused_before_it_is_read_and_the_server_stays_up() {
    let strings = shared_strings_bomb();
    let cell = r#"<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#;
    let roster = xlsx(
        &format!("{}{cell}", header_row(ROSTER_HEADERS)),
        Some(&strings),
    );
    let hours = xlsx(
        &format!("{}{cell}", header_row(HOURS_HEADERS)),
        Some(&strings),
    );
    assert!(
        roster.len() < 200_000,
        "a small file: {} bytes",
        roster.len()
    );
    for message in refused_everywhere("bomb.xlsx", roster, hours).await {
        assert!(
            message.contains("xl/sharedStrings.xml is larger than 32 MiB once decompressed"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn shared_strings_claiming_a_trillion_entries_are_refused_and_the_server_stays_up() {
    // calamine reserves room for `uniqueCount` strings before reading one.
    let strings = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1000000000000"><si><t>x</t></si></sst>"#;
    let roster = xlsx(&header_row(ROSTER_HEADERS), Some(strings));
    let hours = xlsx(&header_row(HOURS_HEADERS), Some(strings));
    for message in refused_everywhere("strings.xlsx", roster, hours).await {
        assert!(
            message.contains("more than 1000000 shared strings"),
            "{message}"
        );
    }
}

/// The smallest ODS: a mimetype and content.xml with one table of `rows`.
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ])
}

fn ods_text(text: &str, columns: u64) -> String {
    format!(
        r#"<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn ods_header(headers: [&str; 2]) -> String {
    format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text(headers[0], 1),
        ods_text(headers[1], 1)
    )
}

#[tokio::test]
async fn an_ods_repeating_a_cell_across_every_column_of_a_million_rows_is_refused() {
    // 2^20 rows of 2^14 copies of "x": what calamine would expand (to its
    // own cap of 100 million cells) before a caller saw one.
    let repeated = format!(
        r#"<table:table-row table:number-rows-repeated="1048576">{}</table:table-row>"#,
        ods_text("x", 16_384)
    );
    let roster = ods(&format!("{}{repeated}", ods_header(ROSTER_HEADERS)));
    let hours = ods(&format!("{}{repeated}", ods_header(HOURS_HEADERS)));
    assert!(roster.len() < 4096, "a small file: {} bytes", roster.len());
    for message in refused_everywhere("repeat.ods", roster, hours).await {
        assert!(
            message.contains("Cell CW2 is beyond column CV"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn an_ods_repeating_a_row_a_billion_times_is_refused_at_the_first_row_out_of_reach() {
    let repeated = format!(
        r#"<table:table-row table:number-rows-repeated="1000000000">{}</table:table-row>"#,
        ods_text("x", 2)
    );
    let roster = ods(&format!("{}{repeated}", ods_header(ROSTER_HEADERS)));
    let hours = ods(&format!("{}{repeated}", ods_header(HOURS_HEADERS)));
    let [roster, hours] = refused_everywhere("repeat.ods", roster, hours).await;
    // The header, 5,000 rows and one more are read (the caller refuses the
    // extra one); the next is out of reach.
    assert!(roster.contains("Cell A5003 is beyond the rows"), "{roster}");
    assert!(hours.contains("is beyond the rows"), "{hours}");
}

#[tokio::test]
async fn empty_repeats_cost_nothing_and_an_ods_with_them_still_imports() {
    // LibreOffice ends every sheet with rows and columns repeated to the
    // edge of the sheet; they hold nothing and must not count.
    let app = spawn_app().await;
    let school = app.unit_id("D633101").await;
    let rows = format!(
        r#"<table:table-row>{}{}<table:table-cell table:number-columns-repeated="16382"/></table:table-row><table:table-row>{}{}<table:table-cell table:number-columns-repeated="16382"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ods_text(ROSTER_HEADERS[0], 1),
        ods_text(ROSTER_HEADERS[1], 1),
        ods_text("E120005006", 1),
        ods_text("張志豪", 1),
    );
    let query = "mutation($s: UUID!, $f: Upload!, $d: Boolean!) { importTeachers(schoolId: $s, file: $f, dryRun: $d) { report { format errorCount rows { line name } } errors { message } } }";
    let r = send(
        &app,
        query,
        json!({"s": school, "d": true}),
        "r.ods",
        ods(&rows),
    )
    .await;
    let payload = &r["data"]["importTeachers"];
    assert_eq!(payload["errors"], json!([]), "{r}");
    assert_eq!(payload["report"]["format"], "SPREADSHEET", "{r}");
    assert_eq!(
        payload["report"]["rows"],
        json!([{"line": 2, "name": "張志豪"}]),
        "{r}"
    );
}
