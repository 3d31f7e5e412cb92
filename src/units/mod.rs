//! Organisation units: the tree of docs/design.md §2, its SQL, loaders and GraphQL.

pub mod counties;
mod graphql;
pub mod loaders;
mod sql;

pub use graphql::{load_row, load_unit, EducationStage, OrgUnit, OrgUnitKind, UnitsQuery};
pub use sql::{find_by_code, find_by_codes, find_by_id, find_by_ids, like_pattern, UnitRow};
