//! What a statistics request asks for: period, filters, dimensions and
//! measures. Checked when submitted, stored as JSON, frozen once decided.

use async_graphql::{Enum, InputObject, SimpleObject};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::{
    error::{Checks, ErrorCode, InputError},
    period::{Period, PeriodError},
    units::{counties, EducationStage, UnitRow},
};

/// What a result can be grouped by. Teachers are placed where they served
/// when the hours were granted (their school); courses by their organizer,
/// tags and the month their last session ends in (Taipei).
#[derive(Enum, Serialize, Deserialize, Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The county the teacher's school is in (縣市).
    County,
    /// The teacher's school.
    School,
    /// The competent authority of the teacher's school (主管機關).
    Authority,
    /// The education stage of the teacher's school.
    Stage,
    /// The course's attribute tags; a course with two tags counts in both.
    Tag,
    /// The course's organizer (開課單位).
    Organizer,
    /// The month the course ends in.
    Month,
}

impl Dimension {
    pub fn key(self) -> &'static str {
        match self {
            Self::County => "county",
            Self::School => "school",
            Self::Authority => "authority",
            Self::Stage => "stage",
            Self::Tag => "tag",
            Self::Organizer => "organizer",
            Self::Month => "month",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::County => "縣市",
            Self::School => "學校",
            Self::Authority => "主管機關",
            Self::Stage => "教育階段",
            Self::Tag => "研習屬性",
            Self::Organizer => "開課單位",
            Self::Month => "月份",
        }
    }
}

/// What a cell counts.
#[derive(Enum, Serialize, Deserialize, Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Distinct teachers granted hours.
    Teachers,
    /// Hours granted (net of revocations).
    Hours,
    /// Distinct courses in which hours were granted.
    Courses,
    /// Admitted registrations.
    Registrations,
    /// Distinct teachers whose hours over the period (for the threshold's
    /// tag, or all hours) reach the threshold.
    TeachersMeetingThreshold,
}

impl Measure {
    pub fn key(self) -> &'static str {
        match self {
            Self::Teachers => "teachers",
            Self::Hours => "hours",
            Self::Courses => "courses",
            Self::Registrations => "registrations",
            Self::TeachersMeetingThreshold => "teachers_meeting_threshold",
        }
    }

    /// Whether the measure counts distinct teachers, so that small values
    /// are suppressed in their own right.
    pub fn counts_teachers(self) -> bool {
        matches!(self, Self::Teachers | Self::TeachersMeetingThreshold)
    }
}

crate::text_enum! {
    /// Why the statistics are needed.
    // Stored as text under a CHECK constraint, as `ApplicationStatus`.
    #[derive(Enum, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PurposeCategory {
        /// 立法院質詢
        LegislativeQuestion => "legislative_question",
        /// 政策達成率
        PolicyAchievement => "policy_achievement",
        /// 特教評鑑
        SpecialEducationEvaluation => "special_education_evaluation",
        /// 縣市規劃
        CountyPlanning => "county_planning",
        Other => "other",
    }
}

/// A period: exactly one of a school year (ROC), a calendar year, or dates.
#[derive(InputObject, SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(input_name = "PeriodInput")]
#[serde(rename_all = "camelCase")]
pub struct PeriodSpec {
    pub school_year: Option<i32>,
    pub calendar_year: Option<i32>,
    /// First day (Taipei), with `to`.
    pub from: Option<Date>,
    /// Last day, included.
    pub to: Option<Date>,
}

impl PeriodSpec {
    pub fn period(&self) -> Result<Period, PeriodError> {
        Period::parse(self.school_year, self.calendar_year, self.from, self.to)
    }
}

/// "Teachers with at least `hours` hours (of courses tagged `tag`)".
#[derive(InputObject, SimpleObject, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[graphql(input_name = "ThresholdInput")]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    /// A tag code; none: all hours count.
    pub tag: Option<String>,
    /// In halves, more than zero.
    pub hours: f64,
}

/// The frozen specification, as stored.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[graphql(name = "StatisticsSpec")]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    pub period: PeriodSpec,
    /// County codes; empty: every county in the jurisdiction.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub counties: Vec<String>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub stages: Vec<EducationStage>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub tags: Vec<String>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub organizer_ids: Vec<Uuid>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub dimensions: Vec<Dimension>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    pub measures: Vec<Measure>,
    pub threshold: Option<Threshold>,
}

#[derive(InputObject)]
pub struct StatisticsRequestInput {
    /// The unit the request is for: a ministry division (national data),
    /// the K-12 Administration or one of its divisions, or a county bureau
    /// (the schools it governs).
    pub unit_id: Uuid,
    pub purpose: String,
    pub purpose_category: PurposeCategory,
    pub period: PeriodSpec,
    #[graphql(default)]
    pub counties: Vec<String>,
    #[graphql(default)]
    pub stages: Vec<EducationStage>,
    #[graphql(default)]
    pub tags: Vec<String>,
    #[graphql(default)]
    pub organizer_ids: Vec<Uuid>,
    /// At most three; the last one becomes the columns of the table.
    pub dimensions: Vec<Dimension>,
    pub measures: Vec<Measure>,
    /// Required with TEACHERS_MEETING_THRESHOLD.
    pub threshold: Option<Threshold>,
}

/// The most dimensions a request may group by.
pub const MAX_DIMENSIONS: usize = 3;

/// Whose teachers a unit's statistics may count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jurisdiction {
    /// Ministry divisions answer for the whole network.
    National,
    /// A county bureau or a K-12 division: the schools it governs (its
    /// subtree; `county` is the bureau's own county, for the filter check).
    Subtree {
        path: String,
        county: Option<String>,
    },
}

impl Jurisdiction {
    /// The jurisdiction of a requesting unit, or why it cannot request.
    pub fn of(unit: &UnitRow) -> Result<Self, String> {
        match unit.kind.as_str() {
            "ministry" | "ministry_division" => Ok(Self::National),
            "k12_administration" | "k12_division" => Ok(Self::Subtree {
                path: unit.path.clone(),
                county: None,
            }),
            "county_bureau" => Ok(Self::Subtree {
                path: unit.path.clone(),
                county: unit.county_code.clone(),
            }),
            _ => Err(format!(
                "{} cannot request statistics: only ministry divisions, the K-12 Administration \
                 and its divisions, and county bureaus do.",
                unit.name
            )),
        }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            Self::National => None,
            Self::Subtree { path, .. } => Some(path),
        }
    }
}

/// Checks `input` field by field. `known_tags` are the tag codes;
/// `organizers_found` the requested organizers that exist.
pub fn check(
    input: &StatisticsRequestInput,
    jurisdiction: &Jurisdiction,
    known_tags: &[String],
    organizers_found: &[Uuid],
) -> Result<Spec, Vec<InputError>> {
    let mut checks = Checks::new();
    checks.required_text("purpose", "The purpose", &input.purpose, 2000);
    if let Err(e) = input.period.period() {
        checks.push(e.refusal("period"));
    }
    for (i, code) in input.counties.iter().enumerate() {
        let field = format!("counties[{i}]");
        if counties::county_name(code).is_none() {
            checks.push(
                InputError::new(
                    &field,
                    ErrorCode::NotFound,
                    format!("{code} is not a county code (e.g. 63000 for 臺北市)."),
                )
                .param("code", code),
            );
        } else if let Jurisdiction::Subtree {
            county: Some(own), ..
        } = jurisdiction
        {
            if code != own {
                checks.push(
                    InputError::new(
                        &field,
                        ErrorCode::OutOfRange,
                        format!(
                            "{} is outside the requesting unit's jurisdiction ({}).",
                            counties::county_name(code).unwrap_or(code),
                            counties::county_name(own).unwrap_or(own)
                        ),
                    )
                    .param("county", counties::county_name(code).unwrap_or(code))
                    .param("own", counties::county_name(own).unwrap_or(own)),
                );
            }
        }
    }
    for (i, tag) in input.tags.iter().enumerate() {
        if !known_tags.contains(tag) {
            checks.push(InputError::new(
                &format!("tags[{i}]"),
                ErrorCode::NotFound,
                format!("{tag} is not a course tag (see courseCodes(list: TAG))."),
            ));
        }
    }
    for (i, id) in input.organizer_ids.iter().enumerate() {
        if !organizers_found.contains(id) {
            checks.push(InputError::new(
                &format!("organizerIds[{i}]"),
                ErrorCode::NotFound,
                "No such organizer.",
            ));
        }
    }
    if input.dimensions.len() > MAX_DIMENSIONS {
        checks.push(InputError::new(
            "dimensions",
            ErrorCode::OutOfRange,
            format!("Group by at most {MAX_DIMENSIONS} dimensions."),
        ));
    }
    for (i, d) in input.dimensions.iter().enumerate() {
        if input.dimensions[..i].contains(d) {
            checks.push(InputError::new(
                &format!("dimensions[{i}]"),
                ErrorCode::AlreadyExists,
                format!("{} is already a dimension.", d.label_zh()),
            ));
        }
    }
    if input.measures.is_empty() {
        checks.push(InputError::new(
            "measures",
            ErrorCode::Required,
            "Choose at least one measure.",
        ));
    }
    for (i, m) in input.measures.iter().enumerate() {
        if input.measures[..i].contains(m) {
            checks.push(InputError::new(
                &format!("measures[{i}]"),
                ErrorCode::AlreadyExists,
                "This measure is already chosen.",
            ));
        }
    }
    let wants_threshold = input.measures.contains(&Measure::TeachersMeetingThreshold);
    match (&input.threshold, wants_threshold) {
        (None, true) => checks.push(InputError::new(
            "threshold",
            ErrorCode::Required,
            "TEACHERS_MEETING_THRESHOLD needs a threshold: the hours, and optionally a tag.",
        )),
        (Some(_), false) => checks.push(InputError::new(
            "threshold",
            ErrorCode::InvalidFormat,
            "A threshold is only used with the measure TEACHERS_MEETING_THRESHOLD.",
        )),
        (Some(t), true) => {
            if !(t.hours > 0.0 && t.hours <= 1000.0 && (t.hours * 2.0).fract() == 0.0) {
                checks.push(InputError::new(
                    "threshold.hours",
                    ErrorCode::OutOfRange,
                    "The threshold is in half hours, more than 0 and at most 1000.",
                ));
            }
            if let Some(tag) = &t.tag {
                if !known_tags.contains(tag) {
                    checks.push(InputError::new(
                        "threshold.tag",
                        ErrorCode::NotFound,
                        format!("{tag} is not a course tag."),
                    ));
                }
            }
        }
        (None, false) => {}
    }
    if !checks.is_empty() {
        return Err(checks.into_errors());
    }
    Ok(Spec {
        period: input.period.clone(),
        counties: input.counties.clone(),
        stages: input.stages.clone(),
        tags: input.tags.clone(),
        organizer_ids: input.organizer_ids.clone(),
        dimensions: input.dimensions.clone(),
        measures: input.measures.clone(),
        threshold: input.threshold.clone(),
    })
}
