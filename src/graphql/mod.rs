//! The GraphQL schema: one query and one mutation struct per domain module,
//! merged, with the limits of DESIGN.md §5.

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
};

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    UnitsQuery,
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
/// Largest complexity a query may have (lists count `first` times their items).
pub const MAX_COMPLEXITY: usize = 5_000;
/// Most operations one batched request may carry.
pub const MAX_BATCH: usize = 10;

fn builder() -> SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
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
