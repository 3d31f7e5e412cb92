//! Hostile cases: teachers.
