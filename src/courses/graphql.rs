//! GraphQL of courses: records, the review workflow, the review queue and
//! public search.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use time::{Date, OffsetDateTime, Time};
use uuid::Uuid;

use super::{
    duplicates::{DuplicateKind, Match},
    fields::{self, CourseMode, Draft, FieldChange, Session},
    loaders::{CourseCode, DuplicateRow, TransitionRow},
    sql::{CourseRow, ListFilter, Window},
    CourseStatus, ReviewDecision, Submission,
};
use crate::{
    authz::{Access, Operation},
    error::{ApiError, ApiResult, Checks, ErrorCode, InputError, Payload},
    graphql::{
        loaders::{load_error, loader},
        pagination::{Page, PageRequest},
    },
    half_hours::HalfHours,
    refusal::Outcome,
    registrations::Registration,
    taipei::TAIPEI,
    units::{self, like_pattern, EducationStage, OrgUnit, UnitRow},
};

/// The code lists of `courseCodes`.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CodeListName {
    /// 研習性質
    Nature,
    /// 課程類別
    Category,
    /// 研習屬性標記 (special education, preschool competence, …)
    Tag,
    /// 研習對象身分
    AudienceRole,
}

impl CodeListName {
    fn as_str(self) -> &'static str {
        match self {
            Self::Nature => "nature",
            Self::Category => "category",
            Self::Tag => "tag",
            Self::AudienceRole => "audience_role",
        }
    }
}

async fn code_list(ctx: &Context<'_>, list: &str) -> ApiResult<Vec<CourseCode>> {
    Ok(loader::<crate::courses::loaders::CodeList>(ctx)?
        .load_one(list.to_owned())
        .await
        .map_err(load_error)?
        .unwrap_or_default())
}

/// The named codes of a list, in the order given; unknown codes keep their
/// code as name so nothing stored is hidden.
async fn codes(ctx: &Context<'_>, list: &str, wanted: &[String]) -> ApiResult<Vec<CourseCode>> {
    let all = code_list(ctx, list).await?;
    Ok(wanted
        .iter()
        .map(|w| {
            all.iter()
                .find(|c| &c.code == w)
                .cloned()
                .unwrap_or_else(|| CourseCode {
                    list: list.to_owned(),
                    code: w.clone(),
                    name: w.clone(),
                    name_en: w.clone(),
                })
        })
        .collect())
}

#[derive(SimpleObject)]
pub struct CourseSession {
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

/// Who may attend; empty lists mean anyone.
pub struct CourseAudience<'a>(&'a CourseRow);

#[Object]
impl CourseAudience<'_> {
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn stages(&self) -> Vec<EducationStage> {
        self.0
            .audience_stages
            .iter()
            .filter_map(|s| EducationStage::parse(s))
            .collect()
    }
    /// County codes (MOI), e.g. 63000.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn county_codes(&self) -> &[String] {
        &self.0.audience_counties
    }
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<CourseCode>> {
        codes(ctx, "audience_role", &self.0.audience_roles).await
    }
}

#[derive(SimpleObject)]
pub struct CoursePermissions {
    /// Edit the fields (drafts and returned courses).
    pub edit: bool,
    /// Submit for review.
    pub submit: bool,
    pub cancel: bool,
    /// Mark as held (approved and ended).
    pub complete: bool,
    /// Approve, return or reject: it is routed to a unit the viewer reviews for.
    pub review: bool,
    /// See the history, duplicates and changes since the last review (the
    /// organizer's readers and the reviewing unit).
    pub read_history: bool,
    /// Register for it as a teacher: it is open for registration and the
    /// viewer holds the teacher role (eligibility is checked on register).
    pub register: bool,
    /// See its registration list and sign-in sheet.
    pub read_registrations: bool,
    /// Admit and remove registrations (while approved).
    pub manage_registrations: bool,
    /// Register teachers at the venue by personal code.
    pub register_onsite: bool,
    /// Grant, correct and revoke hours (once it has started).
    pub grant_hours: bool,
}

/// One state change.
pub struct CourseTransition(TransitionRow);

#[Object]
impl CourseTransition {
    async fn from_status(&self) -> Option<CourseStatus> {
        self.0.from_status
    }
    async fn to_status(&self) -> CourseStatus {
        self.0.to_status
    }
    async fn at(&self) -> OffsetDateTime {
        self.0.at
    }
    /// Login of whoever made the change (null for the system).
    async fn actor_login(&self) -> Option<&str> {
        self.0.actor_login.as_deref()
    }
    /// For submissions the unit it was routed to; for decisions the unit
    /// that decided.
    async fn reviewer(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.0.reviewer_unit_id).await
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// A course that is probably the same as this one.
pub struct CourseDuplicate {
    other_course_id: Uuid,
    kind: DuplicateKind,
    similarity: f64,
}

impl From<&Match> for CourseDuplicate {
    fn from(m: &Match) -> Self {
        Self {
            other_course_id: m.other_course_id,
            kind: m.kind,
            similarity: m.similarity,
        }
    }
}

impl From<&DuplicateRow> for CourseDuplicate {
    fn from(r: &DuplicateRow) -> Self {
        Self {
            other_course_id: r.other_course_id,
            kind: DuplicateKind::parse(&r.kind),
            similarity: f64::from(r.similarity),
        }
    }
}

#[Object]
impl CourseDuplicate {
    async fn course(&self, ctx: &Context<'_>) -> ApiResult<Option<Course>> {
        Ok(loader::<crate::courses::loaders::CourseById>(ctx)?
            .load_one(self.other_course_id)
            .await
            .map_err(load_error)?
            .map(Course))
    }
    async fn kind(&self) -> DuplicateKind {
        self.kind
    }
    /// Title similarity, 0 to 1.
    async fn similarity(&self) -> f64 {
        (self.similarity * 100.0).round() / 100.0
    }
}

pub struct Course(pub CourseRow);

/// The unit a course is routed to (or was decided by), as authorization
/// sees it.
async fn reviewer_row(ctx: &Context<'_>, row: &CourseRow) -> ApiResult<Option<UnitRow>> {
    match row.reviewer_id {
        Some(id) => units::load_row(ctx, id).await,
        None => Ok(None),
    }
}

/// Whether the viewer sees the course's inside: its organizer's readers and
/// the unit reviewing (or that reviewed) it.
async fn is_insider(ctx: &Context<'_>, access: &Access<'_>, row: &CourseRow) -> ApiResult<bool> {
    if access.can(Operation::ReadCourses, &row.organizer()) {
        return Ok(true);
    }
    Ok(reviewer_row(ctx, row)
        .await?
        .is_some_and(|r| access.can(Operation::ReviewCourses, &r.target())))
}

/// Refuses (audited) a viewer who is not an insider.
async fn require_insider(ctx: &Context<'_>, row: &CourseRow) -> ApiResult<()> {
    let access = Access::of(ctx)?;
    if is_insider(ctx, &access, row).await? {
        return Ok(());
    }
    access
        .require(
            Operation::ReadCourses,
            &row.organizer(),
            &row.organizer_name,
        )
        .await?;
    Ok(())
}

#[Object]
impl Course {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// 研習代碼: 7 digits, issued at first submission.
    async fn code(&self) -> Option<String> {
        self.0.code.map(|c| c.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn organizer(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.organizer_id)).await
    }
    async fn nature(&self, ctx: &Context<'_>) -> ApiResult<Option<CourseCode>> {
        Ok(codes(ctx, "nature", std::slice::from_ref(&self.0.nature))
            .await?
            .pop())
    }
    async fn category(&self, ctx: &Context<'_>) -> ApiResult<Option<CourseCode>> {
        Ok(
            codes(ctx, "category", std::slice::from_ref(&self.0.category))
                .await?
                .pop(),
        )
    }
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn tags(&self, ctx: &Context<'_>) -> ApiResult<Vec<CourseCode>> {
        codes(ctx, "tag", &self.0.tags).await
    }
    async fn audience(&self) -> CourseAudience<'_> {
        CourseAudience(&self.0)
    }
    async fn mode(&self) -> CourseMode {
        self.0.mode
    }
    async fn venue(&self) -> Option<&str> {
        self.0.venue.as_deref()
    }
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn sessions(&self, ctx: &Context<'_>) -> ApiResult<Vec<CourseSession>> {
        Ok(loader::<crate::courses::loaders::SessionsOf>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default()
            .into_iter()
            .map(|s| CourseSession {
                starts_at: s.starts_at,
                ends_at: s.ends_at,
            })
            .collect())
    }
    /// First session's start.
    async fn starts_at(&self) -> OffsetDateTime {
        self.0.starts_at
    }
    /// Last session's end.
    async fn ends_at(&self) -> OffsetDateTime {
        self.0.ends_at
    }
    /// Training hours, in halves.
    async fn hours(&self) -> f64 {
        HalfHours::from(self.0.half_hours).hours()
    }
    async fn capacity(&self) -> i32 {
        self.0.capacity
    }
    async fn seats_left(&self) -> i32 {
        (self.0.capacity - self.0.admitted_count).max(0)
    }
    async fn registration_opens_at(&self) -> OffsetDateTime {
        self.0.registration_opens_at
    }
    async fn registration_closes_at(&self) -> OffsetDateTime {
        self.0.registration_closes_at
    }
    /// Approved and within the registration window (when it is full,
    /// registering puts the teacher on the waitlist).
    async fn registration_open(&self) -> bool {
        self.0
            .check_registration_open(OffsetDateTime::now_utc())
            .is_ok()
    }
    async fn onsite_registration(&self) -> bool {
        self.0.onsite_registration
    }
    async fn status(&self) -> CourseStatus {
        self.0.status
    }
    /// The competent authority whose review it needs.
    async fn review_authority(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, Some(self.0.authority_id)).await
    }
    /// While submitted, the unit it is routed to now (the authority or its
    /// delegate); after a decision, the unit that decided.
    async fn reviewer(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnit>> {
        units::load_unit(ctx, self.0.reviewer_id).await
    }
    async fn submitted_at(&self) -> Option<OffsetDateTime> {
        self.0.submitted_at
    }
    /// Whole days since submission, while it waits for review.
    async fn days_waiting(&self) -> Option<i64> {
        (self.0.status == CourseStatus::Submitted)
            .then_some(self.0.submitted_at)
            .flatten()
            .map(|t| (OffsetDateTime::now_utc() - t).whole_days())
    }
    async fn decided_at(&self) -> Option<OffsetDateTime> {
        self.0.decided_at
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.0.updated_at
    }
    /// Likely duplicates found at the last submission (organizer and
    /// reviewer only).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn duplicates(&self, ctx: &Context<'_>) -> ApiResult<Vec<CourseDuplicate>> {
        require_insider(ctx, &self.0).await?;
        Ok(loader::<crate::courses::loaders::DuplicatesOf>(ctx)?
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default()
            .iter()
            .map(CourseDuplicate::from)
            .collect())
    }
    /// Why the submitter went ahead despite likely duplicates.
    async fn duplicate_reason(&self, ctx: &Context<'_>) -> ApiResult<Option<&str>> {
        require_insider(ctx, &self.0).await?;
        Ok(self.0.duplicate_reason.as_deref())
    }
    /// Every state change, oldest first (organizer and reviewer only).
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn history(&self, ctx: &Context<'_>) -> ApiResult<Vec<CourseTransition>> {
        require_insider(ctx, &self.0).await?;
        Ok(transitions(ctx, self.0.id)
            .await?
            .into_iter()
            .map(CourseTransition)
            .collect())
    }
    /// For a resubmission: what changed since the submission the reviewer
    /// returned, field by field. Empty otherwise.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn changes_since_last_review(&self, ctx: &Context<'_>) -> ApiResult<Vec<FieldChange>> {
        require_insider(ctx, &self.0).await?;
        Ok(changes_since_last_review(
            &transitions(ctx, self.0.id).await?,
        ))
    }
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<CoursePermissions> {
        let access = Access::of(ctx)?;
        let row = &self.0;
        let now = OffsetDateTime::now_utc();
        let edit = access.can(Operation::EditCourses, &row.organizer());
        let manage = access.can(Operation::ManageRegistrations, &row.organizer());
        let review = row.check_review().is_ok()
            && reviewer_row(ctx, row)
                .await?
                .is_some_and(|r| access.can(Operation::ReviewCourses, &r.target()));
        Ok(CoursePermissions {
            edit: edit && row.check_edit().is_ok(),
            submit: edit && row.check_submit().is_ok(),
            cancel: edit && row.check_cancel().is_ok(),
            complete: edit && row.check_complete(now).is_ok(),
            review,
            read_history: is_insider(ctx, &access, row).await?,
            register: row.check_registration_open(now).is_ok()
                && !access.scope(Operation::RegisterSelf).is_empty(),
            read_registrations: access.can(Operation::ReadRegistrations, &row.organizer()),
            manage_registrations: manage && row.check_registrations_change().is_ok(),
            register_onsite: manage && row.check_onsite_registration(now).is_ok(),
            grant_hours: row.check_grant_hours(now).is_ok()
                && access.can(Operation::GrantHours, &row.organizer()),
        })
    }

    /// The viewer's own admitted or waitlisted registration, if any.
    async fn viewer_registration(&self, ctx: &Context<'_>) -> ApiResult<Option<Registration>> {
        let Some(user) = Access::of(ctx)?.viewer().user_id() else {
            return Ok(None);
        };
        Ok(
            loader::<crate::registrations::loaders::LiveRegistrationOf>(ctx)?
                .load_one((user, self.0.id))
                .await
                .map_err(load_error)?
                .map(Registration),
        )
    }
}

async fn transitions(ctx: &Context<'_>, id: Uuid) -> ApiResult<Vec<TransitionRow>> {
    Ok(loader::<crate::courses::loaders::TransitionsOf>(ctx)?
        .load_one(id)
        .await
        .map_err(load_error)?
        .unwrap_or_default())
}

/// The submission a reviewer last returned, against the latest submission.
fn changes_since_last_review(history: &[TransitionRow]) -> Vec<FieldChange> {
    let Some(latest) = history
        .iter()
        .rposition(|t| t.to_status == CourseStatus::Submitted)
    else {
        return vec![];
    };
    let Some(returned) = history[..latest]
        .iter()
        .rposition(|t| t.to_status == CourseStatus::Returned)
    else {
        return vec![];
    };
    let Some(reviewed) = history[..returned]
        .iter()
        .rev()
        .find(|t| t.to_status == CourseStatus::Submitted)
    else {
        return vec![];
    };
    match (&reviewed.snapshot, &history[latest].snapshot) {
        (Some(before), Some(after)) => fields::diff(before, after),
        _ => vec![],
    }
}

#[derive(InputObject)]
pub struct SessionInput {
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

#[derive(InputObject, Default)]
pub struct AudienceInput {
    #[graphql(default)]
    pub stages: Vec<EducationStage>,
    /// MOI county codes, e.g. 63000.
    #[graphql(default)]
    pub county_codes: Vec<String>,
    /// Codes of `courseCodes(list: AUDIENCE_ROLE)`.
    #[graphql(default)]
    pub roles: Vec<String>,
}

/// Every field of a course; an update replaces them all.
#[derive(InputObject)]
pub struct CourseInput {
    pub title: String,
    #[graphql(default)]
    pub description: String,
    /// A code of `courseCodes(list: NATURE)`.
    pub nature: String,
    /// A code of `courseCodes(list: CATEGORY)`.
    pub category: String,
    /// Codes of `courseCodes(list: TAG)`.
    #[graphql(default)]
    pub tags: Vec<String>,
    #[graphql(default)]
    pub audience: AudienceInput,
    pub mode: CourseMode,
    pub venue: Option<String>,
    pub url: Option<String>,
    pub sessions: Vec<SessionInput>,
    /// In halves: 3 or 3.5; not more than the sessions' time.
    pub hours: f64,
    pub capacity: i32,
    pub registration_opens_at: OffsetDateTime,
    /// Not after the first session starts.
    pub registration_closes_at: OffsetDateTime,
    #[graphql(default)]
    pub onsite_registration: bool,
}

impl CourseInput {
    fn draft(&self) -> Draft {
        Draft {
            title: self.title.clone(),
            description: self.description.clone(),
            nature: self.nature.clone(),
            category: self.category.clone(),
            tags: self.tags.clone(),
            audience_stages: self
                .audience
                .stages
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            audience_counties: self.audience.county_codes.clone(),
            audience_roles: self.audience.roles.clone(),
            mode: self.mode,
            venue: self.venue.clone(),
            url: self.url.clone(),
            sessions: self
                .sessions
                .iter()
                .map(|s| Session {
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                })
                .collect(),
            hours: self.hours,
            capacity: self.capacity,
            registration_opens_at: self.registration_opens_at,
            registration_closes_at: self.registration_closes_at,
            onsite_registration: self.onsite_registration,
        }
    }
}

#[derive(InputObject, Default)]
pub struct CourseFilter {
    pub status: Option<Vec<CourseStatus>>,
    pub organizer_id: Option<Uuid>,
    /// The unit a course is routed to (while submitted) or was decided by.
    pub reviewer_id: Option<Uuid>,
    /// The organizer's county (MOI code, e.g. 63000).
    pub county_code: Option<String>,
    /// Courses for this stage (or for every stage).
    pub stage: Option<EducationStage>,
    /// A code of `courseCodes(list: TAG)`.
    pub tag: Option<String>,
    /// Courses held on or after this date (Asia/Taipei).
    pub from: Option<Date>,
    /// Courses held on or before this date (Asia/Taipei).
    pub to: Option<Date>,
    /// Words of the title or description, or a course code.
    pub search: Option<String>,
    /// Only courses one can register for now (or, with false, only others).
    pub registration_open: Option<bool>,
}

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum CourseOrder {
    /// Earliest first.
    #[default]
    StartsAt,
    /// Latest first.
    StartsAtDesc,
}

fn midnight(d: Date) -> OffsetDateTime {
    d.with_time(Time::MIDNIGHT).assume_offset(TAIPEI)
}

impl CourseFilter {
    fn to_sql(&self) -> ApiResult<ListFilter> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to < from {
                return Err(ApiError::BadRequest(format!(
                    "`to` ({to}) is before `from` ({from})."
                )));
            }
        }
        let search = self
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        Ok(ListFilter {
            statuses: self.status.clone(),
            organizer_id: self.organizer_id,
            reviewer_id: self.reviewer_id,
            county_code: self.county_code.clone(),
            stage: self.stage.map(|s| s.as_str().to_owned()),
            tag: self.tag.clone(),
            from: self.from.map(midnight),
            to: self.to.and_then(|d| d.next_day()).map(midnight),
            search: search.map(like_pattern),
            search_code: search.and_then(|s| s.parse::<i32>().ok()),
            registration_open: self.registration_open,
            pending_only: false,
        })
    }
}

/// Where a page of courses starts, in which order.
fn window(
    page: &PageRequest<(OffsetDateTime, Uuid)>,
    ascending: bool,
    by_submission: bool,
) -> Window {
    Window {
        ascending,
        after: page.after,
        limit: page.fetch_limit(),
        by_submission,
    }
}

/// One page of courses, keyed by the window's sort key.
fn course_page(
    page: &PageRequest<(OffsetDateTime, Uuid)>,
    window: &Window,
    (total, rows): (i64, Vec<CourseRow>),
) -> Page<Course> {
    let rows = rows
        .into_iter()
        .map(|r| {
            let at = if window.by_submission {
                r.submitted_at.unwrap_or(r.starts_at)
            } else {
                r.starts_at
            };
            ((at, r.id), Course(r))
        })
        .collect();
    page.connection(rows, total)
}

#[derive(Default)]
pub struct CoursesQuery;

#[Object]
impl CoursesQuery {
    /// A code list, so partner platforms need not guess codes.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    async fn course_codes(
        &self,
        ctx: &Context<'_>,
        list: CodeListName,
    ) -> ApiResult<Vec<CourseCode>> {
        code_list(ctx, list.as_str()).await
    }

    /// One course by id or by its 7-digit code. Approved courses are public;
    /// others are seen by their organizer and reviewer.
    async fn course(
        &self,
        ctx: &Context<'_>,
        id: Option<Uuid>,
        code: Option<String>,
    ) -> ApiResult<Option<Course>> {
        let access = Access::of(ctx)?;
        let found = match (id, code) {
            (Some(id), None) => super::find(&access, id).await?,
            (None, Some(code)) => {
                let code = code.trim();
                let Some(n) = code
                    .parse::<i32>()
                    .ok()
                    .filter(|_| code.len() == 7 && code.bytes().all(|b| b.is_ascii_digit()))
                else {
                    return Err(ApiError::BadRequest(format!(
                        "“{code}” is not a course code; course codes have 7 digits."
                    )));
                };
                super::find_by_code(&access, n).await?
            }
            _ => {
                return Err(ApiError::BadRequest(
                    "Give exactly one of `id` and `code`.".into(),
                ))
            }
        };
        let Some(row) = found else {
            return Ok(None);
        };
        if !row.is_public {
            require_insider(ctx, &row).await?;
        }
        Ok(Some(Course(row)))
    }

    /// Courses: public (approved) ones for everyone, plus the viewer's own
    /// units' and those it reviews. Anonymous visitors use this to search.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] filter: CourseFilter,
        #[graphql(default)] order_by: CourseOrder,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<Course>> {
        let access = Access::of(ctx)?;
        let page = PageRequest::new(first, after)?;
        let filter = filter.to_sql()?;
        let window = window(&page, order_by == CourseOrder::StartsAt, false);
        let found = super::list(&access, &filter, &window).await?;
        Ok(course_page(&page, &window, found))
    }

    /// What the viewer must review: courses routed to the units it reviews
    /// for, oldest submission first.
    #[graphql(complexity = "first.unwrap_or(50).max(0) as usize * child_complexity")]
    async fn review_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<Course>> {
        let access = Access::of(ctx)?;
        let page = PageRequest::new(first, after)?;
        let window = window(&page, true, true);
        let found = super::review_queue(&access, &window).await?;
        Ok(course_page(&page, &window, found))
    }
}

crate::payload! {
    pub struct CoursePayload {
        pub course: Option<Course>,
    }
}

// Written out, not with `crate::payload!`: a field with a cost of its own
// names `child_complexity`, which a derive made inside the macro does not
// share with this file (macro hygiene).
#[derive(SimpleObject, Default)]
pub struct SubmitCoursePayload {
    pub course: Option<Course>,
    /// Likely duplicates. When there are some and no `duplicateReason` was
    /// given, nothing was submitted and `errors` says so.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub duplicates: Vec<CourseDuplicate>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ERRORS, child_complexity)"
    )]
    pub errors: Vec<InputError>,
}

impl Payload for SubmitCoursePayload {
    fn set_errors(&mut self, errors: Vec<InputError>) {
        self.errors = errors;
    }
}

crate::payload! {
    pub struct ReviewCoursePayload {
        pub course: Option<Course>,
        /// Messages written to the organizer's email contacts.
        pub messages_queued: i32,
    }
}

impl CoursePayload {
    fn of(outcome: Outcome<CourseRow>) -> Self {
        match outcome {
            Ok(course) => Self {
                course: Some(Course(course)),
                errors: vec![],
            },
            Err(errors) => Self::rejected(errors),
        }
    }
}

#[derive(Default)]
pub struct CoursesMutation;

#[Object]
impl CoursesMutation {
    /// Creates a draft course for `organizerId` (a school, course-offering
    /// unit, bureau or division the viewer edits courses for).
    async fn create_course(
        &self,
        ctx: &Context<'_>,
        organizer_id: Uuid,
        input: CourseInput,
    ) -> ApiResult<CoursePayload> {
        let access = Access::of(ctx)?;
        let outcome = super::create_course(&access, organizer_id, &input.draft()).await?;
        Ok(CoursePayload::of(outcome))
    }

    /// Replaces the fields of a draft or returned course.
    async fn update_course(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: CourseInput,
    ) -> ApiResult<CoursePayload> {
        let access = Access::of(ctx)?;
        let outcome = super::update_course(&access, id, &input.draft()).await?;
        Ok(CoursePayload::of(outcome))
    }

    /// Submits a draft or returned course for review. The first submission
    /// issues the course code. With likely duplicates, the course is
    /// submitted only when `duplicateReason` says why it is not one.
    async fn submit_course(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        duplicate_reason: Option<String>,
    ) -> ApiResult<SubmitCoursePayload> {
        let access = Access::of(ctx)?;
        let mut checks = Checks::new();
        let duplicate_reason = checks.optional_text(
            "duplicateReason",
            "The reason",
            duplicate_reason.as_deref(),
            1000,
        );
        if !checks.is_empty() {
            return Ok(SubmitCoursePayload::rejected(checks.into_errors()));
        }
        let submitted = match super::submit_course(&access, id, duplicate_reason.as_deref()).await?
        {
            Ok(Submission::Submitted(course)) => course,
            Ok(Submission::HeldBack(matches)) => {
                return Ok(SubmitCoursePayload {
                    course: None,
                    duplicates: matches.iter().map(CourseDuplicate::from).collect(),
                    errors: vec![InputError::new(
                        "duplicateReason",
                        ErrorCode::PossibleDuplicate,
                        format!(
                            "{} course(s) look like this one (same organizer and dates or an \
                             already registered special-education course). Check them; to \
                             submit anyway, say why this is not a duplicate.",
                            matches.len()
                        ),
                    )],
                })
            }
            Err(errors) => return Ok(SubmitCoursePayload::rejected(errors)),
        };
        let duplicates = loader::<crate::courses::loaders::DuplicatesOf>(ctx)?
            .load_one(id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(SubmitCoursePayload {
            course: Some(Course(*submitted)),
            duplicates: duplicates.iter().map(CourseDuplicate::from).collect(),
            errors: vec![],
        })
    }

    /// Approves, returns or rejects a course routed to a unit the viewer
    /// reviews for. Returning and rejecting need a reason. The organizer's
    /// email contacts are told.
    async fn review_course(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        decision: ReviewDecision,
        reason: Option<String>,
    ) -> ApiResult<ReviewCoursePayload> {
        let access = Access::of(ctx)?;
        let mut checks = Checks::new();
        let reason = checks.optional_text("reason", "The reason", reason.as_deref(), 2000);
        Ok(
            match super::review_course(&access, id, decision, reason.as_deref(), checks).await? {
                Ok((course, queued)) => ReviewCoursePayload {
                    course: Some(Course(course)),
                    messages_queued: queued as i32,
                    errors: vec![],
                },
                Err(errors) => ReviewCoursePayload::rejected(errors),
            },
        )
    }

    /// Cancels a course that has not been held, with a reason.
    async fn cancel_course(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason: String,
    ) -> ApiResult<CoursePayload> {
        let access = Access::of(ctx)?;
        let mut checks = Checks::new();
        let reason = checks.required_text("reason", "The reason", &reason, 2000);
        let outcome = super::cancel_course(&access, id, &reason, checks).await?;
        Ok(CoursePayload::of(outcome))
    }

    /// Marks an approved course whose last session has ended as held.
    async fn complete_course(&self, ctx: &Context<'_>, id: Uuid) -> ApiResult<CoursePayload> {
        let access = Access::of(ctx)?;
        Ok(CoursePayload::of(
            super::complete_course(&access, id).await?,
        ))
    }
}
