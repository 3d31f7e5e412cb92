//! Statistics (統計數據申請), the county report and data exchange (資訊傳報):
//! de-identified aggregates under disclosure control, approved by the
//! commissioner and computed by background jobs; counts of a jurisdiction's
//! courses; identified records under an approved application.

pub mod applications;
pub mod county_report;
pub mod disclosure;
pub mod downloads;
pub mod exchange;
pub mod files;
pub mod graphql;
pub mod jobs;
pub mod query;
pub mod requests;
pub mod spec;

pub use graphql::{StatisticsMutation, StatisticsQuery};

use std::ops::Deref;

use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    authz::{Guarded, UnitTarget},
    error::ApiResult,
    units::UnitRow,
};

/// A unit statistics are asked for or reported on: the unit of an
/// application, the jurisdiction of a county report. Reached only through
/// `Access::fetch`, with the operation the viewer needs there.
pub struct Unit(pub UnitRow);

impl Deref for Unit {
    type Target = UnitRow;

    fn deref(&self) -> &UnitRow {
        &self.0
    }
}

impl Guarded for Unit {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(crate::units::find_by_id(pool, id).await?.map(Unit))
    }

    fn unit(&self) -> UnitTarget {
        self.0.target()
    }

    fn unit_name(&self) -> &str {
        &self.0.name
    }
}
