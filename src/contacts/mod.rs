//! Contact pages (區管中心 pages): each unit keeps its own list of people to
//! reach, and the public sees only the contacts the unit published.

pub mod edit;
mod graphql;
pub mod loaders;
mod sql;

pub use graphql::{Contact, ContactsMutation};
pub use sql::ContactRow;
