//! Integration tests through the HTTP endpoint, against real PostgreSQL.

mod accounts;
mod announcements;
mod audit;
mod authorization;
mod contacts;
mod courses;
mod directory;
mod health;
mod hostile;
mod hours;
// Shared with the other test binaries, which use different parts of it.
#[allow(dead_code)]
mod helpers;
mod instances;
mod limits;
mod mail;
mod matrix;
#[path = "../common/policy_spec.rs"]
mod policy_spec;
mod registrations;
mod roster;
mod roster_import;
mod sessions;
mod statements;
mod states;
mod statistics;
mod teachers;
