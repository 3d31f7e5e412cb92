//! Accounts: users, passwords, sessions, role assignments and the grant
//! ceiling, with their GraphQL queries and mutations. The resolvers
//! (`graphql.rs`) parse the input and call one operation: `sign_in.rs`
//! (signing in and out), `unlock.rs` (unlock links), `users.rs` (the
//! accounts list, accounts, roles, explanations).

mod graphql;
pub mod loaders;
pub mod password;
pub mod session;
mod sign_in;
pub mod sql;
pub mod throttle;
pub mod unlock;
mod users;

pub use graphql::{is_valid_login, AccountsMutation, AccountsQuery, User};
