//! Hostile cases: text_input.
