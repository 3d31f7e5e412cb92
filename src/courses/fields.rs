//! A course's editable fields: validation of what an organizer typed, and
//! the snapshot a submission keeps so a reviewer sees what changed.

use std::collections::HashSet;

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::{
    error::{Checks, ErrorCode, InputError},
    half_hours::HalfHours,
    taipei::format as taipei,
};

crate::text_enum! {
    /// How a course is held.
    #[derive(async_graphql::Enum)]
    pub enum CourseMode {
        InPerson => "in_person",
        Online => "online",
        Hybrid => "hybrid",
    }
}

/// One meeting of a course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

/// A course's editable fields, by their input names. One struct for both
/// sides of validation, so the list is written once: [`Draft`] is what an
/// organizer typed (hours as a number), [`CourseFields`] what validation
/// made of it and what is stored (hours in halves, sessions sorted).
#[derive(Clone, Debug, PartialEq)]
pub struct Fields<Hours> {
    pub title: String,
    pub description: String,
    pub nature: String,
    pub category: String,
    pub tags: Vec<String>,
    pub audience_stages: Vec<String>,
    pub audience_counties: Vec<String>,
    pub audience_roles: Vec<String>,
    pub mode: CourseMode,
    pub venue: Option<String>,
    pub url: Option<String>,
    /// Sorted by start once validated.
    pub sessions: Vec<Session>,
    pub hours: Hours,
    pub capacity: i32,
    pub registration_opens_at: OffsetDateTime,
    pub registration_closes_at: OffsetDateTime,
    pub onsite_registration: bool,
}

/// What an organizer submits, before validation.
pub type Draft = Fields<f64>;

/// Validated fields, as stored.
pub type CourseFields = Fields<HalfHours>;

impl CourseFields {
    pub fn starts_at(&self) -> OffsetDateTime {
        self.sessions[0].starts_at
    }

    pub fn ends_at(&self) -> OffsetDateTime {
        self.sessions
            .iter()
            .map(|s| s.ends_at)
            .max()
            .unwrap_or_else(|| self.starts_at())
    }

    /// The reviewable fields by their input names, with values as people
    /// read them; kept with each submission.
    pub fn snapshot(&self) -> Value {
        let sessions: Vec<String> = self
            .sessions
            .iter()
            .map(|s| format!("{} – {}", taipei(s.starts_at), taipei(s.ends_at)))
            .collect();
        json!({
            "title": self.title,
            "description": self.description,
            "nature": self.nature,
            "category": self.category,
            "tags": self.tags.join(", "),
            "audienceStages": self.audience_stages.join(", "),
            "audienceCounties": self.audience_counties.join(", "),
            "audienceRoles": self.audience_roles.join(", "),
            "mode": self.mode.as_str(),
            "venue": self.venue,
            "url": self.url,
            "sessions": sessions.join("; "),
            "hours": self.hours.to_string(),
            "capacity": self.capacity,
            "registrationOpensAt": taipei(self.registration_opens_at),
            "registrationClosesAt": taipei(self.registration_closes_at),
            "onsiteRegistration": self.onsite_registration,
        })
    }
}

/// One field that differs between two snapshots.
#[derive(async_graphql::SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The input field's name, e.g. `hours`.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields whose values differ between two snapshots, in input order.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    fn text(v: Option<&Value>) -> Option<String> {
        match v? {
            Value::Null => None,
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
    let empty = serde_json::Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    FIELD_ORDER
        .iter()
        .filter_map(|field| {
            let (before, after) = (text(b.get(*field)), text(a.get(*field)));
            (before != after).then(|| FieldChange {
                field: (*field).to_owned(),
                before,
                after,
            })
        })
        .collect()
}

const FIELD_ORDER: [&str; 17] = [
    "title",
    "description",
    "nature",
    "category",
    "tags",
    "audienceStages",
    "audienceCounties",
    "audienceRoles",
    "mode",
    "venue",
    "url",
    "sessions",
    "hours",
    "capacity",
    "registrationOpensAt",
    "registrationClosesAt",
    "onsiteRegistration",
];

/// The codes input may name, read from the database before validation.
#[derive(Default, Debug)]
pub struct KnownCodes {
    /// (list, code)
    pub codes: HashSet<(String, String)>,
    pub counties: HashSet<String>,
}

impl KnownCodes {
    fn has(&self, list: &str, code: &str) -> bool {
        self.codes.contains(&(list.to_owned(), code.to_owned()))
    }
}

pub const MAX_SESSIONS: usize = 50;
pub const MAX_CAPACITY: i32 = 100_000;
/// A course may span at most a year.
const MAX_SPAN: Duration = Duration::days(366);

/// Checks everything an organizer typed; every problem is reported, with
/// the field it concerns.
pub fn validate(draft: &Draft, known: &KnownCodes) -> Result<CourseFields, Vec<InputError>> {
    let mut checks = Checks::new();
    let title = checks.required_text("title", "Title", &draft.title, 200);
    let description = checks
        .optional_text("description", "Description", Some(&draft.description), 5000)
        .unwrap_or_default();

    let mut code = |field: &str, list: &str, label: &str, value: &str| -> String {
        let value = value.trim().to_owned();
        if value.is_empty() {
            checks.push(InputError::new(
                field,
                ErrorCode::Required,
                format!(
                    "{label} is required; see courseCodes(list: {}).",
                    list_name(list)
                ),
            ));
        } else if !known.has(list, &value) {
            checks.push(InputError::new(
                field,
                ErrorCode::NotFound,
                format!(
                    "“{value}” is not a {label} code; see courseCodes(list: {}).",
                    list_name(list)
                ),
            ));
        }
        value
    };
    let nature = code("nature", "nature", "course nature", &draft.nature);
    let category = code("category", "category", "course category", &draft.category);
    let mut tags = Vec::new();
    for (i, t) in draft.tags.iter().enumerate() {
        let t = code(&format!("tags[{i}]"), "tag", "tag", t);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let mut audience_roles = Vec::new();
    for (i, r) in draft.audience_roles.iter().enumerate() {
        let r = code(
            &format!("audienceRoles[{i}]"),
            "audience_role",
            "audience role",
            r,
        );
        if !audience_roles.contains(&r) {
            audience_roles.push(r);
        }
    }
    let mut audience_counties = Vec::new();
    for (i, c) in draft.audience_counties.iter().enumerate() {
        let c = c.trim().to_owned();
        if !known.counties.contains(&c) {
            checks.push(InputError::new(
                &format!("audienceCounties[{i}]"),
                ErrorCode::NotFound,
                format!("“{c}” is not a county code (the Ministry of the Interior's, e.g. 63000)."),
            ));
        } else if !audience_counties.contains(&c) {
            audience_counties.push(c);
        }
    }
    let mut audience_stages = draft.audience_stages.clone();
    audience_stages.dedup();

    let venue = checks.optional_text("venue", "Venue", draft.venue.as_deref(), 200);
    let url = checks.optional_text("url", "URL", draft.url.as_deref(), 500);
    let needs_venue = matches!(draft.mode, CourseMode::InPerson | CourseMode::Hybrid);
    let needs_url = matches!(draft.mode, CourseMode::Online | CourseMode::Hybrid);
    if needs_venue && venue.is_none() {
        checks.push(InputError::new(
            "venue",
            ErrorCode::Required,
            "A course held in person needs a venue.",
        ));
    }
    if needs_url && url.is_none() {
        checks.push(InputError::new(
            "url",
            ErrorCode::Required,
            "An online or hybrid course needs the URL where it is held.",
        ));
    }
    if let Some(u) = &url {
        if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace)
        {
            checks.push(InputError::new(
                "url",
                ErrorCode::InvalidFormat,
                format!("“{u}” is not a web address starting with https://."),
            ));
        }
    }

    let mut sessions = draft.sessions.clone();
    if sessions.is_empty() {
        checks.push(InputError::new(
            "sessions",
            ErrorCode::Required,
            "A course needs at least one session with a start and an end.",
        ));
    } else if sessions.len() > MAX_SESSIONS {
        checks.push(InputError::new(
            "sessions",
            ErrorCode::OutOfRange,
            format!(
                "A course may have at most {MAX_SESSIONS} sessions, not {}.",
                sessions.len()
            ),
        ));
    }
    let mut sessions_ok = !sessions.is_empty();
    for (i, s) in draft.sessions.iter().enumerate() {
        if s.ends_at <= s.starts_at {
            sessions_ok = false;
            checks.push(InputError::new(
                &format!("sessions[{i}].endsAt"),
                ErrorCode::OutOfRange,
                format!(
                    "Session {} ends ({}) before it starts ({}).",
                    i + 1,
                    taipei(s.ends_at),
                    taipei(s.starts_at)
                ),
            ));
        }
    }
    sessions.sort_by_key(|s| s.starts_at);
    if sessions_ok {
        for pair in sessions.windows(2) {
            if pair[1].starts_at < pair[0].ends_at {
                sessions_ok = false;
                checks.push(InputError::new(
                    "sessions",
                    ErrorCode::Conflict,
                    format!(
                        "The sessions starting {} and {} overlap.",
                        taipei(pair[0].starts_at),
                        taipei(pair[1].starts_at)
                    ),
                ));
            }
        }
        let span = sessions
            .iter()
            .map(|s| s.ends_at)
            .max()
            .unwrap_or(sessions[0].ends_at)
            - sessions[0].starts_at;
        if span > MAX_SPAN {
            sessions_ok = false;
            checks.push(InputError::new(
                "sessions",
                ErrorCode::OutOfRange,
                "A course's sessions may span at most a year.",
            ));
        }
    }

    let half_hours =
        HalfHours::from_hours(draft.hours).filter(|_| draft.hours > 0.0 && draft.hours <= 1000.0);
    if half_hours.is_none() {
        checks.push(InputError::new(
            "hours",
            ErrorCode::OutOfRange,
            format!(
                "Hours must be a positive number in halves (e.g. 3 or 3.5), not {}.",
                draft.hours
            ),
        ));
    }
    let half_hours = half_hours.map_or(0, HalfHours::as_i32);
    if half_hours > 0 && sessions_ok {
        let scheduled: Duration = sessions.iter().map(|s| s.ends_at - s.starts_at).sum();
        if Duration::minutes(30) * half_hours > scheduled {
            checks.push(
                InputError::new(
                    "hours",
                    ErrorCode::OutOfRange,
                    format!(
                        "{} hours are more than the {} scheduled in the sessions.",
                        HalfHours::from(half_hours),
                        HalfHours::in_minutes(scheduled.whole_minutes())
                    ),
                )
                .param("hours", HalfHours::from(half_hours))
                .param(
                    "scheduled",
                    HalfHours::in_minutes(scheduled.whole_minutes()),
                ),
            );
        }
    }

    if draft.capacity <= 0 || draft.capacity > MAX_CAPACITY {
        checks.push(InputError::new(
            "capacity",
            ErrorCode::OutOfRange,
            format!(
                "Capacity must be between 1 and {MAX_CAPACITY}, not {}.",
                draft.capacity
            ),
        ));
    }
    if draft.registration_closes_at <= draft.registration_opens_at {
        checks.push(
            InputError::new(
                "registrationClosesAt",
                ErrorCode::OutOfRange,
                "Registration must close after it opens.",
            )
            .param("problem", "beforeOpening"),
        );
    }
    if sessions_ok && draft.registration_closes_at > sessions[0].starts_at {
        checks.push(
            InputError::new(
                "registrationClosesAt",
                ErrorCode::OutOfRange,
                format!(
                    "Registration closes ({}) after the course starts ({}); on-site \
                 registration is a separate option.",
                    taipei(draft.registration_closes_at),
                    taipei(sessions[0].starts_at)
                ),
            )
            .param("problem", "afterStart"),
        );
    }

    if !checks.is_empty() {
        return Err(checks.into_errors());
    }
    Ok(CourseFields {
        title,
        description,
        nature,
        category,
        tags,
        audience_stages,
        audience_counties,
        audience_roles,
        mode: draft.mode,
        venue,
        url,
        sessions,
        hours: HalfHours::from(half_hours),
        capacity: draft.capacity,
        registration_opens_at: draft.registration_opens_at,
        registration_closes_at: draft.registration_closes_at,
        onsite_registration: draft.onsite_registration,
    })
}

/// The GraphQL name of a code list, for messages.
fn list_name(list: &str) -> &'static str {
    match list {
        "nature" => "NATURE",
        "category" => "CATEGORY",
        "tag" => "TAG",
        _ => "AUDIENCE_ROLE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn known() -> KnownCodes {
        let mut k = KnownCodes::default();
        for (l, c) in [
            ("nature", "lecture"),
            ("category", "curriculum"),
            ("tag", "special_education"),
            ("audience_role", "teacher"),
        ] {
            k.codes.insert((l.into(), c.into()));
        }
        k.counties.insert("63000".into());
        k
    }

    fn draft() -> Draft {
        Draft {
            title: " 特教知能研習 ".into(),
            description: String::new(),
            nature: "lecture".into(),
            category: "curriculum".into(),
            tags: vec!["special_education".into()],
            audience_stages: vec!["elementary".into()],
            audience_counties: vec!["63000".into()],
            audience_roles: vec!["teacher".into()],
            mode: CourseMode::InPerson,
            venue: Some("禮堂".into()),
            url: None,
            sessions: vec![Session {
                starts_at: datetime!(2026-12-10 09:00 +8),
                ends_at: datetime!(2026-12-10 12:00 +8),
            }],
            hours: 3.0,
            capacity: 40,
            registration_opens_at: datetime!(2026-12-01 00:00 +8),
            registration_closes_at: datetime!(2026-12-08 00:00 +8),
            onsite_registration: false,
        }
    }

    fn fields_of(errors: &[InputError]) -> Vec<&str> {
        errors.iter().filter_map(|e| e.field.as_deref()).collect()
    }

    #[test]
    fn a_complete_course_validates_and_is_trimmed() {
        let f = validate(&draft(), &known()).unwrap();
        assert_eq!(f.title, "特教知能研習");
        assert_eq!(f.hours, HalfHours::from(6));
    }

    #[test]
    fn each_bad_value_is_named() {
        let mut d = draft();
        d.sessions[0].ends_at = datetime!(2026-12-10 08:00 +8);
        d.capacity = 0;
        d.nature = "nap".into();
        d.tags.push("astrology".into());
        d.hours = 2.25;
        let errors = validate(&d, &known()).unwrap_err();
        assert_eq!(
            fields_of(&errors),
            [
                "nature",
                "tags[1]",
                "sessions[0].endsAt",
                "hours",
                "capacity"
            ]
        );
    }

    fn params(error: &InputError) -> Vec<(&str, &str)> {
        error
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect()
    }

    #[test]
    fn hours_may_not_exceed_the_schedule() {
        let mut d = draft();
        d.hours = 3.5;
        let errors = validate(&d, &known()).unwrap_err();
        assert_eq!(fields_of(&errors), ["hours"]);
        assert!(errors[0].message.contains("3.5 hours are more than the 3"));
        assert_eq!(params(&errors[0]), [("hours", "3.5"), ("scheduled", "3")]);
    }

    #[test]
    fn registration_must_close_before_the_course_starts() {
        let mut d = draft();
        d.registration_closes_at = datetime!(2026-12-10 10:00 +8);
        let errors = validate(&d, &known()).unwrap_err();
        assert_eq!(fields_of(&errors), ["registrationClosesAt"]);
        assert_eq!(params(&errors[0]), [("problem", "afterStart")]);
    }

    #[test]
    fn online_courses_need_a_url_and_overlapping_sessions_are_refused() {
        let mut d = draft();
        d.mode = CourseMode::Online;
        d.sessions.push(Session {
            starts_at: datetime!(2026-12-10 11:00 +8),
            ends_at: datetime!(2026-12-10 13:00 +8),
        });
        let errors = validate(&d, &known()).unwrap_err();
        assert_eq!(fields_of(&errors), ["url", "sessions"]);
    }

    #[test]
    fn the_diff_names_changed_fields_in_input_order() {
        let before = validate(&draft(), &known()).unwrap();
        let mut d = draft();
        d.capacity = 60;
        d.title = "特教知能研習（修正）".into();
        let after = validate(&d, &known()).unwrap();
        let changes = diff(&before.snapshot(), &after.snapshot());
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    field: "title".into(),
                    before: Some("特教知能研習".into()),
                    after: Some("特教知能研習（修正）".into()),
                },
                FieldChange {
                    field: "capacity".into(),
                    before: Some("40".into()),
                    after: Some("60".into()),
                },
            ]
        );
        assert!(diff(&before.snapshot(), &before.snapshot()).is_empty());
    }
}
