//! GraphQL types and mutations of contact pages.

use async_graphql::{Context, InputObject, MaybeUndefined, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    edit,
    sql::{ContactFields, ContactRow},
};
use crate::{
    authz::{Access, Operation},
    error::{ApiResult, Checks, ErrorCode, InputError, Payload},
    graphql::loaders::{load_error, loader},
    mail::OutboxMessage,
    refusal::Outcome,
    units::{self, OrgUnit, UnitRow},
};

/// A person to reach at a unit.
pub struct Contact(pub ContactRow);

/// Why email to a contact is not sent.
#[derive(SimpleObject)]
pub struct EmailSuppression {
    pub at: OffsetDateTime,
    pub reason: Option<String>,
}

#[derive(SimpleObject)]
pub struct ContactPermissions {
    /// Edit, reorder, publish/hide or delete this contact.
    pub edit: bool,
}

#[Object]
impl Contact {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.unit_id)).await
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Job title (職稱).
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// Telephone extension (分機), digits only.
    async fn extension(&self) -> Option<&str> {
        self.0.extension.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// What this person is responsible for (業務職掌).
    async fn duty(&self) -> Option<&str> {
        self.0.duty.as_deref()
    }
    /// Shown in the public directory.
    async fn is_public(&self) -> bool {
        self.0.is_public
    }
    /// Position on the contact page, smallest first.
    async fn sort_order(&self) -> i32 {
        self.0.sort_order
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.0.updated_at
    }
    /// When the unit last confirmed its contact page with this contact on it.
    async fn confirmed_at(&self) -> Option<OffsetDateTime> {
        self.0.confirmed_at
    }
    /// Receives the network's email (campaigns, notices).
    async fn receives_email(&self) -> bool {
        self.0.receives_email
    }
    /// Set when mail to the address bounced permanently; cleared when the
    /// address is edited. Shown to those who may read the unit's contacts.
    async fn email_suppressed(&self, ctx: &Context<'_>) -> ApiResult<Option<EmailSuppression>> {
        if !self.readable(ctx).await? {
            return Ok(None);
        }
        Ok(self.0.email_suppressed_at.map(|at| EmailSuppression {
            at,
            reason: self.0.email_suppressed_reason.clone(),
        }))
    }
    /// The latest message to this contact and how its delivery went.
    async fn last_email(&self, ctx: &Context<'_>) -> ApiResult<Option<OutboxMessage>> {
        if !self.readable(ctx).await? {
            return Ok(None);
        }
        Ok(loader::<crate::mail::LatestMessageTo>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .map(OutboxMessage))
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<ContactPermissions> {
        let access = Access::of(ctx)?;
        let edit = match units::load_row(ctx, self.0.unit_id).await? {
            Some(unit) => access.can(Operation::EditContacts, &unit.target()),
            None => false,
        };
        Ok(ContactPermissions { edit })
    }
}

impl Contact {
    /// Whether the viewer may see this contact's unpublished details.
    async fn readable(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let access = Access::of(ctx)?;
        Ok(match units::load_row(ctx, self.0.unit_id).await? {
            Some(unit) => access.can(Operation::ReadContacts, &unit.target()),
            None => false,
        })
    }
}

#[derive(InputObject)]
pub struct CreateContactInput {
    pub unit_id: Uuid,
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub extension: Option<String>,
    pub email: Option<String>,
    pub duty: Option<String>,
    /// Defaults to false: a new contact is private until published.
    #[graphql(default)]
    pub is_public: bool,
    /// Defaults to after the unit's last contact.
    pub sort_order: Option<i32>,
    /// Defaults to false. Needs an email address.
    #[graphql(default)]
    pub receives_email: bool,
}

/// Fields left out stay as they are; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateContactInput {
    pub id: Uuid,
    pub name: Option<String>,
    pub title: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub extension: MaybeUndefined<String>,
    pub email: MaybeUndefined<String>,
    pub duty: MaybeUndefined<String>,
    pub is_public: Option<bool>,
    pub sort_order: Option<i32>,
    pub receives_email: Option<bool>,
}

crate::payload! {
    pub struct ContactPayload {
        pub contact: Option<Contact>,
    }
}

crate::payload! {
    pub struct DeleteContactPayload {
        pub deleted_id: Option<Uuid>,
    }
}

crate::payload! {
    /// Result of a change to a whole contact page.
    pub struct ContactPagePayload {
        pub unit: Option<OrgUnit>,
    }
}

const SORT_ORDER_MAX: i32 = 100_000;

/// Raw values before validation (shared by create and update).
struct Draft<'a> {
    name: &'a str,
    title: Option<&'a str>,
    phone: Option<&'a str>,
    extension: Option<&'a str>,
    email: Option<&'a str>,
    duty: Option<&'a str>,
    is_public: bool,
    sort_order: i32,
    receives_email: bool,
}

fn validate(draft: Draft<'_>, checks: &mut Checks) -> ContactFields {
    let extension = checks.optional_text("extension", "Extension", draft.extension, 10);
    if let Some(ext) = &extension {
        if !ext.chars().all(|c| c.is_ascii_digit()) {
            checks.push(InputError::new(
                "extension",
                ErrorCode::InvalidFormat,
                format!("Extension “{ext}” must contain digits only."),
            ));
        }
    }
    if !(0..=SORT_ORDER_MAX).contains(&draft.sort_order) {
        checks.push(InputError::new(
            "sortOrder",
            ErrorCode::OutOfRange,
            format!("Sort order must be between 0 and {SORT_ORDER_MAX}."),
        ));
    }
    let email = checks.optional_email("email", draft.email);
    if draft.receives_email && email.is_none() {
        checks.push(InputError::new(
            "receivesEmail",
            ErrorCode::Required,
            "A contact who receives email needs an email address.",
        ));
    }
    ContactFields {
        name: checks.required_text("name", "Name", draft.name, 100),
        title: checks.optional_text("title", "Title", draft.title, 100),
        phone: checks.optional_phone("phone", draft.phone),
        extension,
        email,
        duty: checks.optional_text("duty", "Duty", draft.duty, 500),
        is_public: draft.is_public,
        sort_order: draft.sort_order,
        receives_email: draft.receives_email,
    }
}

fn merge<'a>(update: &'a MaybeUndefined<String>, current: &'a Option<String>) -> Option<&'a str> {
    match update {
        MaybeUndefined::Undefined => current.as_deref(),
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v.as_str()),
    }
}

/// The payload of a change to a whole contact page.
fn page_payload(outcome: Outcome<Option<UnitRow>>) -> ContactPagePayload {
    outcome.map_or_else(ContactPagePayload::rejected, |unit| ContactPagePayload {
        unit: unit.map(OrgUnit),
        errors: vec![],
    })
}

/// The payload of a change to one contact.
fn contact_payload(outcome: Outcome<ContactRow>) -> ContactPayload {
    outcome.map_or_else(ContactPayload::rejected, |row| ContactPayload {
        contact: Some(Contact(row)),
        errors: vec![],
    })
}

/// The checked fields, or what is wrong with them.
fn checked(draft: Draft<'_>) -> Outcome<ContactFields> {
    let mut checks = Checks::new();
    let fields = validate(draft, &mut checks);
    if checks.is_empty() {
        Ok(fields)
    } else {
        Err(checks.into_errors())
    }
}

#[derive(Default)]
pub struct ContactsMutation;

#[Object]
impl ContactsMutation {
    /// Adds a contact to a unit's contact page.
    async fn create_contact(
        &self,
        ctx: &Context<'_>,
        input: CreateContactInput,
    ) -> ApiResult<ContactPayload> {
        let access = Access::of(ctx)?;
        let fields = checked(Draft {
            name: &input.name,
            title: input.title.as_deref(),
            phone: input.phone.as_deref(),
            extension: input.extension.as_deref(),
            email: input.email.as_deref(),
            duty: input.duty.as_deref(),
            is_public: input.is_public,
            sort_order: input.sort_order.unwrap_or(0),
            receives_email: input.receives_email,
        });
        let outcome = edit::create(&access, input.unit_id, fields, input.sort_order).await?;
        Ok(contact_payload(outcome))
    }

    /// Changes a contact. Fields left out keep their value.
    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        input: UpdateContactInput,
    ) -> ApiResult<ContactPayload> {
        let access = Access::of(ctx)?;
        let outcome = edit::update(&access, input.id, |current| {
            checked(Draft {
                name: input.name.as_deref().unwrap_or(&current.name),
                title: merge(&input.title, &current.title),
                phone: merge(&input.phone, &current.phone),
                extension: merge(&input.extension, &current.extension),
                email: merge(&input.email, &current.email),
                duty: merge(&input.duty, &current.duty),
                is_public: input.is_public.unwrap_or(current.is_public),
                sort_order: input.sort_order.unwrap_or(current.sort_order),
                receives_email: input.receives_email.unwrap_or(current.receives_email),
            })
        })
        .await?;
        Ok(contact_payload(outcome))
    }

    /// Removes a contact from its unit's page.
    async fn delete_contact(&self, ctx: &Context<'_>, id: Uuid) -> ApiResult<DeleteContactPayload> {
        let access = Access::of(ctx)?;
        let outcome = edit::delete(&access, id).await?;
        Ok(
            outcome.map_or_else(DeleteContactPayload::rejected, |()| DeleteContactPayload {
                deleted_id: Some(id),
                errors: vec![],
            }),
        )
    }

    /// Puts a unit's contacts in the given order. `contactIds` must list
    /// every contact of the unit exactly once.
    async fn reorder_contacts(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        contact_ids: Vec<Uuid>,
    ) -> ApiResult<ContactPagePayload> {
        let access = Access::of(ctx)?;
        Ok(page_payload(
            edit::reorder(&access, unit_id, &contact_ids).await?,
        ))
    }

    /// Confirms that every contact of the unit is still correct, stamping
    /// today's date on the unit and its contacts.
    async fn confirm_contacts(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
    ) -> ApiResult<ContactPagePayload> {
        let access = Access::of(ctx)?;
        Ok(page_payload(edit::confirm(&access, unit_id).await?))
    }
}
