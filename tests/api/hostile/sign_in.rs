//! Hostile cases: sign_in.
