//! Hostile cases: query_cost.
