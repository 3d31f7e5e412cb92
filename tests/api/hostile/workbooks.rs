//! Hostile cases: workbooks.
