//! `inservice seed`: the reference organisation tree and course code lists,
//! and with `--demo` the demo schools, accounts, contacts, review delegation
//! and courses. Idempotent: running it again changes
//! nothing that is already as the files say, and never resets a password.

mod courses;
pub mod national;
mod registrations;
mod teachers;

use std::collections::HashSet;

use anyhow::{bail, Context};
use serde::Deserialize;
use sqlx::{PgConnection, PgPool};

use crate::{
    accounts::{password, sql as accounts_sql},
    audit::{self, Entry},
    authz::Role,
    request::RequestContext,
};

const REFERENCE: &str = include_str!("reference.toml");
const DEMO: &str = include_str!("demo.toml");

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "inservice-demo";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    #[serde(default)]
    unit: Vec<UnitSeed>,
    #[serde(default)]
    user: Vec<UserSeed>,
    #[serde(default)]
    contact: Vec<ContactSeed>,
    #[serde(default)]
    course_code: Vec<courses::CodeSeed>,
    #[serde(default)]
    delegation: Vec<courses::DelegationSeed>,
    #[serde(default)]
    course: Vec<courses::CourseSeed>,
    #[serde(default)]
    teacher: Vec<teachers::TeacherSeed>,
    #[serde(default)]
    registration: Vec<registrations::RegistrationSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitSeed {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    /// Defaults to `parent`.
    authority: Option<String>,
    county: Option<String>,
    district: Option<String>,
    stage: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSeed {
    pub login: String,
    pub name: String,
    pub role: String,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactSeed {
    unit: String,
    name: String,
    title: Option<String>,
    phone: Option<String>,
    extension: Option<String>,
    email: Option<String>,
    duty: Option<String>,
    public: bool,
    #[serde(default)]
    receives_email: bool,
}

fn parse(text: &str, what: &str) -> anyhow::Result<SeedFile> {
    toml::from_str(text).with_context(|| format!("parsing the {what} seed file"))
}

/// Checks that every unit refers only to units defined before it.
fn check_order(files: &[&SeedFile]) -> anyhow::Result<()> {
    let mut known = HashSet::new();
    for unit in files.iter().flat_map(|f| &f.unit) {
        for r in [&unit.parent, &unit.authority].into_iter().flatten() {
            if !known.contains(r.as_str()) {
                bail!(
                    "seed unit {} refers to {r}, which is not defined before it",
                    unit.code
                );
            }
        }
        if !known.insert(unit.code.as_str()) {
            bail!("seed unit {} is defined twice", unit.code);
        }
    }
    Ok(())
}

/// What a seed run did.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub units: usize,
    pub users_created: usize,
    pub contacts_created: usize,
    pub course_codes: usize,
    pub delegations_created: usize,
    pub courses_created: usize,
    pub teachers_created: usize,
    pub registrations_created: usize,
    pub hour_grants_created: usize,
    pub demo_users: Vec<(String, String, String)>,
}

/// What was loaded, in the words the CLI prints and the audit log keeps.
impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} units and {} course codes; created {} users, {} contacts, {} review \
             delegations, {} courses, {} teachers, {} registrations and {} hour grants",
            self.units,
            self.course_codes,
            self.users_created,
            self.contacts_created,
            self.delegations_created,
            self.courses_created,
            self.teachers_created,
            self.registrations_created,
            self.hour_grants_created
        )
    }
}

/// Loads the reference tree, and with `demo` the demo data, in one
/// transaction. `national_id_key` hashes the demo teachers' national IDs.
pub async fn run(pool: &PgPool, demo: bool, national_id_key: &[u8]) -> anyhow::Result<SeedReport> {
    let reference = parse(REFERENCE, "reference")?;
    let demo_file = parse(DEMO, "demo")?;
    let files: Vec<&SeedFile> = if demo {
        vec![&reference, &demo_file]
    } else {
        vec![&reference]
    };
    check_order(&files)?;

    let mut tx = pool.begin().await?;
    let mut report = SeedReport::default();
    for unit in files.iter().flat_map(|f| &f.unit) {
        upsert_unit(&mut tx, unit).await?;
        report.units += 1;
    }
    for file in &files {
        report.course_codes += courses::upsert_codes(&mut tx, &file.course_code).await?;
    }
    if demo {
        let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
        for user in &demo_file.user {
            if seed_user(&mut tx, user, &hash).await? {
                report.users_created += 1;
            }
            let unit_name =
                sqlx::query_scalar!("SELECT name FROM org_units WHERE code = $1", user.unit)
                    .fetch_one(&mut *tx)
                    .await?;
            report
                .demo_users
                .push((user.login.clone(), user.role.clone(), unit_name));
        }
        report.contacts_created = seed_contacts(&mut tx, &demo_file.contact).await?;
        let system = RequestContext::system();
        report.delegations_created =
            courses::seed_delegations(&mut tx, &demo_file.delegation, &system).await?;
        report.courses_created = courses::seed_courses(&mut tx, &demo_file.course, &system).await?;
        report.teachers_created =
            teachers::seed_teachers(&mut tx, &demo_file.teacher, national_id_key).await?;
        (report.registrations_created, report.hour_grants_created) =
            registrations::seed_registrations(&mut tx, &demo_file.registration, &system).await?;
    }
    let entry =
        Entry::ok(if demo { "seed.demo" } else { "seed.reference" }).detail(report.to_string());
    audit::record(&mut *tx, &RequestContext::system(), entry).await?;
    tx.commit().await?;
    Ok(report)
}

async fn upsert_unit(conn: &mut PgConnection, u: &UnitSeed) -> anyhow::Result<()> {
    let authority = u.authority.as_ref().or(u.parent.as_ref());
    sqlx::query!(
        r#"INSERT INTO org_units
               (code, name, kind, parent_id, county_code, district, education_stage,
                competent_authority_id)
           VALUES ($1, $2, $3, (SELECT id FROM org_units WHERE code = $4), $5, $6, $7,
                   (SELECT id FROM org_units WHERE code = $8))
           ON CONFLICT (code) DO UPDATE
              SET name = EXCLUDED.name, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id,
                  county_code = EXCLUDED.county_code, district = EXCLUDED.district,
                  education_stage = EXCLUDED.education_stage,
                  competent_authority_id = EXCLUDED.competent_authority_id
            WHERE (org_units.name, org_units.kind, org_units.parent_id, org_units.county_code,
                   org_units.district, org_units.education_stage,
                   org_units.competent_authority_id)
                  IS DISTINCT FROM
                  (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.parent_id, EXCLUDED.county_code,
                   EXCLUDED.district, EXCLUDED.education_stage, EXCLUDED.competent_authority_id)"#,
        u.code,
        u.name,
        u.kind,
        u.parent,
        u.county,
        u.district,
        u.stage,
        authority,
    )
    .execute(conn)
    .await
    .with_context(|| format!("seeding unit {}", u.code))?;
    Ok(())
}

/// Creates the user if missing and grants its role; `true` if created.
async fn seed_user(conn: &mut PgConnection, u: &UserSeed, hash: &str) -> anyhow::Result<bool> {
    let role: Role = u.role.parse().map_err(anyhow::Error::msg)?;
    let created = accounts_sql::insert_user(
        conn,
        &accounts_sql::NewUser {
            login: &u.login,
            display_name: &u.name,
            email: None,
            password_hash: hash,
            created_by: None,
        },
    )
    .await?;
    let user_id = sqlx::query_scalar!("SELECT id FROM users WHERE login = $1", u.login)
        .fetch_one(&mut *conn)
        .await?;
    let unit_id = sqlx::query_scalar!("SELECT id FROM org_units WHERE code = $1", u.unit)
        .fetch_one(&mut *conn)
        .await
        .with_context(|| format!("demo user {} refers to unknown unit {}", u.login, u.unit))?;
    accounts_sql::grant(conn, user_id, role, unit_id, None).await?;
    Ok(created.is_some())
}

/// Adds the demo contacts of units that have none yet, so a unit's own
/// edits are never overwritten by a later seed run.
async fn seed_contacts(conn: &mut PgConnection, contacts: &[ContactSeed]) -> anyhow::Result<usize> {
    let codes: Vec<String> = contacts.iter().map(|c| c.unit.clone()).collect();
    let already: HashSet<String> = sqlx::query_scalar!(
        r#"SELECT DISTINCT u.code FROM org_units u JOIN contacts c ON c.unit_id = u.id
            WHERE u.code = ANY($1)"#,
        &codes
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let mut created = 0;
    let mut next_order: std::collections::HashMap<&str, i32> = Default::default();
    for c in contacts {
        if already.contains(&c.unit) {
            continue;
        }
        let order = next_order.entry(c.unit.as_str()).or_insert(0);
        *order += 1;
        sqlx::query!(
            r#"INSERT INTO contacts
                   (unit_id, name, title, phone, extension, email, duty, is_public, sort_order,
                    receives_email)
               SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM org_units WHERE code = $1"#,
            c.unit,
            c.name,
            c.title,
            c.phone,
            c.extension,
            c.email,
            c.duty,
            c.public,
            *order - 1,
            c.receives_email,
        )
        .execute(&mut *conn)
        .await
        .with_context(|| format!("seeding a contact of {}", c.unit))?;
        created += 1;
    }
    Ok(created)
}

/// Demo accounts as the README lists them.
pub fn demo_users() -> anyhow::Result<Vec<UserSeed>> {
    Ok(parse(DEMO, "demo")?.user)
}

/// Changes whenever the seed files change; tests key their template
/// database on it (with the migrations' checksums).
pub fn fingerprint() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(REFERENCE.as_bytes());
    h.update(DEMO.as_bytes());
    h.update(DEMO_PASSWORD.as_bytes());
    // The seeding code itself, so a change to how data is loaded counts too.
    h.update(include_str!("mod.rs").as_bytes());
    h.update(include_str!("courses.rs").as_bytes());
    h.update(include_str!("teachers.rs").as_bytes());
    h.update(include_str!("../courses/mod.rs").as_bytes());
    format!("{:x}", h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_files_parse_and_are_ordered() {
        let reference = parse(REFERENCE, "reference").unwrap();
        let demo = parse(DEMO, "demo").unwrap();
        check_order(&[&reference, &demo]).unwrap();
        let counties = reference
            .unit
            .iter()
            .filter(|u| u.kind == "county_bureau")
            .count();
        assert_eq!(counties, 22);
        let k12 = reference
            .unit
            .iter()
            .filter(|u| u.kind == "k12_division")
            .count();
        assert_eq!(k12, 5);
        for user in &demo.user {
            user.role.parse::<Role>().unwrap();
        }
    }
}
