//! Organisation units: the tree of docs/design.md §2, its SQL, loaders and
//! GraphQL. Units are public reference data: the reads below take the
//! `Access` only to reach the database (and the directory its own scope);
//! `graphql.rs` parses the queries' input and calls them.

pub mod counties;
mod graphql;
pub mod loaders;
mod sql;

pub use graphql::{load_row, load_unit, EducationStage, OrgUnit, OrgUnitKind, UnitsQuery};
pub use sql::{find_by_code, find_by_codes, find_by_id, find_by_ids, like_pattern, UnitRow};

use uuid::Uuid;

use crate::{
    authz::{Access, Operation},
    error::{ApiError, ApiResult},
    graphql::pagination::PageRequest,
};
use sql::UnitListFilter;

/// How the `orgUnit` query names a unit.
pub enum UnitKey {
    Id(Uuid),
    Code(String),
}

/// One unit, by id or by code.
pub async fn find(access: &Access<'_>, key: UnitKey) -> ApiResult<Option<UnitRow>> {
    let pool = access.pool();
    Ok(match key {
        UnitKey::Id(id) => find_by_id(pool, id).await?,
        UnitKey::Code(code) => find_by_code(pool, code.trim()).await?,
    })
}

/// A page of the units matching `filter` and, with `within`, governed
/// (directly or not) by that unit, with their sort keys (kind rank, code)
/// and how many match.
pub async fn list(
    access: &Access<'_>,
    filter: UnitListFilter,
    within: Option<Uuid>,
    page: &PageRequest<(i32, String)>,
) -> ApiResult<(Vec<(i32, UnitRow)>, i64)> {
    let within_path = match within {
        Some(id) => Some(
            find_by_id(access.pool(), id)
                .await?
                .ok_or(ApiError::NotFound("unit for `withinId`"))?
                .path,
        ),
        None => None,
    };
    let filter = UnitListFilter {
        within_path,
        ..filter
    };
    let pool = access.pool();
    let rows = sql::list(pool, &filter, page.after.as_ref(), page.fetch_limit()).await?;
    let total = sql::count(pool, &filter).await?;
    Ok((rows, total))
}

/// A page of the public directory: the units matching `filter`, for
/// whoever may read the directory.
pub async fn directory(
    access: &Access<'_>,
    filter: UnitListFilter,
    page: &PageRequest<(i32, String)>,
) -> ApiResult<(Vec<(i32, UnitRow)>, i64)> {
    access.require_scope(Operation::ReadDirectory).await?;
    list(access, filter, None, page).await
}
