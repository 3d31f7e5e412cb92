//! Training hours are counted in halves (3.5 hours = 7): courses, the hours
//! ledger and statistics store whole halves, people read and type hours.
//! [`HalfHours`] owns the conversion both ways, so no other code divides or
//! multiplies by two.

use std::fmt;

/// A number of half hours (negative for a revocation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfHours(pub i64);

impl HalfHours {
    /// Hours as typed (3, 3.5): `None` unless finite and a whole number of
    /// halves. Beyond `i64` it saturates; callers bound the range.
    pub fn from_hours(hours: f64) -> Option<Self> {
        let halves = hours * 2.0;
        (halves.is_finite() && halves.fract() == 0.0).then_some(Self(halves as i64))
    }

    /// How many whole halves fit in `minutes` (a session's length).
    pub fn in_minutes(minutes: i64) -> Self {
        Self(minutes / 30)
    }

    /// The hours, for the API and spreadsheets (7 → 3.5).
    pub fn hours(self) -> f64 {
        self.0 as f64 / 2.0
    }

    /// The count of halves as the database's `int` columns hold it.
    pub fn as_i32(self) -> i32 {
        i32::try_from(self.0).unwrap_or(if self.0 < 0 { i32::MIN } else { i32::MAX })
    }
}

impl From<i32> for HalfHours {
    fn from(halves: i32) -> Self {
        Self(halves.into())
    }
}

impl From<i64> for HalfHours {
    fn from(halves: i64) -> Self {
        Self(halves)
    }
}

impl std::iter::Sum for HalfHours {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        Self(iter.map(|h| h.0).sum())
    }
}

/// Hours as people write them: 7 → "3.5", 6 → "3", -7 → "-3.5".
impl fmt::Display for HalfHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let halves = self.0.unsigned_abs();
        if halves % 2 == 0 {
            write!(f, "{sign}{}", halves / 2)
        } else {
            write!(f, "{sign}{}.5", halves / 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_print_in_halves() {
        assert_eq!(HalfHours(7).to_string(), "3.5");
        assert_eq!(HalfHours(6).to_string(), "3");
        assert_eq!(HalfHours(1).to_string(), "0.5");
        assert_eq!(HalfHours(-7).to_string(), "-3.5");
        assert_eq!(HalfHours(-1).to_string(), "-0.5");
    }

    #[test]
    fn hours_convert_both_ways_only_in_halves() {
        assert_eq!(HalfHours::from_hours(3.5), Some(HalfHours(7)));
        assert_eq!(HalfHours::from_hours(3.0), Some(HalfHours(6)));
        assert_eq!(HalfHours::from_hours(3.2), None);
        assert_eq!(HalfHours::from_hours(f64::NAN), None);
        assert_eq!(HalfHours::from_hours(f64::INFINITY), None);
        assert_eq!(HalfHours(7).hours(), 3.5);
        assert_eq!(HalfHours::in_minutes(95), HalfHours(3));
    }
}
