//! GraphQL types and queries of organisation units and the public directory.

use async_graphql::{ComplexObject, Context, Enum, InputObject, Object, SimpleObject};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    sql::{UnitListFilter, UnitRow},
    UnitKey,
};
use crate::{
    authz::{Access, Operation, Role},
    contacts::Contact,
    error::{ApiError, ApiResult},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
};

/// What kind of unit this is (docs/design.md §2).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum OrgUnitKind {
    /// 教育部
    Ministry,
    /// A division of the Ministry (教育部各司).
    MinistryDivision,
    /// 國民及學前教育署
    K12Administration,
    /// A division of the K-12 Education Administration (國教署各組).
    K12Division,
    /// A county/city education bureau (縣市政府教育局/處).
    CountyBureau,
    /// A school.
    School,
    /// A course-offering unit or platform that is not a school.
    CourseProvider,
    /// The network's operating team.
    OperationsTeam,
}

impl OrgUnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ministry => "ministry",
            Self::MinistryDivision => "ministry_division",
            Self::K12Administration => "k12_administration",
            Self::K12Division => "k12_division",
            Self::CountyBureau => "county_bureau",
            Self::School => "school",
            Self::CourseProvider => "course_provider",
            Self::OperationsTeam => "operations_team",
        }
    }

    fn parse(s: &str) -> ApiResult<Self> {
        [
            Self::Ministry,
            Self::MinistryDivision,
            Self::K12Administration,
            Self::K12Division,
            Self::CountyBureau,
            Self::School,
            Self::CourseProvider,
            Self::OperationsTeam,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| ApiError::from(anyhow::anyhow!("unknown unit kind {s:?} in database")))
    }
}

/// Education stages (教育階段).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EducationStage {
    Preschool,
    Elementary,
    JuniorHigh,
    SeniorHigh,
    SpecialEducation,
}

impl EducationStage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Preschool => "preschool",
            Self::Elementary => "elementary",
            Self::JuniorHigh => "junior_high",
            Self::SeniorHigh => "senior_high",
            Self::SpecialEducation => "special_education",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "preschool" => Some(Self::Preschool),
            "elementary" => Some(Self::Elementary),
            "junior_high" => Some(Self::JuniorHigh),
            "senior_high" => Some(Self::SeniorHigh),
            "special_education" => Some(Self::SpecialEducation),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Preschool => "學前",
            Self::Elementary => "國小",
            Self::JuniorHigh => "國中",
            Self::SeniorHigh => "高中",
            Self::SpecialEducation => "特殊教育",
        }
    }

    pub const ALL: [Self; 5] = [
        Self::Preschool,
        Self::Elementary,
        Self::JuniorHigh,
        Self::SeniorHigh,
        Self::SpecialEducation,
    ];
}

/// A unit of the network: ministry, division, county bureau, school or
/// course-offering unit.
pub struct OrgUnit(pub UnitRow);

/// What the viewer may do at a unit; the console shows only these actions.
#[derive(SimpleObject)]
pub struct UnitPermissions {
    pub read_contacts: bool,
    pub edit_contacts: bool,
    pub read_users: bool,
    pub manage_users: bool,
    pub read_audit: bool,
    pub explain_permission: bool,
    /// Create and edit this unit's own courses.
    pub edit_courses: bool,
    /// Review the courses routed to this unit.
    pub review_courses: bool,
    /// Read this school's teacher roster.
    pub read_teachers: bool,
    /// Add, edit, import and mark as left this school's teachers.
    pub edit_teachers: bool,
    /// See this school's teachers' personal codes.
    pub read_personal_codes: bool,
    /// Confirm this school's roster in the annual campaign (schools only).
    pub confirm_roster: bool,
    /// Roles the viewer may grant or revoke here (the grant ceiling).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROLES, child_complexity)"
    )]
    pub grantable_roles: Vec<Role>,
}

#[Object]
impl OrgUnit {
    async fn id(&self) -> Uuid {
        self.0.id
    }

    /// Public code: the MOI code for counties (63000), the school code for
    /// schools.
    async fn code(&self) -> &str {
        &self.0.code
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn kind(&self) -> ApiResult<OrgUnitKind> {
        OrgUnitKind::parse(&self.0.kind)
    }

    /// The unit that governs this one.
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        load_unit(ctx, self.0.parent_id).await
    }

    /// Units this one governs directly.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::CHILD_UNITS, child_complexity)"
    )]
    async fn children(&self, ctx: &Context<'_>) -> ApiResult<Vec<OrgUnit>> {
        let children = loader::<crate::units::loaders::ChildrenOf>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(children.into_iter().map(OrgUnit).collect())
    }

    /// The county bureau of the county this unit is located in.
    async fn county(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        let Some(code) = self.0.county_code.clone() else {
            return Ok(None);
        };
        Ok(loader::<crate::units::loaders::UnitByCode>(ctx)?
            .load_one(code)
            .await
            .map_err(load_error)?
            .map(OrgUnit))
    }

    /// MOI code of the county the unit is located in.
    async fn county_code(&self) -> Option<&str> {
        self.0.county_code.as_deref()
    }

    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }

    async fn education_stage(&self) -> Option<EducationStage> {
        self.0
            .education_stage
            .as_deref()
            .and_then(EducationStage::parse)
    }

    /// The unit that reviews this unit's courses (主管機關).
    async fn competent_authority(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        load_unit(ctx, self.0.competent_authority_id).await
    }

    /// The contact page: every contact for those who may read the unit's
    /// contacts, the published ones for everyone else.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::CONTACTS_PER_UNIT, child_complexity)"
    )]
    async fn contacts(&self, ctx: &Context<'_>) -> ApiResult<Vec<Contact>> {
        let access = Access::of(ctx)?;
        let all = access.can(Operation::ReadContacts, &self.0.target());
        let contacts = loader::<crate::contacts::loaders::ContactsOf>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(contacts
            .into_iter()
            .filter(|c| all || c.is_public)
            .map(Contact)
            .collect())
    }

    /// When the unit last confirmed that its contact page is correct.
    async fn contacts_confirmed_at(&self) -> Option<OffsetDateTime> {
        self.0.contacts_confirmed_at
    }

    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<UnitPermissions> {
        let access = Access::of(ctx)?;
        let target = self.0.target();
        Ok(UnitPermissions {
            read_contacts: access.can(Operation::ReadContacts, &target),
            edit_contacts: access.can(Operation::EditContacts, &target),
            read_users: access.can(Operation::ReadUsers, &target),
            manage_users: access.can(Operation::ManageUsers, &target),
            read_audit: access.can(Operation::ReadAudit, &target),
            explain_permission: access.can(Operation::ExplainPermission, &target),
            edit_courses: access.can(Operation::EditCourses, &target),
            review_courses: access.can(Operation::ReviewCourses, &target),
            read_teachers: access.can(Operation::ReadTeachers, &target),
            edit_teachers: access.can(Operation::EditTeachers, &target),
            read_personal_codes: access.can(Operation::ReadPersonalCodes, &target),
            confirm_roster: self.0.kind == "school"
                && access.can(Operation::ConfirmRoster, &target),
            grantable_roles: access
                .state()
                .authz
                .grantable_roles(access.viewer(), &target)
                .into_iter()
                .filter(|r| access.state().placements.allows(*r, &self.0.kind))
                .collect(),
        })
    }
}

/// A unit by id through the request's loader (batched with its siblings).
pub async fn load_row(ctx: &Context<'_>, id: Uuid) -> ApiResult<Option<UnitRow>> {
    loader::<crate::units::loaders::UnitById>(ctx)?
        .load_one(id)
        .await
        .map_err(load_error)
}

pub async fn load_unit(ctx: &Context<'_>, id: Option<Uuid>) -> ApiResult<Option<OrgUnit>> {
    let Some(id) = id else { return Ok(None) };
    Ok(load_row(ctx, id).await?.map(OrgUnit))
}

#[derive(InputObject, Default)]
pub struct OrgUnitFilter {
    /// Only units of these kinds.
    pub kinds: Option<Vec<OrgUnitKind>>,
    /// Only units directly governed by this unit.
    pub parent_id: Option<Uuid>,
    /// Only units governed (directly or not) by this unit.
    pub within_id: Option<Uuid>,
    /// Only units located in this county (MOI code, e.g. 63000).
    pub county_code: Option<String>,
    /// Substring of the name or code.
    pub search: Option<String>,
}

#[derive(InputObject, Default)]
pub struct DirectoryFilter {
    /// Defaults to the regional centers and divisions: ministry divisions,
    /// the K-12 Administration, its five divisions and the county bureaus.
    pub kinds: Option<Vec<OrgUnitKind>>,
    pub county_code: Option<String>,
    /// Substring of the unit's name or code, or of a published contact's
    /// name, title or duty.
    pub search: Option<String>,
}

/// A unit as the public directory shows it: its published contacts only.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct DirectoryEntry {
    pub unit: OrgUnit,
}

#[ComplexObject]
impl DirectoryEntry {
    /// Published contacts, in the unit's order.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::CONTACTS_PER_UNIT, child_complexity)"
    )]
    async fn contacts(&self, ctx: &Context<'_>) -> ApiResult<Vec<Contact>> {
        let contacts = loader::<crate::contacts::loaders::ContactsOf>(ctx)?
            .load_one(self.unit.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(contacts
            .into_iter()
            .filter(|c| c.is_public)
            .map(Contact)
            .collect())
    }
}

const DIRECTORY_KINDS: [OrgUnitKind; 4] = [
    OrgUnitKind::MinistryDivision,
    OrgUnitKind::K12Administration,
    OrgUnitKind::K12Division,
    OrgUnitKind::CountyBureau,
];

#[derive(Default)]
pub struct UnitsQuery;

fn normalized_search(search: Option<String>) -> ApiResult<Option<String>> {
    let search = search
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    if search.as_ref().is_some_and(|s| s.chars().count() > 100) {
        return Err(ApiError::BadRequest(
            "`search` is longer than 100 characters.".into(),
        ));
    }
    Ok(search)
}

fn county_code(code: Option<String>) -> ApiResult<Option<String>> {
    match code {
        Some(c) if !(c.len() == 5 && c.bytes().all(|b| b.is_ascii_digit())) => {
            Err(ApiError::BadRequest(format!(
                "`countyCode` must be a 5-digit MOI code, not {c:?}."
            )))
        }
        other => Ok(other),
    }
}

#[Object]
impl UnitsQuery {
    /// One unit, by id or by code. Units are public reference data.
    async fn org_unit(
        &self,
        ctx: &Context<'_>,
        id: Option<Uuid>,
        code: Option<String>,
    ) -> ApiResult<Option<OrgUnit>> {
        let access = Access::of(ctx)?;
        let key = match (id, code) {
            (Some(id), None) => UnitKey::Id(id),
            (None, Some(code)) => UnitKey::Code(code),
            _ => {
                return Err(ApiError::BadRequest(
                    "Give exactly one of `id` and `code`.".into(),
                ))
            }
        };
        let row = super::find(&access, key).await?;
        Ok(row.map(OrgUnit))
    }

    /// Units of the network, ordered by kind then code.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn org_units(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrgUnitFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<OrgUnit>> {
        let access = Access::of(ctx)?;
        let filter = filter.unwrap_or_default();
        let page = PageRequest::<(i32, String)>::new(first, after)?;
        let list = UnitListFilter {
            kinds: filter
                .kinds
                .map(|ks| ks.into_iter().map(|k| k.as_str().to_owned()).collect()),
            parent_id: filter.parent_id,
            county_code: county_code(filter.county_code)?,
            within_path: None,
            search: normalized_search(filter.search)?,
            search_published_contacts: false,
        };
        let found = super::list(&access, list, filter.within_id, &page).await?;
        Ok(connection(&page, found, |unit| unit))
    }

    /// The public directory of regional centers and divisions with their
    /// published contacts. No sign-in needed.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn directory(
        &self,
        ctx: &Context<'_>,
        filter: Option<DirectoryFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<DirectoryEntry>> {
        let access = Access::of(ctx)?;
        let filter = filter.unwrap_or_default();
        let page = PageRequest::<(i32, String)>::new(first, after)?;
        let kinds = filter.kinds.unwrap_or_else(|| DIRECTORY_KINDS.to_vec());
        let filter = UnitListFilter {
            kinds: Some(kinds.into_iter().map(|k| k.as_str().to_owned()).collect()),
            county_code: county_code(filter.county_code)?,
            search: normalized_search(filter.search)?,
            search_published_contacts: true,
            ..Default::default()
        };
        let found = super::directory(&access, filter, &page).await?;
        Ok(connection(&page, found, |unit| DirectoryEntry { unit }))
    }
}

/// The connection of a page of units, each as `node` makes it.
fn connection<N: async_graphql::OutputType>(
    page: &PageRequest<(i32, String)>,
    (rows, total): (Vec<(i32, UnitRow)>, i64),
    node: impl Fn(OrgUnit) -> N,
) -> Page<N> {
    let rows = rows
        .into_iter()
        .map(|(rank, unit)| ((rank, unit.code.clone()), node(OrgUnit(unit))))
        .collect();
    page.connection(rows, total)
}
