//! Authorization: the one path every resolver and mutation goes through.
//!
//! Casbin decides from `policies/model.conf` and `policies/policy.csv`
//! (embedded in the binary, so what runs is what was reviewed in git) and
//! the viewer's role assignments, which live in PostgreSQL and are loaded
//! with the session on every request. A grant or revocation made through any
//! server instance is therefore in force on every instance at its next
//! request, with no cache to invalidate.
//!
//! Casbin answers yes/no for one object. Lists are filtered in SQL by
//! [`Scope`], which is read from the same policy lines, so a list never shows
//! what a single check would refuse.

mod access;
mod roles;

pub use access::{Access, Granted, Guarded};
pub use roles::Role;

use std::collections::BTreeSet;

use anyhow::{bail, Context};
use casbin::{
    function_map::{dynamic_to_str, OperatorFunction},
    CoreApi, DefaultModel, Enforcer, MgmtApi, StringAdapter,
};
use uuid::Uuid;

const MODEL: &str = include_str!("../../policies/model.conf");
const POLICY: &str = include_str!("../../policies/policy.csv");

/// The pseudo-role whose permissions everyone has, signed in or not.
pub const ANONYMOUS: &str = "anonymous";

/// The operations, written once: each with its Casbin (object, action)
/// pair of `policies/policy.csv` and the words for messages ("edit the
/// contacts of"). `AssignRole`'s object is `role:<role>` and its words name
/// the role.
macro_rules! operations {
    ($($(#[$doc:meta])* $name:ident => ($object:literal, $act:literal, $words:literal),)*) => {
        /// Something a viewer may try to do at a unit. Each maps to one Casbin
        /// (object, action) pair of `policies/policy.csv`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, async_graphql::Enum)]
        pub enum Operation {
            $($(#[$doc])* $name,)*
        }

        impl Operation {
            /// Every operation, in the table's order.
            pub const ALL: &'static [Operation] = &[$(Operation::$name),*];

            /// The Casbin object (for `AssignRole`, without the role), the
            /// Casbin action, and the words for messages.
            const fn spec(self) -> (&'static str, &'static str, &'static str) {
                match self {
                    $(Operation::$name => ($object, $act, $words),)*
                }
            }
        }
    };
}

operations! {
    /// See the public directory and published contacts.
    ReadDirectory => ("directory", "read", "read the directory of"),
    /// See a unit's unpublished contacts.
    ReadContacts => ("contact", "read", "read the contacts of"),
    /// Add, edit, reorder, delete and confirm a unit's contacts.
    EditContacts => ("contact", "write", "edit the contacts of"),
    /// List the accounts holding roles at a unit.
    ReadUsers => ("user", "read", "list the accounts of"),
    /// Create accounts at a unit.
    ManageUsers => ("user", "write", "create accounts at"),
    /// Grant or revoke a role at a unit (the role is given separately).
    AssignRole => ("role", "assign", "grant or revoke the role {role} at"),
    /// Read a unit's audit log.
    ReadAudit => ("audit", "read", "read the audit log of"),
    /// Ask why someone may or may not do something at a unit.
    ExplainPermission => ("permission", "explain", "explain permissions at"),
    /// See the email outbox.
    ReadOutbox => ("outbox", "read", "read the email outbox of"),
    /// Send a pending or dead email again.
    RetryEmail => ("outbox", "retry", "retry email of"),
    /// Open a school year's roster campaign (network-wide).
    OpenRosterCampaign => ("roster", "open", "open the roster campaign of"),
    /// Confirm a school's roster for a school year.
    ConfirmRoster => ("roster", "confirm", "confirm the roster of"),
    /// See the roster campaign's progress at a unit.
    ReadRoster => ("roster", "read", "see the roster campaign of"),
    /// Send a school a roster reminder now.
    RemindRoster => ("roster", "remind", "send roster reminders to"),
    /// Publish, edit or delete announcements of a unit (or the network).
    PublishAnnouncement => ("announcement", "publish", "publish announcements for"),
    /// See a unit's courses that are not public (drafts, in review, returned).
    ReadCourses => ("course", "read", "see the unpublished courses of"),
    /// Create, edit, submit, cancel and complete a unit's courses.
    EditCourses => ("course", "write", "edit the courses of"),
    /// Review the courses routed to a unit (itself or by delegation).
    ReviewCourses => ("course", "review", "review the courses routed to"),
    /// See the review delegations concerning a unit.
    ReadDelegations => ("delegation", "read", "see the review delegations of"),
    /// Create and end review delegations (network-wide).
    ManageDelegations => ("delegation", "manage", "manage review delegations of"),
    /// See a school's teacher roster (names, masked IDs, stages).
    ReadTeachers => ("teacher", "read", "see the teachers of"),
    /// Add, edit and mark as left a school's teachers.
    EditTeachers => ("teacher", "write", "edit the teachers of"),
    /// See the personal codes of a school's teachers.
    ReadPersonalCodes => ("teacher", "code", "see the personal codes of the teachers of"),
    /// See a course's registrations and its sign-in sheet (at the organizer).
    ReadRegistrations => ("registration", "read", "see the registrations for the courses of"),
    /// Admit, remove and register on site at a unit's courses.
    ManageRegistrations => ("registration", "manage", "manage the registrations for the courses of"),
    /// Register oneself for courses and cancel one's registrations (at the
    /// teacher's school; the resolver also checks it is the viewer's own record).
    RegisterSelf => ("registration", "self", "register for courses as a teacher of"),
    /// Grant, correct and revoke hours for a unit's courses.
    GrantHours => ("hours", "grant", "grant hours for the courses of"),
    /// See the hours of a school's teachers.
    ReadHours => ("hours", "read", "see the hours of the teachers of"),
    /// See one's own hours and transcript (at the teacher's school, for
    /// the viewer's own record only).
    ReadOwnHours => ("hours", "self", "see one's own hours as a teacher of"),
    /// State where one serves (at the teacher's school; own record only).
    StateOwnServiceUnit => ("teacher", "self", "state one's service unit as a teacher of"),
    /// Record statements of where teachers serve from a partner sign-in
    /// service (network-wide).
    RecordSignInStatements => ("statement", "record", "record sign-in service statements for"),
    /// Request statistics for a unit's jurisdiction, and follow and download
    /// one's own requests (the resolver also checks the requester).
    RequestStatistics => ("statistics", "request", "request statistics for"),
    /// Approve or reject statistics requests, set their k, read and
    /// download every one (network-wide).
    DecideStatistics => ("statistics", "decide", "decide statistics requests of"),
    /// Download the course report of the schools a unit governs.
    ReadCountyReport => ("report", "county", "download the course report of"),
    /// Apply for the identified training records of the teachers serving in
    /// a unit's jurisdiction, and download one's own approved export.
    ApplyDataExchange => ("exchange", "apply", "apply for the training records of"),
    /// Approve or reject data-exchange applications (network-wide).
    DecideDataExchange => ("exchange", "decide", "decide data-exchange applications of"),
}

/// An operation together with the role it concerns, for `AssignRole`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Action {
    pub operation: Operation,
    pub role: Option<Role>,
}

impl From<Operation> for Action {
    fn from(operation: Operation) -> Self {
        Self {
            operation,
            role: None,
        }
    }
}

impl Action {
    pub fn assign(role: Role) -> Self {
        Self {
            operation: Operation::AssignRole,
            role: Some(role),
        }
    }

    /// The Casbin object and action this stands for.
    pub fn object_and_act(&self) -> (String, &'static str) {
        let (object, act, _) = self.operation.spec();
        match self.operation {
            Operation::AssignRole => (format!("{object}:{}", self.role_name()), act),
            _ => (object.to_owned(), act),
        }
    }

    /// Words for messages: "edit the contacts of".
    pub fn describe(&self) -> String {
        let (_, _, words) = self.operation.spec();
        words.replace("{role}", self.role_name())
    }

    fn role_name(&self) -> &'static str {
        self.role.map(Role::as_str).unwrap_or("?")
    }
}

/// A role held at a unit, as loaded with the viewer's session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub role: Role,
    pub unit_id: Uuid,
    pub unit_name: String,
    /// The unit's materialized path (ltree text of id labels).
    pub unit_path: String,
}

/// A unit as the authorization path sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitTarget {
    pub id: Uuid,
    pub path: String,
}

impl UnitTarget {
    /// The whole network, for operations that belong to no one unit (the
    /// outbox): only an `all` reach extends to it.
    pub fn network() -> Self {
        Self {
            id: Uuid::nil(),
            path: String::new(),
        }
    }

    pub fn is_network(&self) -> bool {
        self.id.is_nil()
    }
}

/// Who is asking.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    pub user: Option<ViewerUser>,
    pub assignments: Vec<Assignment>,
}

#[derive(Clone, Debug)]
pub struct ViewerUser {
    pub id: Uuid,
    pub login: String,
    pub session_id: Uuid,
}

impl Viewer {
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn user_id(&self) -> Option<Uuid> {
        self.user.as_ref().map(|u| u.id)
    }
}

/// Which assignment and which policy line allowed an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// `None` when the permission is everyone's (`anonymous`).
    pub assignment: Option<Assignment>,
    /// The policy line, as written in `policies/policy.csv`.
    pub policy: String,
}

/// How far a permission reaches, for filtering lists in SQL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Everything.
    pub all: bool,
    /// Unit paths whose whole subtree is in scope.
    pub subtrees: Vec<String>,
    /// Single units in scope.
    pub units: Vec<Uuid>,
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        !self.all && self.subtrees.is_empty() && self.units.is_empty()
    }
}

/// The label a unit has in every materialized path: its id without dashes.
pub fn unit_label(id: Uuid) -> String {
    id.simple().to_string()
}

/// Whether a permission of the given `reach`, held at the unit labelled
/// `held_at`, extends to the unit with materialized path `target`.
pub fn reaches(reach: &str, held_at: &str, target: &str) -> bool {
    match reach {
        "all" => true,
        "subtree" => !held_at.is_empty() && target.split('.').any(|label| label == held_at),
        "own" => !held_at.is_empty() && target.rsplit('.').next() == Some(held_at),
        _ => false,
    }
}

const REACHES: [&str; 3] = ["all", "subtree", "own"];

/// The policy decision point.
pub struct Authz {
    enforcer: Enforcer,
}

impl Authz {
    /// Builds the enforcer from the embedded policy files, refusing policy
    /// lines that name an unknown role or reach (a typo must not silently
    /// deny, or worse, allow).
    pub async fn new() -> anyhow::Result<Self> {
        Self::from_parts(MODEL, POLICY).await
    }

    pub async fn from_parts(model: &str, policy: &str) -> anyhow::Result<Self> {
        let model = DefaultModel::from_str(model)
            .await
            .context("parsing policies/model.conf")?;
        let adapter = StringAdapter::new(policy.to_owned());
        let mut enforcer = Enforcer::new(model, adapter)
            .await
            .context("loading policies/policy.csv")?;
        enforcer.add_function(
            "reaches",
            OperatorFunction::Arg3(|reach, held_at, target| {
                reaches(
                    &dynamic_to_str(&reach),
                    &dynamic_to_str(&held_at),
                    &dynamic_to_str(&target),
                )
                .into()
            }),
        );
        for line in enforcer.get_policy() {
            let [role, reach, obj, act] = line.as_slice() else {
                bail!("policy line {line:?} must have exactly role, reach, object, action");
            };
            if role != ANONYMOUS && role.parse::<Role>().is_err() {
                bail!("policy line {line:?} names unknown role {role:?}");
            }
            if !REACHES.contains(&reach.as_str()) {
                bail!("policy line {line:?} has reach {reach:?}; expected one of {REACHES:?}");
            }
            if obj.is_empty() || act.is_empty() {
                bail!("policy line {line:?} has an empty object or action");
            }
        }
        Ok(Self { enforcer })
    }

    /// Decides whether `viewer` may do `action` at `target`; `Some` names
    /// what allowed it.
    pub fn decide(&self, viewer: &Viewer, action: Action, target: &UnitTarget) -> Option<Grant> {
        let (obj, act) = action.object_and_act();
        if let Some(policy) = self.check(ANONYMOUS, "", &target.path, &obj, act) {
            return Some(Grant {
                assignment: None,
                policy,
            });
        }
        viewer.assignments.iter().find_map(|a| {
            let held_at = unit_label(a.unit_id);
            self.check(a.role.as_str(), &held_at, &target.path, &obj, act)
                .map(|policy| Grant {
                    assignment: Some(a.clone()),
                    policy,
                })
        })
    }

    pub fn allows(&self, viewer: &Viewer, action: Action, target: &UnitTarget) -> bool {
        self.decide(viewer, action, target).is_some()
    }

    fn check(
        &self,
        role: &str,
        held_at: &str,
        target: &str,
        obj: &str,
        act: &str,
    ) -> Option<String> {
        match self.enforcer.enforce_ex((role, held_at, target, obj, act)) {
            Ok((true, lines)) => Some(
                lines
                    .first()
                    .map(|l| format!("p, {}", l.join(", ")))
                    .unwrap_or_default(),
            ),
            Ok((false, _)) => None,
            Err(e) => {
                // A matcher error is a broken policy: deny, loudly.
                tracing::error!(error = %e, "casbin enforce failed");
                None
            }
        }
    }

    /// Where `viewer` may do `action`, for filtering lists in SQL. Read from
    /// the same policy lines that `decide` evaluates.
    pub fn scope(&self, viewer: &Viewer, action: Action) -> Scope {
        let (obj, act) = action.object_and_act();
        let reach_of = |role: &str| -> BTreeSet<String> {
            self.enforcer
                .get_filtered_policy(0, vec![role.to_owned()])
                .into_iter()
                .filter(|l| l.len() == 4 && l[2] == obj && l[3] == act)
                .map(|l| l[1].clone())
                .collect()
        };
        let mut scope = Scope::default();
        if reach_of(ANONYMOUS).contains("all") {
            scope.all = true;
            return scope;
        }
        for a in &viewer.assignments {
            for reach in reach_of(a.role.as_str()) {
                match reach.as_str() {
                    "all" => scope.all = true,
                    "subtree" => scope.subtrees.push(a.unit_path.clone()),
                    "own" => scope.units.push(a.unit_id),
                    _ => {}
                }
            }
        }
        scope
    }

    /// Roles `viewer` may grant at `target` (the grant ceiling).
    pub fn grantable_roles(&self, viewer: &Viewer, target: &UnitTarget) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| self.allows(viewer, Action::assign(*r), target))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_follows_the_path() {
        assert!(reaches("all", "", "a.b.c"));
        assert!(reaches("subtree", "a", "a.b.c"));
        assert!(reaches("subtree", "b", "a.b"));
        assert!(!reaches("subtree", "c", "a.b"));
        assert!(reaches("own", "c", "a.b.c"));
        assert!(!reaches("own", "b", "a.b.c"));
        assert!(!reaches("subtree", "", "a.b"));
        assert!(!reaches("everything", "a", "a"));
    }

    #[tokio::test]
    async fn the_shipped_policy_loads() {
        Authz::new().await.expect("policies/ must load");
    }

    #[tokio::test]
    async fn a_policy_line_with_an_unknown_role_is_refused() {
        let err = Authz::from_parts(MODEL, "p, county_admn, subtree, contact, read\n")
            .await
            .err()
            .expect("must fail");
        assert!(err.to_string().contains("unknown role"), "{err}");
    }

    #[tokio::test]
    async fn a_policy_line_with_an_unknown_reach_is_refused() {
        let err = Authz::from_parts(MODEL, "p, operator, everywhere, contact, read\n")
            .await
            .err()
            .expect("must fail");
        assert!(err.to_string().contains("reach"), "{err}");
    }
}
