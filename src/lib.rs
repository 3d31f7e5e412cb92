//! inservice: the back office of Taiwan's national teacher in-service
//! training network. See README.md and docs/design.md.

pub mod accounts;
pub mod announcements;
pub mod audit;
pub mod authz;
pub mod cli;
pub mod config;
pub mod contacts;
pub mod courses;
pub mod db;
pub mod download;
pub mod error;
pub mod graphql;
pub mod half_hours;
pub mod hours;
pub mod housekeeping;
pub mod http;
pub mod mail;
pub mod period;
pub mod refusal;
pub mod registrations;
pub mod request;
pub mod roster;
pub mod seed;
pub mod startup;
pub mod state;
pub mod statistics;
#[cfg(test)]
mod structure;
pub mod tables;
pub mod taipei;
pub mod teachers;
pub mod telemetry;
pub mod text_enum;
pub mod units;
pub mod viewer;
