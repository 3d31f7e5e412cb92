//! Changes to contact pages, one operation per mutation. Each gets the unit
//! (or the contact) from `Access::fetch` with `EditContacts`, so it cannot
//! write without the check at the unit, then answers the input's errors,
//! and writes in one transaction with its audit entry. "Not found" is a
//! payload error.

use sqlx::PgPool;
use uuid::Uuid;

use super::sql::{self, ContactFields, ContactRow};
use crate::{
    audit::{self, Entry},
    authz::{Access, Granted, Guarded, Operation, UnitTarget},
    error::{ApiResult, ErrorCode, InputError},
    refusal::Outcome,
    units::{self, UnitRow},
};

/// A contact as authorization sees it: guarded at its unit.
#[derive(Debug)]
pub struct ContactAt {
    pub id: Uuid,
    pub unit: UnitRow,
}

impl Guarded for ContactAt {
    type Id = Uuid;

    async fn load(pool: &PgPool, id: Uuid) -> ApiResult<Option<Self>> {
        let Some(unit_id) = sql::unit_of(pool, id).await? else {
            return Ok(None);
        };
        Ok(units::find_by_id(pool, unit_id)
            .await?
            .map(|unit| Self { id, unit }))
    }

    fn unit(&self) -> UnitTarget {
        self.unit.target()
    }

    fn unit_name(&self) -> &str {
        &self.unit.name
    }
}

fn unknown_contact() -> Vec<InputError> {
    vec![InputError::new(
        "id",
        ErrorCode::NotFound,
        "No contact has this id.",
    )]
}

fn unknown_unit() -> Vec<InputError> {
    vec![InputError::new(
        "unitId",
        ErrorCode::NotFound,
        "No unit has this id.",
    )]
}

/// The unit `unit_id`, granted `EditContacts`; `None` when there is none.
async fn editable_unit(access: &Access<'_>, unit_id: Uuid) -> ApiResult<Option<Granted<UnitRow>>> {
    access
        .fetch::<UnitRow>(unit_id, Operation::EditContacts)
        .await
}

/// The contact `id`, granted `EditContacts` at its unit; `None` when there
/// is none.
async fn editable_contact(access: &Access<'_>, id: Uuid) -> ApiResult<Option<Granted<ContactAt>>> {
    access.fetch::<ContactAt>(id, Operation::EditContacts).await
}

fn audit_fields(entry: Entry, from: Option<&ContactFields>, to: &ContactFields) -> Entry {
    let none = ContactFields {
        name: String::new(),
        title: None,
        phone: None,
        extension: None,
        email: None,
        duty: None,
        is_public: false,
        sort_order: 0,
        receives_email: false,
    };
    let from = from.unwrap_or(&none);
    entry
        .change("name", &from.name, &to.name)
        .change("title", &from.title, &to.title)
        .change("phone", &from.phone, &to.phone)
        .change("extension", &from.extension, &to.extension)
        .change("email", &from.email, &to.email)
        .change("duty", &from.duty, &to.duty)
        .change("isPublic", &from.is_public, &to.is_public)
        .change("sortOrder", &from.sort_order, &to.sort_order)
        .change("receivesEmail", &from.receives_email, &to.receives_email)
}

/// Adds a contact to the page of the unit `unit_id`; without
/// `sort_order`, after the last. `fields` as the input made them: their
/// errors are the answer once the unit is found and editable.
pub async fn create(
    access: &Access<'_>,
    unit_id: Uuid,
    fields: Outcome<ContactFields>,
    sort_order: Option<i32>,
) -> ApiResult<Outcome<ContactRow>> {
    let Some(unit) = editable_unit(access, unit_id).await? else {
        return Ok(Err(unknown_unit()));
    };
    let fields = match fields {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = access.pool().begin().await?;
    let fields = ContactFields {
        sort_order: match sort_order {
            Some(order) => order,
            None => sql::next_sort_order(&mut tx, unit.id).await?,
        },
        ..fields
    };
    let row = sql::insert(&mut tx, unit.id, &fields).await?;
    let entry = Entry::ok("contact.create")
        .target("contact", row.id)
        .unit(unit.id);
    audit::record(
        &mut *tx,
        access.request(),
        audit_fields(entry, None, &fields),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(row))
}

/// Changes the contact `id` to what `edit` makes of its current (locked)
/// values; `edit`'s errors are the answer, and nothing is written.
pub async fn update(
    access: &Access<'_>,
    id: Uuid,
    edit: impl FnOnce(&ContactRow) -> Outcome<ContactFields>,
) -> ApiResult<Outcome<ContactRow>> {
    let Some(contact) = editable_contact(access, id).await? else {
        return Ok(Err(unknown_contact()));
    };
    let mut tx = access.pool().begin().await?;
    // Locked, so the audited "from" values are the ones we overwrite.
    let Some(current) = sql::lock(&mut tx, contact.id).await? else {
        return Ok(Err(unknown_contact()));
    };
    let fields = match edit(&current) {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
    let before = ContactFields::from(&current);
    if before == fields {
        return Ok(Ok(current));
    }
    let row = sql::update(&mut tx, current.id, &fields).await?;
    let entry = Entry::ok("contact.update")
        .target("contact", row.id)
        .unit(contact.unit.id);
    audit::record(
        &mut *tx,
        access.request(),
        audit_fields(entry, Some(&before), &fields),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(row))
}

/// Removes the contact `id` from its unit's page.
pub async fn delete(access: &Access<'_>, id: Uuid) -> ApiResult<Outcome<()>> {
    let Some(contact) = editable_contact(access, id).await? else {
        return Ok(Err(unknown_contact()));
    };
    let mut tx = access.pool().begin().await?;
    let Some(current) = sql::lock(&mut tx, contact.id).await? else {
        return Ok(Err(unknown_contact()));
    };
    sql::delete(&mut tx, contact.id).await?;
    let to = ContactFields::from(&current);
    let entry = Entry::ok("contact.delete")
        .target("contact", contact.id)
        .unit(contact.unit.id)
        .set("name", &to.name)
        .set("email", &to.email)
        .set("phone", &to.phone);
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Puts the contacts of the unit `unit_id` in the order of `contact_ids`,
/// which must list each of them exactly once. Returns the unit as it is
/// now, for its contact page.
pub async fn reorder(
    access: &Access<'_>,
    unit_id: Uuid,
    contact_ids: &[Uuid],
) -> ApiResult<Outcome<Option<UnitRow>>> {
    let Some(unit) = editable_unit(access, unit_id).await? else {
        return Ok(Err(unknown_unit()));
    };
    let mut tx = access.pool().begin().await?;
    let current = sql::lock_ids_of_unit(&mut tx, unit.id).await?;
    let mut wanted = contact_ids.to_vec();
    wanted.sort();
    wanted.dedup();
    let mut have = current.clone();
    have.sort();
    if wanted.len() != contact_ids.len() || wanted != have {
        return Ok(Err(vec![InputError::new(
            "contactIds",
            ErrorCode::Conflict,
            format!(
                "List each of the unit's {} contacts exactly once; the list given has {} \
                     ids and does not match them (reload the page and try again).",
                current.len(),
                contact_ids.len()
            ),
        )]));
    }
    if current != contact_ids {
        sql::reorder(&mut tx, unit.id, contact_ids).await?;
        let entry = Entry::ok("contact.reorder")
            .target("unit", unit.id)
            .unit(unit.id)
            .change("order", &current, &contact_ids.to_vec());
        audit::record(&mut *tx, access.request(), entry).await?;
    }
    tx.commit().await?;
    Ok(Ok(page(access, &unit).await?))
}

/// Stamps the page of the unit `unit_id` and every contact on it as
/// confirmed now. Returns the unit as it is now, for its contact page.
pub async fn confirm(access: &Access<'_>, unit_id: Uuid) -> ApiResult<Outcome<Option<UnitRow>>> {
    let Some(unit) = editable_unit(access, unit_id).await? else {
        return Ok(Err(unknown_unit()));
    };
    let mut tx = access.pool().begin().await?;
    let at = sql::confirm(&mut tx, unit.id).await?;
    let entry = Entry::ok("contact.confirm")
        .target("unit", unit.id)
        .unit(unit.id)
        .change(
            "contactsConfirmedAt",
            &unit.contacts_confirmed_at.map(audit::timestamp),
            &Some(audit::timestamp(at)),
        );
    audit::record(&mut *tx, access.request(), entry).await?;
    tx.commit().await?;
    Ok(Ok(page(access, &unit).await?))
}

/// The unit after a change to its contact page, read again.
async fn page(access: &Access<'_>, unit: &Granted<UnitRow>) -> ApiResult<Option<UnitRow>> {
    Ok(units::find_by_id(access.pool(), unit.id).await?)
}
