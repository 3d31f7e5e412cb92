//! The authorization matrix: every role × every operation × the unit the
//! role is held at, a unit it governs, a sibling and a parent, decided by
//! the real policy files.
//!
//! The expectations (tests/common/policy_spec.rs) are the specification
//! (docs/design.md §1), written independently of policies/policy.csv: a change to
//! the policy that changes any cell fails here and must be made on purpose
//! in both places. tests/api/matrix.rs checks the same specification through
//! the GraphQL operations.

#[path = "common/policy_spec.rs"]
mod policy_spec;

use inservice::authz::{
    Action, Assignment, Authz, Operation, Role, UnitTarget, Viewer, ViewerUser,
};
use policy_spec::{allowed_by, expected, Place, Reach};
use uuid::Uuid;

fn label(id: Uuid) -> String {
    id.simple().to_string()
}

fn actions() -> Vec<Action> {
    // Every operation of the table, so a new one is checked as soon as it
    // exists; `AssignRole` is checked once per role below.
    let mut all: Vec<Action> = Operation::ALL
        .iter()
        .filter(|op| **op != Operation::AssignRole)
        .copied()
        .map(Action::from)
        .collect();
    all.extend(Role::ALL.into_iter().map(Action::assign));
    all
}

#[tokio::test]
async fn every_cell_of_the_matrix_matches_the_specification() {
    let authz = Authz::new().await.expect("the shipped policy loads");
    let (parent, held, child, sibling) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let path = |ids: &[Uuid]| ids.iter().map(|i| label(*i)).collect::<Vec<_>>().join(".");
    let places = [
        (
            Place::Own,
            UnitTarget {
                id: held,
                path: path(&[parent, held]),
            },
        ),
        (
            Place::Governed,
            UnitTarget {
                id: child,
                path: path(&[parent, held, child]),
            },
        ),
        (
            Place::Sibling,
            UnitTarget {
                id: sibling,
                path: path(&[parent, sibling]),
            },
        ),
        (
            Place::Parent,
            UnitTarget {
                id: parent,
                path: path(&[parent]),
            },
        ),
    ];
    let mut wrong = vec![];
    let mut cells = 0;
    for role in Role::ALL {
        let viewer = Viewer {
            user: Some(ViewerUser {
                id: Uuid::new_v4(),
                login: "x".into(),
                session_id: Uuid::nil(),
            }),
            assignments: vec![Assignment {
                role,
                unit_id: held,
                unit_name: "held".into(),
                unit_path: path(&[parent, held]),
            }],
        };
        for action in actions() {
            let reach = expected(role, action);
            for (place, target) in &places {
                cells += 1;
                let want = allowed_by(reach, *place);
                let got = authz.allows(&viewer, action, target);
                if want != got {
                    wrong.push(format!(
                        "{role} {action:?} at {place:?}: expected {want}, policy says {got}"
                    ));
                }
            }
        }
    }
    assert_eq!(cells, 7 * 42 * 4);
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn anonymous_viewers_may_only_read_the_directory() {
    let authz = Authz::new().await.unwrap();
    let target = UnitTarget {
        id: Uuid::new_v4(),
        path: label(Uuid::new_v4()),
    };
    for action in actions() {
        let want = action.operation == Operation::ReadDirectory;
        assert_eq!(
            authz.allows(&Viewer::anonymous(), action, &target),
            want,
            "{action:?}"
        );
    }
}

#[tokio::test]
async fn permissions_from_several_roles_add_up() {
    let authz = Authz::new().await.unwrap();
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let viewer = Viewer {
        user: None,
        assignments: vec![
            Assignment {
                role: Role::SchoolAdmin,
                unit_id: a,
                unit_name: "a".into(),
                unit_path: label(a),
            },
            Assignment {
                role: Role::Organizer,
                unit_id: b,
                unit_name: "b".into(),
                unit_path: label(b),
            },
        ],
    };
    for (id, path) in [(a, label(a)), (b, label(b))] {
        assert!(authz.allows(
            &viewer,
            Operation::EditContacts.into(),
            &UnitTarget { id, path }
        ));
    }
    let scope = authz.scope(&viewer, Operation::EditContacts.into());
    assert_eq!(scope.units.len(), 2);
    assert!(!scope.all && scope.subtrees.is_empty());
}

#[tokio::test]
async fn list_scopes_agree_with_single_decisions() {
    let authz = Authz::new().await.unwrap();
    let held = Uuid::new_v4();
    for role in Role::ALL {
        let viewer = Viewer {
            user: None,
            assignments: vec![Assignment {
                role,
                unit_id: held,
                unit_name: "h".into(),
                unit_path: label(held),
            }],
        };
        for action in actions() {
            let scope = authz.scope(&viewer, action);
            let reach = expected(role, action);
            let described = match reach {
                Reach::All => scope.all,
                Reach::Subtree => !scope.all && scope.subtrees == vec![label(held)],
                Reach::Own => !scope.all && scope.units == vec![held],
                Reach::None => scope.is_empty(),
            };
            assert!(
                described,
                "{role} {action:?}: scope {scope:?} does not match {reach:?}"
            );
        }
    }
}
