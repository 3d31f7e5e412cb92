//! The authorization matrix through the GraphQL operations: every demo role
//! × every operation × its own unit, a unit it governs, a sibling and its
//! parent, checked against the specification in tests/common/policy_spec.rs.

use serde_json::{json, Value};

use crate::{
    helpers::{error_code, spawn_app, TestApp},
    policy_spec::{allowed_by, expected, Place},
};
use inservice::authz::{Action, Operation, Role};

/// A demo account, its role, and the units around the one it is held at.
type Neighbourhood = (&'static str, Role, &'static [(Place, &'static str)]);

const PLACES: &[Neighbourhood] = &[
    (
        "operator",
        Role::Operator,
        &[(Place::Own, "NKNU-OPS"), (Place::Sibling, "63000")],
    ),
    (
        "commissioner",
        Role::Commissioner,
        &[
            (Place::Own, "MOE-TEPD"),
            (Place::Sibling, "MOE-DITE"),
            (Place::Parent, "MOE"),
        ],
    ),
    (
        "k12-hs",
        Role::DivisionAdmin,
        &[
            (Place::Own, "K12EA-HS"),
            (Place::Governed, "D033101"),
            (Place::Sibling, "K12EA-PRE"),
            (Place::Parent, "K12EA"),
        ],
    ),
    (
        "k12-pre",
        Role::DivisionAdmin,
        &[
            (Place::Own, "K12EA-PRE"),
            (Place::Sibling, "K12EA-HS"),
            (Place::Parent, "K12EA"),
        ],
    ),
    (
        "taipei",
        Role::CountyAdmin,
        &[
            (Place::Own, "63000"),
            (Place::Governed, "D633101"),
            (Place::Sibling, "67000"),
        ],
    ),
    (
        "tainan",
        Role::CountyAdmin,
        &[
            (Place::Own, "67000"),
            (Place::Governed, "D673101"),
            (Place::Sibling, "63000"),
        ],
    ),
    (
        "taipei-school",
        Role::SchoolAdmin,
        &[
            (Place::Own, "D633101"),
            (Place::Sibling, "D633102"),
            (Place::Parent, "63000"),
        ],
    ),
    (
        "tainan-school",
        Role::SchoolAdmin,
        &[
            (Place::Own, "D673101"),
            (Place::Sibling, "D673102"),
            (Place::Parent, "67000"),
        ],
    ),
    (
        "ntnu-ce",
        Role::Organizer,
        &[(Place::Own, "NTNU-CE"), (Place::Sibling, "NCUE-CE")],
    ),
    (
        "teacher",
        Role::Teacher,
        &[
            (Place::Own, "D633101"),
            (Place::Sibling, "D633102"),
            (Place::Parent, "63000"),
        ],
    ),
];

/// A role that can be held at a unit of this code's kind.
fn placeable_role(code: &str) -> Role {
    match code {
        "63000" | "67000" => Role::CountyAdmin,
        "NKNU-OPS" | "NTNU-CE" | "NCUE-CE" => Role::Organizer,
        c if c.starts_with('D') => Role::Teacher,
        _ => Role::DivisionAdmin,
    }
}

fn role_name(role: Role) -> String {
    // The GraphQL enum value: operator → OPERATOR, county_admin → COUNTY_ADMIN.
    role.as_str().to_uppercase()
}

/// The GraphQL operations, each with the authorization actions it needs.
fn operations(
    unit: uuid::Uuid,
    code: &str,
    user: uuid::Uuid,
    n: usize,
) -> Vec<(&'static str, Vec<Action>, String, Value)> {
    let role = placeable_role(code);
    vec![
        (
            "createContact",
            vec![Operation::EditContacts.into()],
            "mutation($u: UUID!) { createContact(input: {unitId: $u, name: \"矩陣\"}) { errors { code } } }".into(),
            json!({"u": unit}),
        ),
        (
            "confirmContacts",
            vec![Operation::EditContacts.into()],
            "mutation($u: UUID!) { confirmContacts(unitId: $u) { errors { code } } }".into(),
            json!({"u": unit}),
        ),
        (
            "users",
            vec![Operation::ReadUsers.into()],
            "query($u: UUID!) { users(filter: {unitId: $u}) { totalCount } }".into(),
            json!({"u": unit}),
        ),
        (
            "createUser",
            vec![Operation::ManageUsers.into(), Action::assign(role)],
            "mutation($i: CreateUserInput!) { createUser(input: $i) { errors { code } } }".into(),
            json!({"i": {"login": format!("matrix-{n}"), "displayName": "矩陣", "password": "matrix passphrase",
                          "role": role_name(role), "unitId": unit}}),
        ),
        (
            "grantRole",
            vec![Action::assign(role)],
            "mutation($i: RoleAssignmentInput!) { grantRole(input: $i) { errors { code } } }".into(),
            json!({"i": {"userId": user, "role": role_name(role), "unitId": unit}}),
        ),
        (
            "revokeRole",
            vec![Action::assign(role)],
            "mutation($i: RoleAssignmentInput!) { revokeRole(input: $i) { errors { code } } }".into(),
            json!({"i": {"userId": user, "role": role_name(role), "unitId": unit}}),
        ),
        (
            "auditLog",
            vec![Operation::ReadAudit.into()],
            "query($u: UUID!) { auditLog(filter: {unitId: $u}) { totalCount } }".into(),
            json!({"u": unit}),
        ),
        (
            "explainPermission",
            vec![Operation::ExplainPermission.into()],
            "query($u: UUID!, $who: UUID!) { explainPermission(userId: $who, unitId: $u, action: EDIT_CONTACTS) { allowed } }".into(),
            json!({"u": unit, "who": user}),
        ),
        (
            "createCourse",
            vec![Operation::EditCourses.into()],
            "mutation($u: UUID!, $i: CourseInput!) { createCourse(organizerId: $u, input: $i) { errors { code } } }".into(),
            json!({"u": unit, "i": crate::courses::valid_input("矩陣研習", 30)}),
        ),
        (
            "setReviewDelegation",
            vec![Operation::ManageDelegations.into()],
            "mutation($u: UUID!, $d: UUID!, $to: DateTime) { setReviewDelegation(authorityId: $u, delegateUnitId: $d, validTo: $to) { errors { code } } }".into(),
            json!({"u": unit, "d": uuid::Uuid::nil(), "to": null}),
        ),
        (
            "requestStatistics",
            vec![Operation::RequestStatistics.into()],
            "mutation($i: StatisticsRequestInput!) { requestStatistics(input: $i) { errors { code } } }".into(),
            json!({"i": crate::statistics::input(unit, json!(["STAGE"]), json!(["TEACHERS"]))}),
        ),
        (
            "applyDataExchange",
            vec![Operation::ApplyDataExchange.into()],
            "mutation($i: DataExchangeInput!) { applyDataExchange(input: $i) { errors { code } } }".into(),
            json!({"i": {"unitId": unit, "purpose": "矩陣", "periodFrom": "2025-08-01",
                          "periodTo": "2026-07-31", "validUntil": time::OffsetDateTime::now_utc().date().to_string()}}),
        ),
        (
            "countyReport",
            vec![Operation::ReadCountyReport.into()],
            "query($u: UUID!) { countyReport(unitId: $u, period: {schoolYear: 114}) { unitName } }".into(),
            json!({"u": unit}),
        ),
        (
            "directory",
            vec![Operation::ReadDirectory.into()],
            "{ directory(first: 1) { totalCount } }".into(),
            json!({}),
        ),
    ]
}

async fn run(app: &TestApp, token: &str, query: &str, vars: Value) -> bool {
    let r = app.post(Some(token), query, vars).await;
    match error_code(&r) {
        "" => true,
        "FORBIDDEN" => false,
        other => panic!("unexpected error {other}: {r}"),
    }
}

#[tokio::test]
async fn every_demo_role_may_do_exactly_what_the_specification_says() {
    let app = spawn_app().await;
    // The account roles are granted to and revoked from: none of the actors,
    // so no cell changes what another cell may do.
    let subject: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO users (login, display_name, password_hash) VALUES ('matrix-subject', '矩陣', 'x') RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mut wrong = vec![];
    let mut cells = 0;
    for (login, role, places) in PLACES {
        let token = app.login(login).await;
        // Roles may be granted only to accounts within the actor's scope; a
        // roleless account is within the scope of the one who created it.
        sqlx::query(
            "UPDATE users SET created_by = (SELECT id FROM users WHERE login = $1) WHERE id = $2",
        )
        .bind(login)
        .bind(subject)
        .execute(&app.pool)
        .await
        .unwrap();
        for (place, code) in places.iter() {
            let unit = app.unit_id(code).await;
            for (name, actions, query, vars) in operations(unit, code, subject, cells) {
                cells += 1;
                let want = actions
                    .iter()
                    .all(|a| allowed_by(expected(*role, *a), *place));
                let got = run(&app, &token, &query, vars).await;
                if want != got {
                    wrong.push(format!(
                        "{login} {name} at {code} ({place:?}): expected {want}, got {got}"
                    ));
                }
            }
        }
    }
    assert!(cells >= 200, "{cells}");
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
