//! The span hours and reports are counted over: a school year, a calendar
//! year, or dates. A course counts in the period its last session ends in
//! (Taipei dates). Transcripts, the county report, statistics and data
//! exchange all read their period here.

use serde::Deserialize;
use time::{Date, Month, OffsetDateTime};

use crate::{
    error::{ApiError, ApiResult, ErrorCode, InputError},
    taipei::TAIPEI,
};

/// Why a period is refused: the sentence for people and the `problem`
/// clients word it by (`reversed`, `tooLong`, `incomplete`, `schoolYear`,
/// `calendarYear`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodError {
    pub problem: &'static str,
    pub message: String,
}

impl PeriodError {
    fn new(problem: &'static str, message: impl Into<String>) -> Self {
        Self {
            problem,
            message: message.into(),
        }
    }

    /// The payload error at `field`, with the problem as a param.
    pub fn refusal(&self, field: &str) -> InputError {
        InputError::new(field, ErrorCode::OutOfRange, self.message.clone())
            .param("problem", self.problem)
    }
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a period is an argument rather than a field (queries, download
/// links), a bad one is a bad request.
impl From<PeriodError> for ApiError {
    fn from(e: PeriodError) -> Self {
        ApiError::BadRequest(e.message)
    }
}

/// The span hours are counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// ROC school year: 115 = 2026-08-01 … 2027-07-31.
    SchoolYear(i32),
    CalendarYear(i32),
    /// From the first to the last date, both included (Taipei dates).
    Dates(Date, Date),
}

impl Period {
    /// From the two optional arguments: exactly one must be given.
    pub fn from_args(school_year: Option<i32>, calendar_year: Option<i32>) -> ApiResult<Self> {
        Ok(Self::parse(school_year, calendar_year, None, None)?)
    }

    /// A school year, a calendar year, or dates from and to (both
    /// included): exactly one. The error says what is wrong.
    pub fn parse(
        school_year: Option<i32>,
        calendar_year: Option<i32>,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Self, PeriodError> {
        match (school_year, calendar_year, from, to) {
            (Some(y), None, None, None) if (50..=300).contains(&y) => Ok(Self::SchoolYear(y)),
            (None, Some(y), None, None) if (1961..=2211).contains(&y) => Ok(Self::CalendarYear(y)),
            (Some(y), None, None, None) => Err(PeriodError::new(
                "schoolYear",
                format!("{y} is not a school year; school years are ROC years such as 115."),
            )),
            (None, Some(y), None, None) => Err(PeriodError::new(
                "calendarYear",
                format!("{y} is not a calendar year in range."),
            )),
            (None, None, Some(from), Some(to)) => Self::dates(from, to),
            (None, None, Some(_), None) | (None, None, None, Some(_)) => Err(PeriodError::new(
                "incomplete",
                "A period of dates needs both `from` and `to`.",
            )),
            (None, None, None, None) => Err(PeriodError::new(
                "incomplete",
                "The period is empty: give a school year, a calendar year, or dates from and to.",
            )),
            _ => Err(PeriodError::new(
                "incomplete",
                "Give exactly one of a school year, a calendar year, or dates from and to.",
            )),
        }
    }

    /// Dates from and to, both included: not reversed, at most ten years.
    pub fn dates(from: Date, to: Date) -> Result<Self, PeriodError> {
        if from > to {
            return Err(PeriodError::new(
                "reversed",
                format!("The period is reversed: {from} is after {to}."),
            ));
        }
        if to.year() - from.year() > 10 {
            return Err(PeriodError::new(
                "tooLong",
                "A period of dates spans at most ten years.",
            ));
        }
        Ok(Self::Dates(from, to))
    }

    /// The period as URL query parameters, for download links.
    pub fn query_string(self) -> String {
        match self {
            Self::SchoolYear(y) => format!("schoolYear={y}"),
            Self::CalendarYear(y) => format!("calendarYear={y}"),
            Self::Dates(from, to) => format!("from={from}&to={to}"),
        }
    }

    /// [start, end) in Taipei time.
    pub fn bounds(self) -> (OffsetDateTime, OffsetDateTime) {
        let at = |y: i32, m: Month| {
            Date::from_calendar_date(y, m, 1)
                .unwrap_or(Date::MIN)
                .midnight()
                .assume_offset(TAIPEI)
        };
        match self {
            Self::SchoolYear(y) => (at(y + 1911, Month::August), at(y + 1912, Month::August)),
            Self::CalendarYear(y) => (at(y, Month::January), at(y + 1, Month::January)),
            Self::Dates(from, to) => (
                from.midnight().assume_offset(TAIPEI),
                to.next_day()
                    .unwrap_or(Date::MAX)
                    .midnight()
                    .assume_offset(TAIPEI),
            ),
        }
    }

    pub fn label_zh(self) -> String {
        match self {
            Self::SchoolYear(y) => format!("{y} 學年度"),
            Self::CalendarYear(y) => format!("{y} 年"),
            Self::Dates(from, to) => format!("{from}～{to}"),
        }
    }
}

/// The school year (ROC) a Taipei date falls in.
pub fn school_year_of(date: Date) -> i32 {
    let year = date.year() - 1911;
    if u8::from(date.month()) >= 8 {
        year
    } else {
        year - 1
    }
}

/// A period as download URLs give it (`?schoolYear=115`, `?calendarYear=2026`,
/// `?from=2026-01-01&to=2026-06-30`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodQuery {
    school_year: Option<i32>,
    calendar_year: Option<i32>,
    #[serde(default, with = "iso_date::option")]
    from: Option<Date>,
    #[serde(default, with = "iso_date::option")]
    to: Option<Date>,
}

impl PeriodQuery {
    pub fn period(&self) -> ApiResult<Period> {
        Ok(Period::parse(
            self.school_year,
            self.calendar_year,
            self.from,
            self.to,
        )?)
    }
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn school_years_run_from_august_in_taipei() {
        assert_eq!(school_year_of(date!(2026 - 08 - 01)), 115);
        assert_eq!(school_year_of(date!(2027 - 07 - 31)), 115);
        assert_eq!(school_year_of(date!(2026 - 07 - 31)), 114);
        let (from, to) = Period::SchoolYear(115).bounds();
        assert_eq!(from, datetime!(2026-07-31 16:00 UTC));
        assert_eq!(to, datetime!(2027-07-31 16:00 UTC));
        let (from, _) = Period::CalendarYear(2026).bounds();
        assert_eq!(from, datetime!(2025-12-31 16:00 UTC));
    }

    #[test]
    fn exactly_one_period_is_given() {
        let problem = |school_year, calendar_year, from, to| {
            Period::parse(school_year, calendar_year, from, to)
                .unwrap_err()
                .problem
        };
        assert_eq!(problem(None, None, None, None), "incomplete");
        assert_eq!(problem(Some(115), Some(2026), None, None), "incomplete");
        assert_eq!(
            problem(None, None, Some(date!(2026 - 01 - 01)), None),
            "incomplete"
        );
        assert_eq!(
            problem(Some(2026), None, None, None),
            "schoolYear",
            "a Gregorian year as ROC"
        );
        assert_eq!(problem(None, Some(115), None, None), "calendarYear");
        assert!(Period::from_args(None, None).is_err());
        assert_eq!(
            Period::from_args(Some(115), None).unwrap(),
            Period::SchoolYear(115)
        );
    }

    #[test]
    fn date_periods_are_ordered_and_bounded() {
        let problem = |from, to| Period::dates(from, to).unwrap_err().problem;
        assert_eq!(
            problem(date!(2026 - 02 - 01), date!(2026 - 01 - 01)),
            "reversed"
        );
        assert_eq!(
            problem(date!(2010 - 01 - 01), date!(2026 - 01 - 01)),
            "tooLong"
        );
        assert_eq!(
            Period::parse(
                None,
                None,
                Some(date!(2026 - 01 - 01)),
                Some(date!(2026 - 01 - 31))
            ),
            Ok(Period::Dates(date!(2026 - 01 - 01), date!(2026 - 01 - 31)))
        );
    }
}
