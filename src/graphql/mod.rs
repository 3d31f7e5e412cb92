//! The GraphQL schema: one query and one mutation struct per domain module,
//! merged, with the limits of docs/design.md §5.

pub mod limits;
pub mod loaders;
pub mod pagination;

use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};

use crate::{
    accounts::{AccountsMutation, AccountsQuery},
    announcements::{AnnouncementsMutation, AnnouncementsQuery},
    audit::AuditQuery,
    contacts::ContactsMutation,
    courses::{CoursesMutation, CoursesQuery, DelegationsMutation, DelegationsQuery},
    hours::{HoursMutation, HoursQuery},
    mail::{MailMutation, MailQuery},
    registrations::{sheet::SignInSheetQuery, RegistrationsMutation, RegistrationsQuery},
    roster::{RosterMutation, RosterQuery},
    state::AppState,
    statistics::{StatisticsMutation, StatisticsQuery},
    teachers::{
        StatementsMutation, StatementsQuery, TeachersMutation, TeachersQuery, TransfersMutation,
        TransfersQuery,
    },
    units::UnitsQuery,
    viewer::ViewerQuery,
};

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    UnitsQuery,
    ViewerQuery,
    AccountsQuery,
    AuditQuery,
    MailQuery,
    RosterQuery,
    AnnouncementsQuery,
    CoursesQuery,
    DelegationsQuery,
    TeachersQuery,
    RegistrationsQuery,
    SignInSheetQuery,
    HoursQuery,
    StatementsQuery,
    StatisticsQuery,
    TransfersQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    ContactsMutation,
    AccountsMutation,
    MailMutation,
    RosterMutation,
    AnnouncementsMutation,
    CoursesMutation,
    DelegationsMutation,
    TeachersMutation,
    RegistrationsMutation,
    HoursMutation,
    StatementsMutation,
    StatisticsMutation,
    TransfersMutation,
);

pub type InserviceSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Deepest nesting a query may have.
pub const MAX_DEPTH: usize = 12;
/// Largest cost a query may have: every list field counts its `first` (or
/// its documented bound) times the cost of its items. Checked, with the cost
/// in the error, by [`limits::RequestLimits`].
pub const MAX_COMPLEXITY: usize = 5_000;
/// The documented bounds of the lists that are not paged (docs/api.md,
/// "Query cost"). Paged lists cost their `first` times their items; an
/// unpaged one costs its bound times its items, so that nesting lists in
/// lists (`contacts { unit { contacts … } }`) multiplies the cost as it
/// multiplies the answer, and is refused before it runs.
pub mod bounds {
    /// Units directly governed by one unit. A county governs hundreds of
    /// schools, but children lists partition the units: the children on a
    /// whole page together are at most all units, so a page of units with
    /// their children is costed lightly, while nesting children in children
    /// (or `children { parent { children … } } }`) multiplies by 20 a level.
    pub const CHILD_UNITS: usize = 20;
    /// Contacts one unit publishes: most units a handful, a county office
    /// up to about 40. Ten keeps a full directory page (100 units) under
    /// the cap, while the four levels of `contacts { unit { contacts … } }`
    /// that returned 45–122 MB cost over 12,000.
    pub const CONTACTS_PER_UNIT: usize = 10;
    /// An object's own parts: a course's tags, sessions, audience,
    /// transitions and changes; an announcement's attachments (at most 10);
    /// downloads, delivery attempts, service history, a statistics
    /// request's dimensions, filters and a result row's cells.
    pub const PARTS: usize = 10;
    /// Role assignments of one user, and the roles one may grant (7 roles).
    pub const ROLES: usize = 5;
    /// Rows of one answer the parent builds whole (a sign-in sheet, an
    /// import or hours report, a statistics result, code lists), counted
    /// as one page: each row holds no list that could nest further.
    pub const ROWS: usize = 50;
    /// A payload's or a row's input errors.
    pub const ERRORS: usize = 10;
    /// The values one input error names (`params`; docs/api.md lists at
    /// most three per error).
    pub const PARAMS: usize = 3;

    /// The cost of a list of at most `bound` items each costing `item`
    /// (at least 1, so that lists of scalars count too).
    pub const fn list(bound: usize, item: usize) -> usize {
        bound.saturating_mul(if item == 0 { 1 } else { item })
    }
}

/// Most operations one batched request may carry.
pub const MAX_BATCH: usize = 10;

/// The schema's types and limits, without the server's state: for the SDL
/// and for checking operations without running them.
pub fn builder() -> SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(MAX_DEPTH)
    // Not `limit_complexity`: its error does not say what the cost was.
    .extension(limits::RequestLimits)
}

/// The schema the server runs. Production hides introspection and
/// "did you mean" suggestions.
pub fn schema(state: AppState) -> InserviceSchema {
    let production = state.settings.is_production();
    let mut builder = builder().data(state);
    if production {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}

#[cfg(test)]
mod tests {
    use async_graphql::{
        registry::{MetaType, Registry},
        OutputType,
    };

    use super::*;

    fn registry() -> Registry {
        let mut registry = Registry::default();
        QueryRoot::create_type_info(&mut registry);
        MutationRoot::create_type_info(&mut registry);
        registry
    }

    /// A list field without a cost would count as one item however long it
    /// is, and nesting it would multiply answers unseen.
    #[test]
    fn every_list_field_has_a_cost() {
        let registry = registry();
        let (mut missing, mut lists) = (Vec::new(), 0);
        for ty in registry.types.values() {
            let Some(fields) = ty.fields() else { continue };
            // A connection's edges and nodes are costed by the `first` of
            // the field that returns the connection.
            let connection = ty.name().ends_with("Connection");
            for field in fields.values() {
                lists += usize::from(field.ty.starts_with('['));
                if field.ty.starts_with('[')
                    && field.compute_complexity.is_none()
                    && !ty.name().starts_with("__")
                    && !(connection && matches!(field.name.as_str(), "edges" | "nodes"))
                {
                    missing.push(format!("{}.{}", ty.name(), field.name));
                }
            }
        }
        assert!(lists > 50, "only {lists} list fields found");
        assert!(
            missing.is_empty(),
            "list fields without a cost: {missing:?}"
        );
    }

    /// The higher list and text limits name real arguments, so that
    /// renaming one cannot silently give it the default limit.
    #[test]
    fn every_higher_limit_names_a_real_argument() {
        let registry = registry();
        let mutations = match registry.types.get("MutationRoot") {
            Some(MetaType::Object { fields, .. }) => fields,
            _ => panic!("no MutationRoot"),
        };
        for (key, _) in limits::LIST_LIMITS {
            let (field, arg) = key.split_once('.').unwrap();
            let ty = &mutations[field].args[arg].ty;
            assert!(ty.starts_with('['), "{key} is {ty}");
        }
        for (key, _) in limits::TEXT_LIMITS {
            let mut parts = key.split('.');
            let (field, arg, input) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let ty = mutations[field].args[arg].ty.trim_end_matches('!');
            let Some(MetaType::InputObject { input_fields, .. }) = registry.types.get(ty) else {
                panic!("{key}: {ty} is not an input object");
            };
            assert!(
                input_fields[input].ty.starts_with("String"),
                "{key} is not text"
            );
        }
    }
}
