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
