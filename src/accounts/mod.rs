//! Accounts: users, passwords, sessions, role assignments and the grant
//! ceiling, with their GraphQL queries and mutations.

mod graphql;
pub mod loaders;
pub mod password;
pub mod session;
pub mod sql;
pub mod throttle;
pub mod unlock;

pub use graphql::{is_valid_login, AccountsMutation, AccountsQuery, User};
