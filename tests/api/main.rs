//! Integration tests through the HTTP endpoint, against real PostgreSQL.

mod accounts;
mod audit;
mod authorization;
mod contacts;
mod directory;
mod health;
mod helpers;
mod instances;
mod limits;
mod sessions;
