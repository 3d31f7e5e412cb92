//! Typed states against the database: every value of a Rust state enum is a
//! word its column's CHECK accepts, every word the CHECK accepts decodes,
//! and an unknown word is an error, not a default.

use std::collections::BTreeSet;

use inservice::{
    courses::{fields::CourseMode, CourseStatus},
    hours::HourEntryKind,
    registrations::{Channel, RegistrationStatus},
};
use sqlx::PgPool;

use crate::helpers::TestDb;

/// The words of the column's `CHECK (column IN (…))`, as PostgreSQL keeps
/// it (`column = ANY (ARRAY['a'::text, …])`).
async fn allowed_words(pool: &PgPool, table: &str, column: &str) -> BTreeSet<String> {
    let defs: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint
          WHERE conrelid = $1::regclass AND contype = 'c'
            AND pg_get_constraintdef(oid) LIKE 'CHECK ((' || $2 || ' = ANY (ARRAY[%])))'",
    )
    .bind(table)
    .bind(column)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        defs.len(),
        1,
        "one CHECK listing {table}.{column}: {defs:?}"
    );
    let list = defs[0]
        .split_once("ARRAY[")
        .and_then(|(_, rest)| rest.split_once(']'))
        .unwrap()
        .0;
    list.split(',')
        .map(|w| {
            w.trim()
                .trim_end_matches("::text")
                .trim_matches('\'')
                .to_owned()
        })
        .collect()
}

macro_rules! assert_round_trip {
    ($pool:expr, $table:literal, $column:literal, $ty:ty) => {{
        let pool: &PgPool = $pool;
        let allowed = allowed_words(pool, $table, $column).await;
        let ours: BTreeSet<String> = <$ty>::ALL.iter().map(|v| v.as_str().to_owned()).collect();
        assert_eq!(
            allowed,
            ours,
            "{}.{} against {}",
            $table,
            $column,
            stringify!($ty)
        );
        for word in &allowed {
            let decoded: $ty = sqlx::query_scalar("SELECT $1::text")
                .bind(word)
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(decoded.as_str(), word);
        }
        for value in <$ty>::ALL {
            let stored: String = sqlx::query_scalar("SELECT $1::text")
                .bind(*value)
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(stored, value.as_str());
        }
        let unknown = sqlx::query_scalar::<_, $ty>("SELECT 'no such state'::text")
            .fetch_one(pool)
            .await;
        assert!(unknown.is_err(), "an unknown {} decodes", stringify!($ty));
    }};
}

#[tokio::test]
async fn typed_states_match_the_check_constraints() {
    let db = TestDb::new().await;
    let pool = PgPool::connect(&db.url).await.unwrap();
    assert_round_trip!(&pool, "courses", "status", CourseStatus);
    assert_round_trip!(&pool, "courses", "mode", CourseMode);
    assert_round_trip!(&pool, "registrations", "status", RegistrationStatus);
    assert_round_trip!(&pool, "registrations", "channel", Channel);
    assert_round_trip!(&pool, "hour_entries", "kind", HourEntryKind);
    // Transitions have no CHECK of their own: what the demo data recorded
    // decodes.
    let recorded: Vec<CourseStatus> = sqlx::query_scalar(
        "SELECT to_status FROM course_transitions
          UNION SELECT from_status FROM course_transitions WHERE from_status IS NOT NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(recorded.contains(&CourseStatus::Submitted), "{recorded:?}");
}
