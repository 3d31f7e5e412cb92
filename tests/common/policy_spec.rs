//! The authorization specification (docs/design.md §1) that the policy files
//! must implement, shared by tests/authz_matrix.rs and tests/api/matrix.rs.

use inservice::authz::{Action, Operation, Role};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reach {
    None,
    Own,
    Subtree,
    All,
}

/// How far each role reaches for each operation.
pub fn expected(role: Role, action: Action) -> Reach {
    use Operation::*;
    use Reach::*;
    use Role::*;
    match (role, action.operation) {
        (_, ReadDirectory) => All,
        // Only teachers act for themselves; nobody else does it for them.
        (Teacher, RegisterSelf | ReadOwnHours | StateOwnServiceUnit) => Own,
        (_, RegisterSelf | ReadOwnHours | StateOwnServiceUnit) => None,
        (Operator, RecordSignInStatements) => All,
        (_, RecordSignInStatements) => None,
        // Only the commissioner decides applications; nobody else, not even
        // operators, sees what was asked or answered.
        (Commissioner, DecideStatistics | DecideDataExchange) => All,
        (_, DecideStatistics | DecideDataExchange) => None,
        // Regional centers apply for their own unit's jurisdiction.
        (DivisionAdmin | CountyAdmin, RequestStatistics | ApplyDataExchange) => Own,
        (_, RequestStatistics | ApplyDataExchange) => None,
        (Commissioner, ReadCountyReport) => All,
        // The report is of the schools a unit governs; a school has none.
        (SchoolAdmin, ReadCountyReport) => None,
        // Operators author no courses and review only what is delegated to
        // their own unit.
        (
            Operator,
            EditCourses | EditTeachers | ReadPersonalCodes | ManageRegistrations | GrantHours,
        ) => None,
        (Operator, ReviewCourses) => Own,
        (Operator, _) => All,
        (_, ReadOutbox | RetryEmail | OpenRosterCampaign) => None,
        (
            Commissioner,
            ReadContacts | ReadUsers | ReadAudit | ExplainPermission | ReadRoster | ReadCourses
            | ReadDelegations | ManageDelegations,
        ) => All,
        (Commissioner, _) => None,
        (_, ManageDelegations) => None,
        (Organizer | Teacher, PublishAnnouncement) => None,
        (DivisionAdmin | CountyAdmin, AssignRole) => match action.role {
            Some(r) if r == role => Subtree,
            Some(SchoolAdmin | Teacher) => Subtree,
            Some(Organizer) if role == CountyAdmin => Subtree,
            _ => None,
        },
        (DivisionAdmin | CountyAdmin, ConfirmRoster) => None,
        // A bureau or division offers courses of its own; it never edits a
        // school's.
        (DivisionAdmin | CountyAdmin, EditCourses | ManageRegistrations | GrantHours) => Own,
        // Rosters are read up the tree; only the school edits them and sees
        // its teachers' personal codes.
        (DivisionAdmin | CountyAdmin, EditTeachers | ReadPersonalCodes) => None,
        (DivisionAdmin | CountyAdmin, _) => Subtree,
        (SchoolAdmin, AssignRole) => match action.role {
            Some(SchoolAdmin | Teacher) => Own,
            _ => None,
        },
        (SchoolAdmin, ExplainPermission | RemindRoster | ReviewCourses | ReadDelegations) => None,
        (SchoolAdmin, _) => Own,
        (
            Organizer,
            ReadContacts | EditContacts | ReadUsers | ReadCourses | EditCourses | ReadRegistrations
            | ManageRegistrations | GrantHours,
        ) => Own,
        (Organizer, AssignRole) if action.role == Some(Organizer) => Own,
        (Organizer, _) => None,
        (Teacher, _) => None,
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Place {
    Own,
    Governed,
    Sibling,
    Parent,
}

pub fn allowed_by(reach: Reach, place: Place) -> bool {
    matches!(
        (reach, place),
        (Reach::All, _) | (Reach::Subtree, Place::Own | Place::Governed) | (Reach::Own, Place::Own)
    )
}
