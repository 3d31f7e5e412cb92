//! Typed states against the database, for every domain: each Rust state
//! enum encodes to exactly the words its column's `CHECK (… IN (…))`
//! accepts, every accepted word decodes back, and an unknown word is an
//! error, not a default.

use inservice::{
    announcements::AnnouncementKind,
    courses::{fields::CourseMode, CourseStatus},
    hours::HourEntryKind,
    mail::OutboxStatus,
    registrations::{Channel, RegistrationStatus},
    statistics::{
        applications::{ApplicationStatus, Kind},
        jobs::JobStatus,
        spec::PurposeCategory,
    },
    teachers::{transfers::TransferStatus, RosterStatus, StatementSource},
};
use sqlx::PgPool;

use crate::helpers::TestDb;

/// The values the `CHECK (column IN (…))` constraint of `table` allows.
async fn check_values(pool: &PgPool, table: &str, column: &str) -> Vec<String> {
    let defs: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid
          WHERE t.relname = $1 AND c.contype = 'c'",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .unwrap();
    // PostgreSQL writes `CHECK (column IN (…))` as
    // `CHECK ((column = ANY (ARRAY['a'::text, …])))`; other constraints may
    // mention the column too (`status = ANY (…) = (ended_at IS NOT NULL)`).
    let head = format!("CHECK (({column} = ANY (ARRAY[");
    let lists: Vec<&str> = defs
        .iter()
        .filter_map(|d| {
            let list = d.strip_prefix(&head)?.strip_suffix("])))")?;
            (!list.contains(']')).then_some(list)
        })
        .collect();
    assert_eq!(lists.len(), 1, "one IN check on {table}.{column}: {defs:?}");
    let mut values: Vec<String> = lists[0]
        .split(", ")
        .map(|v| v.trim_end_matches("::text").trim_matches('\'').to_owned())
        .collect();
    values.sort();
    values
}

/// Checks a status enum decoded by sqlx against the CHECK constraint of
/// `table.column`: `allowed` (the variants that column may hold) encode to
/// exactly the values the CHECK accepts, each of those values decodes back
/// to its variant, and a value outside the CHECK is a decode error.
async fn assert_enum_matches_check<E>(pool: &PgPool, table: &str, column: &str, allowed: &[E])
where
    E: for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + for<'q> sqlx::Encode<'q, sqlx::Postgres>
        + sqlx::Type<sqlx::Postgres>
        + std::fmt::Debug
        + PartialEq
        + Copy
        + Send
        + Sync
        + Unpin
        + 'static,
{
    let checked = check_values(pool, table, column).await;
    let mut encoded = vec![];
    for v in allowed {
        let text: String = sqlx::query_scalar("SELECT $1::text")
            .bind(*v)
            .fetch_one(pool)
            .await
            .unwrap();
        let back: E = sqlx::query_scalar("SELECT $1::text")
            .bind(&text)
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("{table}.{column} value {text:?} must decode: {e}"));
        assert_eq!(back, *v, "{text:?} decodes to another variant");
        encoded.push(text);
    }
    encoded.sort();
    assert_eq!(
        encoded, checked,
        "{table}.{column}: the enum and the CHECK disagree"
    );
    let unknown = sqlx::query_scalar::<_, E>("SELECT 'no such status'::text")
        .fetch_one(pool)
        .await;
    assert!(
        unknown.is_err(),
        "an unknown value must not decode: {unknown:?}"
    );
}

#[tokio::test]
async fn typed_states_match_the_check_constraints() {
    let db = TestDb::new().await;
    let pool = PgPool::connect(&db.url).await.unwrap();
    let pool = &pool;
    // Courses, registrations, hours.
    assert_enum_matches_check(pool, "courses", "status", CourseStatus::ALL).await;
    assert_enum_matches_check(pool, "courses", "mode", CourseMode::ALL).await;
    assert_enum_matches_check(pool, "registrations", "status", RegistrationStatus::ALL).await;
    assert_enum_matches_check(pool, "registrations", "channel", Channel::ALL).await;
    assert_enum_matches_check(pool, "hour_entries", "kind", HourEntryKind::ALL).await;
    // Teachers: rosters, transfers, statements. A transfer is asked for by
    // a school admin or an import only.
    assert_enum_matches_check(pool, "school_teachers", "status", RosterStatus::ALL).await;
    assert_enum_matches_check(pool, "teacher_transfers", "status", TransferStatus::ALL).await;
    assert_enum_matches_check(
        pool,
        "service_unit_statements",
        "source",
        StatementSource::ALL,
    )
    .await;
    assert_enum_matches_check(
        pool,
        "teacher_transfers",
        "source",
        &[StatementSource::SchoolAdmin, StatementSource::Import],
    )
    .await;
    // Mail and announcements.
    assert_enum_matches_check(pool, "outbox", "status", OutboxStatus::ALL).await;
    assert_enum_matches_check(pool, "announcements", "kind", AnnouncementKind::ALL).await;
    // Statistics and data exchange.
    for table in ["statistics_requests", "data_exchanges"] {
        assert_enum_matches_check(pool, table, "status", ApplicationStatus::ALL).await;
    }
    assert_enum_matches_check(
        pool,
        "statistics_requests",
        "purpose_category",
        PurposeCategory::ALL,
    )
    .await;
    assert_enum_matches_check(pool, "jobs", "status", JobStatus::ALL).await;
    for table in ["jobs", "application_transitions"] {
        assert_enum_matches_check(pool, table, "kind", Kind::ALL).await;
    }
    // Course transitions have no CHECK of their own: what the demo data
    // recorded decodes.
    let recorded: Vec<CourseStatus> = sqlx::query_scalar(
        "SELECT to_status FROM course_transitions
          UNION SELECT from_status FROM course_transitions WHERE from_status IS NOT NULL",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(recorded.contains(&CourseStatus::Submitted), "{recorded:?}");
}
