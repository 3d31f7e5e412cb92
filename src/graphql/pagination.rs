//! Relay connections with a page cap (docs/design.md §5).

use async_graphql::{
    connection::{Connection, Edge},
    OutputType, SimpleObject,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{ApiError, ApiResult};

/// The most items one page may hold.
pub const PAGE_CAP: i32 = 100;
/// The page size when `first` is not given.
pub const DEFAULT_PAGE: i32 = 50;

/// Extra fields on every connection.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items match, across all pages.
    pub total_count: i64,
}

pub type Page<N> = Connection<String, N, ConnectionTotals>;

/// A validated page request: how many rows to fetch and where to start.
pub struct PageRequest<K> {
    pub size: i64,
    pub after: Option<K>,
}

impl<K: DeserializeOwned> PageRequest<K> {
    pub fn new(first: Option<i32>, after: Option<String>) -> ApiResult<Self> {
        let first = first.unwrap_or(DEFAULT_PAGE);
        if !(1..=PAGE_CAP).contains(&first) {
            return Err(ApiError::BadRequest(format!(
                "`first` must be between 1 and {PAGE_CAP}, not {first}."
            )));
        }
        let after = after.map(|c| decode_cursor(&c)).transpose()?;
        Ok(Self {
            size: i64::from(first),
            after,
        })
    }

    /// Rows to ask the database for: one more than the page, to learn
    /// whether a next page exists without counting.
    pub fn fetch_limit(&self) -> i64 {
        self.size + 1
    }

    /// Builds the connection from up to `fetch_limit()` rows, each with the
    /// sort key the next page starts after.
    pub fn connection<N: OutputType>(&self, mut rows: Vec<(K, N)>, total_count: i64) -> Page<N>
    where
        K: Serialize,
    {
        let has_next = rows.len() as i64 > self.size;
        rows.truncate(self.size as usize);
        let mut page = Connection::with_additional_fields(
            self.after.is_some(),
            has_next,
            ConnectionTotals { total_count },
        );
        page.edges.extend(
            rows.into_iter()
                .map(|(key, node)| Edge::new(encode_cursor(&key), node)),
        );
        page
    }
}

fn encode_cursor<K: Serialize>(key: &K) -> String {
    // Serializing a plain key cannot fail; an empty cursor would only restart paging.
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> ApiResult<K> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| {
            ApiError::BadRequest("`after` is not a cursor returned by this list.".into())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let key = (3i32, "63000".to_string());
        let decoded: (i32, String) = decode_cursor(&encode_cursor(&key)).unwrap();
        assert_eq!(decoded, key);
    }

    #[test]
    fn a_forged_cursor_is_a_clear_error() {
        let err = PageRequest::<i64>::new(Some(10), Some("not-a-cursor!".into()))
            .err()
            .unwrap();
        assert!(err.message().contains("cursor"));
    }

    #[test]
    fn pages_are_capped() {
        assert!(PageRequest::<i64>::new(Some(PAGE_CAP + 1), None).is_err());
        assert!(PageRequest::<i64>::new(Some(0), None).is_err());
        assert_eq!(PageRequest::<i64>::new(None, None).unwrap().size, 50);
    }
}
