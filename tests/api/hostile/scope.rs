//! Hostile cases: scope.
