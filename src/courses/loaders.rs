//! DataLoaders for courses and what hangs off them, so a page of 100
//! courses with their sessions, codes, organizers, reviewers, duplicates and
//! history costs one query per relation.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    fields::Session,
    sql::{self, CourseRow},
    CourseStatus,
};

pub struct CourseById(pub PgPool);

crate::request_loaders!(
    CourseById,
    SessionsOf,
    CodeList,
    DuplicatesOf,
    TransitionsOf
);

impl Loader<Uuid> for CourseById {
    type Value = CourseRow;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, CourseRow>, Self::Error> {
        Ok(sql::find_by_ids(&self.0, keys)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect())
    }
}

pub struct SessionsOf(pub PgPool);

impl Loader<Uuid> for SessionsOf {
    type Value = Vec<Session>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Session>>, Self::Error> {
        let mut out: HashMap<Uuid, Vec<Session>> = keys.iter().map(|k| (*k, vec![])).collect();
        for (course, session) in sql::sessions_of(&self.0, keys).await? {
            out.entry(course).or_default().push(session);
        }
        Ok(out)
    }
}

/// One entry of a code list.
#[derive(Clone, Debug, async_graphql::SimpleObject)]
pub struct CourseCode {
    /// Which list: nature, category, tag or audience_role.
    #[graphql(skip)]
    pub list: String,
    /// The stable code partner platforms send, e.g. `special_education`.
    pub code: String,
    /// 中文名稱.
    pub name: String,
    pub name_en: String,
}

/// Code lists by name (`nature`, `category`, `tag`, `audience_role`).
pub struct CodeList(pub PgPool);

impl Loader<String> for CodeList {
    type Value = Vec<CourseCode>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Vec<CourseCode>>, Self::Error> {
        let rows = sqlx::query_as!(
            CourseCode,
            r#"SELECT list, code, name, name_en FROM course_codes
                WHERE list = ANY($1) ORDER BY list, sort_order, code"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: HashMap<String, Vec<CourseCode>> =
            keys.iter().map(|k| (k.clone(), vec![])).collect();
        for r in rows {
            out.entry(r.list.clone()).or_default().push(r);
        }
        Ok(out)
    }
}

#[derive(Clone, Debug)]
pub struct DuplicateRow {
    pub other_course_id: Uuid,
    pub kind: String,
    pub similarity: f32,
}

/// The likely duplicates found at each course's last submission.
pub struct DuplicatesOf(pub PgPool);

impl Loader<Uuid> for DuplicatesOf {
    type Value = Vec<DuplicateRow>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<DuplicateRow>>, Self::Error> {
        let rows = sqlx::query!(
            r#"SELECT course_id, other_course_id, kind, similarity FROM course_duplicates
                WHERE course_id = ANY($1) ORDER BY course_id, similarity DESC"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: HashMap<Uuid, Vec<DuplicateRow>> = keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            out.entry(r.course_id).or_default().push(DuplicateRow {
                other_course_id: r.other_course_id,
                kind: r.kind,
                similarity: r.similarity,
            });
        }
        Ok(out)
    }
}

#[derive(Clone, Debug)]
pub struct TransitionRow {
    pub from_status: Option<CourseStatus>,
    pub to_status: CourseStatus,
    pub actor_login: Option<String>,
    pub reviewer_unit_id: Option<Uuid>,
    pub reason: Option<String>,
    pub snapshot: Option<serde_json::Value>,
    pub at: OffsetDateTime,
}

/// Each course's transitions, oldest first.
pub struct TransitionsOf(pub PgPool);

impl Loader<Uuid> for TransitionsOf {
    type Value = Vec<TransitionRow>;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<TransitionRow>>, Self::Error> {
        let rows = sqlx::query!(
            r#"SELECT course_id, from_status AS "from_status: CourseStatus",
                      to_status AS "to_status: CourseStatus", actor_login, reviewer_unit_id,
                      reason, snapshot, at
                 FROM course_transitions WHERE course_id = ANY($1) ORDER BY course_id, id"#,
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: HashMap<Uuid, Vec<TransitionRow>> =
            keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            out.entry(r.course_id).or_default().push(TransitionRow {
                from_status: r.from_status,
                to_status: r.to_status,
                actor_login: r.actor_login,
                reviewer_unit_id: r.reviewer_unit_id,
                reason: r.reason,
                snapshot: r.snapshot,
                at: r.at,
            });
        }
        Ok(out)
    }
}
