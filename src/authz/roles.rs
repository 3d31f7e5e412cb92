//! The roles of docs/design.md §1, as Casbin subjects and as a GraphQL enum.

use std::{fmt, str::FromStr};

/// A role a user can hold at a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, async_graphql::Enum)]
pub enum Role {
    /// The network's operating team: everything.
    Operator,
    /// The commissioning unit: reads everything, decides requests.
    Commissioner,
    /// Staff of a ministry or K-12 division.
    DivisionAdmin,
    /// A county/city regional center.
    CountyAdmin,
    /// A school's account holder.
    SchoolAdmin,
    /// A course-offering unit that is not a school.
    Organizer,
    /// A teacher.
    Teacher,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Operator,
        Role::Commissioner,
        Role::DivisionAdmin,
        Role::CountyAdmin,
        Role::SchoolAdmin,
        Role::Organizer,
        Role::Teacher,
    ];

    /// The name used in `policies/policy.csv` and the `roles` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Commissioner => "commissioner",
            Role::DivisionAdmin => "division_admin",
            Role::CountyAdmin => "county_admin",
            Role::SchoolAdmin => "school_admin",
            Role::Organizer => "organizer",
            Role::Teacher => "teacher",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?}"))
    }
}
