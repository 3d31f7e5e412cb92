//! Seeding of the demo teachers, through the same upsert as the API.

use anyhow::Context;
use serde::Deserialize;
use sqlx::PgConnection;

use crate::{
    teachers::{self, national_id::NationalId, Outcome, StatementSource, TeacherFields},
    units,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeacherSeed {
    school: String,
    national_id: String,
    name: String,
    email: Option<String>,
    stage: Option<String>,
    job_title: Option<String>,
    /// A demo account to link, so it sees its personal code.
    login: Option<String>,
}

/// Adds the demo teachers (unchanged ones stay as they are); how many new.
pub async fn seed_teachers(
    conn: &mut PgConnection,
    seeds: &[TeacherSeed],
    key: &[u8],
) -> anyhow::Result<usize> {
    let mut created = 0;
    for t in seeds {
        let school = units::find_by_code(&mut *conn, &t.school)
            .await?
            .with_context(|| format!("demo teacher {} at unknown school {}", t.name, t.school))?;
        let id = NationalId::parse(&t.national_id)
            .map_err(|e| anyhow::anyhow!("demo teacher {}: {}", t.name, e.message()))?;
        let fields = TeacherFields {
            name: t.name.clone(),
            email: t.email.clone(),
            education_stage: t.stage.clone(),
            job_title: t.job_title.clone(),
        };
        // The demo data has no teacher at two schools; were it to, the
        // second would be a pending transfer, without a notice email.
        let teachers::Upserted {
            teacher_id,
            outcome,
            ..
        } = teachers::upsert(
            conn,
            key,
            school.id,
            &id,
            &fields,
            StatementSource::SchoolAdmin,
            None,
            None,
        )
        .await?;
        if outcome == Outcome::Created {
            created += 1;
        }
        if let Some(login) = &t.login {
            sqlx::query!(
                r#"UPDATE teachers SET user_id = (SELECT id FROM users WHERE login = $2)
                    WHERE id = $1 AND user_id IS NULL"#,
                teacher_id,
                login
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(created)
}
