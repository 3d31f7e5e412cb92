//! What the viewer may do, for the console's menus: the one module allowed
//! to read every domain's rules, so that no domain calls another just to
//! build the viewer's flags. The flags are worked out here;
//! `graphql.rs` answers `viewerPermissions` with them.

mod graphql;

use async_graphql::SimpleObject;

pub use graphql::ViewerQuery;

use crate::{
    authz::{Access, Operation, UnitTarget},
    error::ApiResult,
    statistics::exchange,
};

/// What the viewer may do beyond single units, for the console's menus;
/// read from the same policy the server decides with.
#[derive(SimpleObject)]
pub struct NetworkPermissions {
    /// Create and end review delegations.
    pub manage_delegations: bool,
    /// Has a review queue (reviews for at least one unit).
    pub review_courses: bool,
    /// Read the email outbox.
    pub read_outbox: bool,
    /// Open a school year's roster campaign.
    pub open_roster_campaign: bool,
    /// Follow the roster campaign of at least one unit.
    pub read_rosters: bool,
    /// Publish announcements for at least one unit.
    pub publish_announcements: bool,
    /// Has a teacher's own hours to read.
    pub read_own_hours: bool,
    /// Request statistics for at least one unit.
    pub request_statistics: bool,
    /// Decide statistics requests (the commissioner).
    pub decide_statistics: bool,
    /// Read the county report of at least one unit.
    pub read_county_reports: bool,
    /// Apply for data exchange for at least one unit (a county bureau or
    /// K-12 division: the units that govern schools).
    pub apply_data_exchange: bool,
    /// Decide data-exchange applications (the commissioner).
    pub decide_data_exchange: bool,
}

/// What the viewer may do network-wide (all false when signed out).
pub async fn network_permissions(access: &Access<'_>) -> ApiResult<NetworkPermissions> {
    let network = UnitTarget::network();
    Ok(NetworkPermissions {
        manage_delegations: access.can(Operation::ManageDelegations, &network),
        review_courses: !access.scope(Operation::ReviewCourses).is_empty(),
        read_outbox: access.can(Operation::ReadOutbox, &network),
        open_roster_campaign: access.can(Operation::OpenRosterCampaign, &network),
        read_rosters: !access.scope(Operation::ReadRoster).is_empty(),
        publish_announcements: !access.scope(Operation::PublishAnnouncement).is_empty(),
        read_own_hours: !access.scope(Operation::ReadOwnHours).is_empty(),
        request_statistics: !access.scope(Operation::RequestStatistics).is_empty(),
        decide_statistics: access.can(Operation::DecideStatistics, &network),
        read_county_reports: !access.scope(Operation::ReadCountyReport).is_empty(),
        apply_data_exchange: exchange::any_applying_unit(
            access.pool(),
            &access.scope(Operation::ApplyDataExchange),
        )
        .await?,
        decide_data_exchange: access.can(Operation::DecideDataExchange, &network),
    })
}
