//! Queries on `contacts`.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRow {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub extension: Option<String>,
    pub email: Option<String>,
    pub duty: Option<String>,
    pub is_public: bool,
    pub sort_order: i32,
    pub confirmed_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
    pub receives_email: bool,
    pub email_suppressed_at: Option<OffsetDateTime>,
    pub email_suppressed_reason: Option<String>,
}

/// The editable fields of a contact, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactFields {
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub extension: Option<String>,
    pub email: Option<String>,
    pub duty: Option<String>,
    pub is_public: bool,
    pub sort_order: i32,
    pub receives_email: bool,
}

impl From<&ContactRow> for ContactFields {
    fn from(c: &ContactRow) -> Self {
        Self {
            name: c.name.clone(),
            title: c.title.clone(),
            phone: c.phone.clone(),
            extension: c.extension.clone(),
            email: c.email.clone(),
            duty: c.duty.clone(),
            is_public: c.is_public,
            sort_order: c.sort_order,
            receives_email: c.receives_email,
        }
    }
}

pub async fn of_units(db: impl PgExecutor<'_>, unit_ids: &[Uuid]) -> sqlx::Result<Vec<ContactRow>> {
    sqlx::query_as!(
        ContactRow,
        r#"SELECT id, unit_id, name, title, phone, extension, email, duty, is_public,
                  sort_order, confirmed_at, updated_at, receives_email, email_suppressed_at,
                  email_suppressed_reason
             FROM contacts WHERE unit_id = ANY($1)
            ORDER BY unit_id, sort_order, created_at"#,
        unit_ids
    )
    .fetch_all(db)
    .await
}

/// Locks the contact for the rest of the transaction.
pub async fn lock(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<ContactRow>> {
    sqlx::query_as!(
        ContactRow,
        r#"SELECT id, unit_id, name, title, phone, extension, email, duty, is_public,
                  sort_order, confirmed_at, updated_at, receives_email, email_suppressed_at,
                  email_suppressed_reason
             FROM contacts WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await
}

pub async fn unit_of(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("SELECT unit_id FROM contacts WHERE id = $1", id)
        .fetch_optional(db)
        .await
}

pub async fn next_sort_order(conn: &mut PgConnection, unit_id: Uuid) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        r#"SELECT coalesce(max(sort_order) + 1, 0) AS "n!" FROM contacts WHERE unit_id = $1"#,
        unit_id
    )
    .fetch_one(conn)
    .await
}

pub async fn insert(
    conn: &mut PgConnection,
    unit_id: Uuid,
    f: &ContactFields,
) -> sqlx::Result<ContactRow> {
    sqlx::query_as!(
        ContactRow,
        r#"INSERT INTO contacts
               (unit_id, name, title, phone, extension, email, duty, is_public, sort_order,
                receives_email)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING id, unit_id, name, title, phone, extension, email, duty, is_public,
                     sort_order, confirmed_at, updated_at, receives_email, email_suppressed_at,
                  email_suppressed_reason"#,
        unit_id,
        f.name,
        f.title,
        f.phone,
        f.extension,
        f.email,
        f.duty,
        f.is_public,
        f.sort_order,
        f.receives_email,
    )
    .fetch_one(conn)
    .await
}

pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    f: &ContactFields,
) -> sqlx::Result<ContactRow> {
    sqlx::query_as!(
        ContactRow,
        r#"UPDATE contacts
              SET name = $2, title = $3, phone = $4, extension = $5, email = $6, duty = $7,
                  is_public = $8, sort_order = $9, receives_email = $10,
                  -- A suppressed (bounced) address is tried again once edited.
                  email_suppressed_at = CASE WHEN email IS DISTINCT FROM $6 THEN NULL
                                             ELSE email_suppressed_at END,
                  email_suppressed_reason = CASE WHEN email IS DISTINCT FROM $6 THEN NULL
                                                 ELSE email_suppressed_reason END
            WHERE id = $1
        RETURNING id, unit_id, name, title, phone, extension, email, duty, is_public,
                  sort_order, confirmed_at, updated_at, receives_email, email_suppressed_at,
                  email_suppressed_reason"#,
        id,
        f.name,
        f.title,
        f.phone,
        f.extension,
        f.email,
        f.duty,
        f.is_public,
        f.sort_order,
        f.receives_email,
    )
    .fetch_one(conn)
    .await
}

pub async fn delete(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM contacts WHERE id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The unit's contact ids in their current order, locked.
pub async fn lock_ids_of_unit(conn: &mut PgConnection, unit_id: Uuid) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        "SELECT id FROM contacts WHERE unit_id = $1 ORDER BY sort_order, created_at FOR UPDATE",
        unit_id
    )
    .fetch_all(conn)
    .await
}

/// Sets each contact's sort order to its position in `ids`.
pub async fn reorder(conn: &mut PgConnection, unit_id: Uuid, ids: &[Uuid]) -> sqlx::Result<()> {
    sqlx::query!(
        r#"UPDATE contacts c SET sort_order = o.position::int - 1
             FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
            WHERE c.id = o.id AND c.unit_id = $1"#,
        unit_id,
        ids
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Stamps the unit and all its contacts as confirmed now.
pub async fn confirm(conn: &mut PgConnection, unit_id: Uuid) -> sqlx::Result<OffsetDateTime> {
    let at = sqlx::query_scalar!(
        r#"UPDATE org_units SET contacts_confirmed_at = now() WHERE id = $1
           RETURNING contacts_confirmed_at AS "at!""#,
        unit_id
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE contacts SET confirmed_at = $2 WHERE unit_id = $1",
        unit_id,
        at
    )
    .execute(&mut *conn)
    .await?;
    Ok(at)
}
