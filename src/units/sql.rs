//! Queries on `org_units`.

use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    authz::{Guarded, UnitTarget},
    error::ApiResult,
};

/// One row of `org_units`, as every query here returns it.
#[derive(Clone, Debug)]
pub struct UnitRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub path: String,
    pub county_code: Option<String>,
    pub district: Option<String>,
    pub education_stage: Option<String>,
    pub competent_authority_id: Option<Uuid>,
    pub contacts_confirmed_at: Option<OffsetDateTime>,
}

impl UnitRow {
    pub fn target(&self) -> UnitTarget {
        UnitTarget {
            id: self.id,
            path: self.path.clone(),
        }
    }

    pub fn is_school(&self) -> bool {
        self.kind == "school"
    }
}

/// A unit is guarded at itself: what may be done to its contacts, accounts,
/// roster or audit log is decided there.
impl Guarded for UnitRow {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        Ok(find_by_id(pool, id).await?)
    }

    fn unit(&self) -> UnitTarget {
        self.target()
    }

    fn unit_name(&self) -> &str {
        &self.name
    }
}

pub async fn find_by_id(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<UnitRow>> {
    Ok(find_by_ids(db, &[id]).await?.pop())
}

pub async fn find_by_code(db: impl PgExecutor<'_>, code: &str) -> sqlx::Result<Option<UnitRow>> {
    Ok(find_by_codes(db, &[code.to_owned()]).await?.pop())
}

pub async fn find_by_ids(db: impl PgExecutor<'_>, ids: &[Uuid]) -> sqlx::Result<Vec<UnitRow>> {
    sqlx::query_as!(
        UnitRow,
        r#"SELECT id, code, name, kind, parent_id, path::text AS "path!", county_code,
                  district, education_stage, competent_authority_id, contacts_confirmed_at
             FROM org_units WHERE id = ANY($1)"#,
        ids
    )
    .fetch_all(db)
    .await
}

pub async fn find_by_codes(
    db: impl PgExecutor<'_>,
    codes: &[String],
) -> sqlx::Result<Vec<UnitRow>> {
    sqlx::query_as!(
        UnitRow,
        r#"SELECT id, code, name, kind, parent_id, path::text AS "path!", county_code,
                  district, education_stage, competent_authority_id, contacts_confirmed_at
             FROM org_units WHERE code = ANY($1)"#,
        codes
    )
    .fetch_all(db)
    .await
}

pub async fn children_of(
    db: impl PgExecutor<'_>,
    parent_ids: &[Uuid],
) -> sqlx::Result<Vec<UnitRow>> {
    sqlx::query_as!(
        UnitRow,
        r#"SELECT id, code, name, kind, parent_id, path::text AS "path!", county_code,
                  district, education_stage, competent_authority_id, contacts_confirmed_at
             FROM org_units WHERE parent_id = ANY($1) ORDER BY code"#,
        parent_ids
    )
    .fetch_all(db)
    .await
}

/// Filter of the `orgUnits` list; `None` means "any".
#[derive(Debug, Default)]
pub struct UnitListFilter {
    pub kinds: Option<Vec<String>>,
    pub parent_id: Option<Uuid>,
    pub county_code: Option<String>,
    /// Units at or under this path (e.g. everything a county governs).
    pub within_path: Option<String>,
    /// Case-insensitive substring of name or code.
    pub search: Option<String>,
    /// Only units with at least one published contact matching `search`
    /// may also match (the directory searches contacts too).
    pub search_published_contacts: bool,
}

/// Escapes `%`, `_` and `\` so user text is matched literally by ILIKE.
pub fn like_pattern(search: &str) -> String {
    let escaped = search
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Units matching `filter`, ordered by (kind rank, code), after the key `after`.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &UnitListFilter,
    after: Option<&(i32, String)>,
    limit: i64,
) -> sqlx::Result<Vec<(i32, UnitRow)>> {
    let search = filter.search.as_deref().map(like_pattern);
    let rows = sqlx::query!(
        r#"SELECT kind_rank(u.kind) AS "rank!", u.id, u.code, u.name, u.kind, u.parent_id,
                  u.path::text AS "path!", u.county_code, u.district, u.education_stage,
                  u.competent_authority_id, u.contacts_confirmed_at
             FROM org_units u
            WHERE ($1::text[] IS NULL OR u.kind = ANY($1))
              AND ($2::uuid IS NULL OR u.parent_id = $2)
              AND ($3::text IS NULL OR u.county_code = $3)
              AND ($4::text IS NULL OR u.path <@ ($4::text)::ltree)
              AND ($5::text IS NULL OR u.name ILIKE $5 OR u.code ILIKE $5
                   OR ($6 AND EXISTS (
                        SELECT 1 FROM contacts c
                         WHERE c.unit_id = u.id AND c.is_public
                           AND (c.name ILIKE $5 OR c.title ILIKE $5 OR c.duty ILIKE $5))))
              AND ($7::int IS NULL OR (kind_rank(u.kind), u.code) > ($7, $8::text))
            ORDER BY kind_rank(u.kind), u.code
            LIMIT $9"#,
        filter.kinds.as_deref(),
        filter.parent_id,
        filter.county_code,
        filter.within_path,
        search,
        filter.search_published_contacts,
        after.map(|a| a.0),
        after.map(|a| a.1.as_str()),
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.rank,
                UnitRow {
                    id: r.id,
                    code: r.code,
                    name: r.name,
                    kind: r.kind,
                    parent_id: r.parent_id,
                    path: r.path,
                    county_code: r.county_code,
                    district: r.district,
                    education_stage: r.education_stage,
                    competent_authority_id: r.competent_authority_id,
                    contacts_confirmed_at: r.contacts_confirmed_at,
                },
            )
        })
        .collect())
}

pub async fn count(db: impl PgExecutor<'_>, filter: &UnitListFilter) -> sqlx::Result<i64> {
    let search = filter.search.as_deref().map(like_pattern);
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
             FROM org_units u
            WHERE ($1::text[] IS NULL OR u.kind = ANY($1))
              AND ($2::uuid IS NULL OR u.parent_id = $2)
              AND ($3::text IS NULL OR u.county_code = $3)
              AND ($4::text IS NULL OR u.path <@ ($4::text)::ltree)
              AND ($5::text IS NULL OR u.name ILIKE $5 OR u.code ILIKE $5
                   OR ($6 AND EXISTS (
                        SELECT 1 FROM contacts c
                         WHERE c.unit_id = u.id AND c.is_public
                           AND (c.name ILIKE $5 OR c.title ILIKE $5 OR c.duty ILIKE $5))))"#,
        filter.kinds.as_deref(),
        filter.parent_id,
        filter.county_code,
        filter.within_path,
        search,
        filter.search_published_contacts,
    )
    .fetch_one(db)
    .await
}
