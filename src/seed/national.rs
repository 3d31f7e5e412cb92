//! A synthetic network at national scale (`inservice seed --scale national`):
//! about 4,000 schools over the 22 counties, 250,000 teachers, 100,000
//! courses and 5,000,000 hour grants (each with its admitted registration)
//! for one school year. Reproducible: the same seed gives the same data.
//!
//! The skew is plausible rather than measured: counties weigh roughly as
//! their teacher numbers do, school sizes vary (big cities larger), course
//! sizes vary, a few tags are far more popular than others, and courses
//! cluster in the busy months of each semester. Most participants come
//! from the organizer's own school and county.
//!
//! Everything is bulk-loaded with `COPY … FROM STDIN` in one transaction:
//! a failure leaves nothing behind. The synthetic schools have codes
//! `SYN00001` …, the courses codes 2000000 …, and loading twice is refused.

use std::{collections::HashSet, fmt::Write as _, time::Instant};

use anyhow::{bail, Context};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use time::{Date, Duration, Month, OffsetDateTime, Time};
use uuid::Uuid;

use crate::{taipei::TAIPEI, teachers::personal_code::PersonalCode, units::counties::COUNTIES};

/// How much to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub schools: usize,
    pub teachers: usize,
    pub courses: usize,
    pub grants: usize,
    /// ROC school year the courses are held in.
    pub school_year: i32,
    pub seed: u64,
}

impl Scale {
    /// The scale of docs/design.md §6, for the last complete school year.
    pub fn national(seed: u64) -> Self {
        Self {
            schools: 4_000,
            teachers: 250_000,
            courses: 100_000,
            grants: 5_000_000,
            school_year: last_complete_school_year(),
            seed,
        }
    }

    /// The same shape, small enough for tests.
    pub fn small(seed: u64) -> Self {
        Self {
            schools: 80,
            teachers: 4_000,
            courses: 800,
            grants: 30_000,
            school_year: last_complete_school_year(),
            seed,
        }
    }
}

fn last_complete_school_year() -> i32 {
    crate::period::school_year_of(crate::taipei::today()) - 1
}

/// What was loaded, and how long it took.
#[derive(Debug, Default)]
pub struct Loaded {
    pub schools: usize,
    pub teachers: usize,
    pub courses: usize,
    pub grants: usize,
    pub seconds: f64,
}

/// Relative teacher numbers of the counties, in `COUNTIES` order.
const COUNTY_WEIGHTS: [f64; 22] = [
    14.0, 11.0, 9.0, 11.0, 7.5, 10.0, 2.0, 2.5, 2.3, 5.0, 2.0, 2.4, 1.8, 3.2, 1.2, 1.5, 0.5, 1.3,
    2.0, 1.1, 0.4, 0.1,
];

/// (stage, share of schools, name suffix)
const STAGES: [(&str, f64, &str); 5] = [
    ("elementary", 0.55, "國民小學"),
    ("junior_high", 0.20, "國民中學"),
    ("senior_high", 0.12, "高級中學"),
    ("preschool", 0.10, "幼兒園"),
    ("special_education", 0.03, "特殊教育學校"),
];

const SCHOOL_WORDS: [&str; 40] = [
    "光復", "中正", "復興", "仁愛", "信義", "和平", "民生", "民權", "自強", "建國", "忠孝", "博愛",
    "中山", "大同", "新興", "文化", "育英", "明德", "三民", "五福", "福德", "永安", "長安", "興隆",
    "瑞芳", "溪口", "山腳", "海濱", "港口", "東興", "西湖", "南門", "北投", "社頭", "竹林", "桃源",
    "梅山", "松山", "柏村", "蘭潭",
];

const SURNAMES: [(&str, f64); 20] = [
    ("陳", 11.0),
    ("林", 8.3),
    ("黃", 6.0),
    ("張", 5.3),
    ("李", 5.1),
    ("王", 4.1),
    ("吳", 4.0),
    ("劉", 3.2),
    ("蔡", 2.9),
    ("楊", 2.7),
    ("許", 2.3),
    ("鄭", 1.9),
    ("謝", 1.8),
    ("洪", 1.5),
    ("郭", 1.5),
    ("邱", 1.4),
    ("曾", 1.4),
    ("廖", 1.3),
    ("賴", 1.3),
    ("周", 1.1),
];

const GIVEN: [&str; 40] = [
    "怡", "君", "冠", "宇", "淑", "惠", "雅", "琪", "家", "豪", "志", "明", "佳", "穎", "俊", "傑",
    "美", "玲", "建", "宏", "欣", "怡", "承", "翰", "思", "妤", "柏", "翰", "詩", "涵", "宗", "霖",
    "品", "妍", "彥", "廷", "育", "瑄", "子", "晴",
];

/// (tag, relative popularity)
const TAGS: [(&str, f64); 12] = [
    ("digital_learning", 9.0),
    ("curriculum_2019", 8.0),
    ("counselling", 7.0),
    ("special_education", 5.0),
    ("gender_equality", 4.0),
    ("bilingual", 3.0),
    ("environment", 2.5),
    ("disaster_prevention", 2.0),
    ("human_rights", 1.5),
    ("local_language", 1.2),
    ("preschool_competence", 1.0),
    ("indigenous", 0.6),
];

const NATURES: [&str; 6] = [
    "lecture",
    "workshop",
    "seminar",
    "community",
    "observation",
    "online_course",
];
const CATEGORIES: [&str; 7] = [
    "curriculum",
    "assessment",
    "classroom",
    "ethics",
    "administration",
    "digital",
    "other",
];
const TITLES: [&str; 12] = [
    "教學實務研習",
    "專業社群共備",
    "增能工作坊",
    "議題融入教學研習",
    "課程設計與評量",
    "教師專業成長講座",
    "跨領域教學觀摩",
    "班級經營實務",
    "數位教學應用",
    "素養導向教學",
    "親師溝通研討",
    "校本課程發展",
];

/// Relative number of courses held in each month, August first.
const MONTH_WEIGHTS: [f64; 12] = [0.4, 1.2, 1.4, 1.4, 1.2, 0.8, 0.3, 0.6, 1.3, 1.4, 1.2, 0.5];

/// Weighted choice by cumulative weights.
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn pick(&self, rng: &mut StdRng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = rng.random_range(0.0..total);
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

/// A roughly log-normal factor with median 1.
fn spread(rng: &mut StdRng, sigma: f64) -> f64 {
    // Sum of uniforms ≈ normal (Irwin–Hall), enough for skew.
    let normal: f64 = (0..6).map(|_| rng.random_range(-1.0..1.0)).sum::<f64>() / 1.41;
    (normal * sigma).exp()
}

struct School {
    id: Uuid,
    county: usize,
    stage: usize,
    teachers: Vec<u32>,
}

struct Course {
    id: Uuid,
    organizer: Uuid,
    /// The organizing school, when a school organizes it.
    school: Option<usize>,
    county: Option<usize>,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    half_hours: i32,
}

/// Ids in sequence under a per-table prefix: unique, reproducible, and
/// appended at the end of their indexes, which keeps bulk loading fast.
fn sequential_id(seed: u64, table: u64, n: usize) -> Uuid {
    Uuid::from_u64_pair(seed.rotate_left(16) ^ (table << 56), n as u64)
}

/// Loads the synthetic network. Refuses when it is already loaded.
pub async fn load(pool: &PgPool, scale: Scale) -> anyhow::Result<Loaded> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(scale.seed);
    let already: bool = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM org_units WHERE code = 'SYN00001') AS "e!""#
    )
    .fetch_one(pool)
    .await?;
    if already {
        bail!("the synthetic national data is already loaded (units SYN00001 …); use a fresh database");
    }
    // One connection of its own, where the bulk statements that take
    // seconds by design are not reported as slow.
    let options = (*pool.connect_options())
        .clone()
        .log_slow_statements(log::LevelFilter::Debug, std::time::Duration::from_secs(1));
    let mut conn = PgConnection::connect_with(&options).await?;
    let mut tx = conn.begin().await?;
    let units = reference_units(&mut tx).await?;

    // Schools over the counties; a few national senior high and special
    // schools are governed by K-12 divisions, the rest by their county.
    let county_pick = Weighted::new(COUNTY_WEIGHTS);
    let stage_pick = Weighted::new(STAGES.iter().map(|s| s.1));
    let mut schools = Vec::with_capacity(scale.schools);
    let mut names = HashSet::new();
    let mut csv = String::new();
    let mut school_sizes = Vec::with_capacity(scale.schools);
    for i in 0..scale.schools {
        let county = county_pick.pick(&mut rng);
        let stage = stage_pick.pick(&mut rng);
        let (county_code, county_name) = COUNTIES[county];
        let national = match STAGES[stage].0 {
            "senior_high" => rng.random_bool(0.3),
            "special_education" => rng.random_bool(0.5),
            _ => false,
        };
        let parent = if national {
            if STAGES[stage].0 == "senior_high" {
                units.k12_high
            } else {
                units.k12_special
            }
        } else {
            units.bureaus[county]
        };
        let word = SCHOOL_WORDS[rng.random_range(0..SCHOOL_WORDS.len())];
        let owner = if national { "國立" } else { county_name };
        let base = format!("{owner}{word}{}", STAGES[stage].2);
        let mut name = base.clone();
        let mut k = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}（{k}）");
            k += 1;
        }
        let id = sequential_id(scale.seed, 1, i);
        writeln!(
            csv,
            "{id},SYN{:05},{name},school,{parent},{county_code},,{},{parent}",
            i + 1,
            STAGES[stage].0
        )?;
        let big_city = county < 6;
        school_sizes.push(spread(&mut rng, 0.6) * if big_city { 1.4 } else { 1.0 });
        schools.push(School {
            id,
            county,
            stage,
            teachers: vec![],
        });
    }
    copy(
        &mut tx,
        "COPY org_units (id, code, name, kind, parent_id, county_code, district, education_stage,
                         competent_authority_id) FROM STDIN WITH (FORMAT csv)",
        csv,
    )
    .await?;

    // Teachers, each serving at one school.
    let school_pick = Weighted::new(school_sizes.iter().copied());
    let surname_pick = Weighted::new(SURNAMES.iter().map(|s| s.1));
    let mut codes = HashSet::with_capacity(scale.teachers);
    let mut teacher_school = Vec::with_capacity(scale.teachers);
    let mut teachers_csv = String::with_capacity(scale.teachers * 120);
    let mut serving_csv = String::with_capacity(scale.teachers * 100);
    for t in 0..scale.teachers {
        let s = school_pick.pick(&mut rng);
        schools[s].teachers.push(t as u32);
        teacher_school.push(s);
        let code = loop {
            let code = PersonalCode::generate_with(&mut rng);
            if codes.insert(code.as_str().to_owned()) {
                break code;
            }
        };
        let hash: [u8; 32] = rng.random();
        let name = format!(
            "{}{}{}",
            SURNAMES[surname_pick.pick(&mut rng)].0,
            GIVEN[rng.random_range(0..GIVEN.len())],
            GIVEN[rng.random_range(0..GIVEN.len())]
        );
        let masked = format!(
            "{}{}{}****{:03}",
            (b'A' + rng.random_range(0..26u8)) as char,
            rng.random_range(1..=2),
            rng.random_range(0..10),
            rng.random_range(0..1000)
        );
        let id = sequential_id(scale.seed, 2, t);
        writeln!(
            teachers_csv,
            "{id},\\x{},{masked},{},{name}",
            hex(&hash),
            code.as_str()
        )?;
        let title = if rng.random_bool(0.6) {
            "導師"
        } else {
            "科任教師"
        };
        writeln!(
            serving_csv,
            "{},{id},{},{title}",
            schools[s].id, STAGES[schools[s].stage].0
        )?;
    }
    copy(
        &mut tx,
        "COPY teachers (id, national_id_hash, national_id_masked, personal_code, name)
         FROM STDIN WITH (FORMAT csv)",
        teachers_csv,
    )
    .await?;
    copy(
        &mut tx,
        "COPY school_teachers (school_id, teacher_id, education_stage, job_title)
         FROM STDIN WITH (FORMAT csv)",
        serving_csv,
    )
    .await?;
    let mut county_teachers: Vec<Vec<u32>> = vec![vec![]; COUNTIES.len()];
    for school in &schools {
        county_teachers[school.county].extend(&school.teachers);
    }

    // Courses: mostly by schools, some by the county bureaus, some by the
    // national course providers.
    let year_start = Date::from_calendar_date(scale.school_year + 1911, Month::August, 1)?;
    let month_pick = Weighted::new(MONTH_WEIGHTS);
    let tag_pick = Weighted::new(TAGS.iter().map(|t| t.1));
    let mut courses = Vec::with_capacity(scale.courses);
    let mut courses_csv = String::with_capacity(scale.courses * 400);
    let mut sessions_csv = String::with_capacity(scale.courses * 100);
    let mut sizes = Vec::with_capacity(scale.courses);
    for c in 0..scale.courses {
        let roll: f64 = rng.random();
        let (organizer, school, county) = if roll < 0.80 {
            let s = school_pick.pick(&mut rng);
            (schools[s].id, Some(s), Some(schools[s].county))
        } else if roll < 0.92 {
            let county = county_pick.pick(&mut rng);
            (units.bureaus[county], None, Some(county))
        } else {
            (
                units.providers[rng.random_range(0..units.providers.len())],
                None,
                None,
            )
        };
        let month = month_pick.pick(&mut rng);
        let first = add_months(year_start, month);
        let day = first + Duration::days(rng.random_range(0..28));
        let half_hours: i32 = [2, 3, 4, 6, 6, 6, 6, 7, 8, 12][rng.random_range(0..10)];
        let start_time = if rng.random_bool(0.6) {
            Time::from_hms(13, 30, 0)?
        } else {
            Time::from_hms(9, 0, 0)?
        };
        let starts_at = day.with_time(start_time).assume_offset(TAIPEI);
        let ends_at = starts_at + Duration::minutes(30 * i64::from(half_hours));
        let id = sequential_id(scale.seed, 3, c);
        courses.push(Course {
            id,
            organizer,
            school,
            county,
            starts_at,
            ends_at,
            half_hours,
        });
        sizes.push(spread(&mut rng, 0.7));
    }
    // Participants per course, summing to about `grants`.
    let size_total: f64 = sizes.iter().sum();
    let mut pairs: Vec<(u32, u32, i32)> = Vec::with_capacity(scale.grants + scale.courses);
    let mut chosen: HashSet<u32> = HashSet::new();
    let mut admitted = vec![0usize; courses.len()];
    for (c, course) in courses.iter().enumerate() {
        let wanted = ((scale.grants as f64) * sizes[c] / size_total).round() as usize;
        let pool_size = match course.county {
            Some(county) => county_teachers[county].len(),
            None => scale.teachers,
        };
        let wanted = wanted.clamp(3, 400).min(pool_size);
        chosen.clear();
        let mut from_school = course
            .school
            .map_or(0, |s| (wanted * 7 / 10).min(schools[s].teachers.len()));
        let mut guard = 0;
        while chosen.len() < wanted && guard < wanted * 20 {
            guard += 1;
            let teacher = if from_school > 0 {
                from_school -= 1;
                let list = &schools[course.school.unwrap_or(0)].teachers;
                list[rng.random_range(0..list.len())]
            } else if let Some(county) = course.county {
                let list = &county_teachers[county];
                list[rng.random_range(0..list.len())]
            } else {
                rng.random_range(0..scale.teachers as u32)
            };
            chosen.insert(teacher);
        }
        let mut list: Vec<u32> = chosen.iter().copied().collect();
        list.sort_unstable();
        for teacher in list {
            let half = if rng.random_bool(0.9) || course.half_hours < 2 {
                course.half_hours
            } else {
                course.half_hours - 1
            };
            pairs.push((c as u32, teacher, half));
        }
        admitted[c] = chosen.len();
    }
    // The course rows, now that their sizes (and so capacities) are known;
    // from a stream of their own, so the participants above stay the same
    // whatever is drawn here.
    let mut rng_courses = StdRng::seed_from_u64(scale.seed ^ 0xC0DE);
    for (c, course) in courses.iter().enumerate() {
        let capacity = admitted[c].max(rng_courses.random_range(30..=120));
        let tags = {
            let mut tags: Vec<&str> = vec![];
            for _ in 0..rng_courses.random_range(0..=2) {
                let tag = TAGS[tag_pick.pick(&mut rng_courses)].0;
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            tags
        };
        let title = format!(
            "{}{}",
            tags.first().map(|t| tag_label(t)).unwrap_or_default(),
            TITLES[rng_courses.random_range(0..TITLES.len())]
        );
        let opens = course.starts_at - Duration::days(30);
        let closes = course.starts_at - Duration::days(1);
        let submitted = opens - Duration::days(7);
        writeln!(
            courses_csv,
            "{},{},{},{},{},{},\"{{{}}}\",in_person,研習教室,{},{},{},{},{},{},{},completed,{},{}",
            course.id,
            2_000_000 + c,
            course.organizer,
            title,
            NATURES[rng_courses.random_range(0..NATURES.len())],
            CATEGORIES[rng_courses.random_range(0..CATEGORIES.len())],
            tags.join(","),
            course.half_hours,
            capacity,
            admitted[c],
            ts(opens),
            ts(closes),
            ts(course.starts_at),
            ts(course.ends_at),
            ts(submitted),
            ts(submitted + Duration::days(2)),
        )?;
        writeln!(
            sessions_csv,
            "{},0,{},{}",
            course.id,
            ts(course.starts_at),
            ts(course.ends_at)
        )?;
    }
    copy(
        &mut tx,
        "COPY courses (id, code, organizer_id, title, nature, category, tags, mode, venue,
                       half_hours, capacity, admitted_count, registration_opens_at,
                       registration_closes_at, starts_at, ends_at, status, submitted_at,
                       approved_at)
         FROM STDIN WITH (FORMAT csv)",
        courses_csv,
    )
    .await?;
    copy(
        &mut tx,
        "COPY course_sessions (course_id, position, starts_at, ends_at) FROM STDIN WITH (FORMAT csv)",
        sessions_csv,
    )
    .await?;

    // Registrations and hour grants, streamed in chunks, into tables whose
    // secondary indexes and foreign keys are rebuilt afterwards: checking
    // 10 million rows one by one takes many times longer than building an
    // index once and validating a foreign key with one join.
    let mut rebuild = vec![];
    for table in ["registrations", "hour_entries"] {
        rebuild.extend(drop_secondary(&mut tx, table).await?);
    }
    let school_of = |t: u32| schools[teacher_school[t as usize]].id;
    let teacher_id = |t: u32| sequential_id(scale.seed, 2, t as usize);
    let mut copy_in = tx
        .copy_in_raw(
            "COPY registrations (id, course_id, teacher_id, status, channel, school_id,
                                 registered_at, admitted_at) FROM STDIN WITH (FORMAT csv)",
        )
        .await?;
    let mut chunk = String::with_capacity(1 << 22);
    for (n, &(c, t, _)) in pairs.iter().enumerate() {
        let course = &courses[c as usize];
        let at = ts(course.starts_at - Duration::days(20));
        writeln!(
            chunk,
            "{},{},{},admitted,online,{},{at},{at}",
            sequential_id(scale.seed, 5, n),
            course.id,
            teacher_id(t),
            school_of(t)
        )?;
        if chunk.len() > (1 << 22) - 512 {
            copy_in.send(chunk.as_bytes()).await?;
            chunk.clear();
        }
    }
    copy_in.send(chunk.as_bytes()).await?;
    chunk.clear();
    copy_in.finish().await?;
    let mut copy_in = tx
        .copy_in_raw(
            "COPY hour_entries (id, course_id, teacher_id, kind, half_hours, school_id, source,
                                issued_at) FROM STDIN WITH (FORMAT csv)",
        )
        .await?;
    for (n, &(c, t, half)) in pairs.iter().enumerate() {
        let course = &courses[c as usize];
        writeln!(
            chunk,
            "{},{},{},grant,{half},{},upload,{}",
            sequential_id(scale.seed, 4, n),
            course.id,
            teacher_id(t),
            school_of(t),
            ts(course.ends_at + Duration::days(3))
        )?;
        if chunk.len() > (1 << 22) - 512 {
            copy_in.send(chunk.as_bytes()).await?;
            chunk.clear();
        }
    }
    copy_in.send(chunk.as_bytes()).await?;
    copy_in.finish().await?;
    for statement in rebuild {
        sqlx::query(&statement).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    for table in [
        "org_units",
        "teachers",
        "school_teachers",
        "courses",
        "course_sessions",
        "registrations",
        "hour_entries",
    ] {
        sqlx::query(&format!("ANALYZE {table}"))
            .execute(pool)
            .await?;
    }
    Ok(Loaded {
        schools: scale.schools,
        teachers: scale.teachers,
        courses: scale.courses,
        grants: pairs.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

struct ReferenceUnits {
    bureaus: Vec<Uuid>,
    k12_high: Uuid,
    k12_special: Uuid,
    providers: Vec<Uuid>,
}

async fn reference_units(conn: &mut PgConnection) -> anyhow::Result<ReferenceUnits> {
    let mut bureaus = Vec::with_capacity(COUNTIES.len());
    for (code, _) in COUNTIES {
        bureaus.push(
            sqlx::query_scalar!("SELECT id FROM org_units WHERE code = $1", code)
                .fetch_optional(&mut *conn)
                .await?
                .with_context(|| {
                    format!("county bureau {code} missing: seed the reference tree first")
                })?,
        );
    }
    let k12_high = sqlx::query_scalar!("SELECT id FROM org_units WHERE code = 'K12EA-HS'")
        .fetch_one(&mut *conn)
        .await?;
    let k12_special = sqlx::query_scalar!("SELECT id FROM org_units WHERE code = 'K12EA-ISE'")
        .fetch_one(&mut *conn)
        .await?;
    let providers = sqlx::query_scalar!(
        "SELECT id FROM org_units WHERE kind = 'course_provider' ORDER BY code"
    )
    .fetch_all(&mut *conn)
    .await?;
    if providers.is_empty() {
        bail!("no course providers: seed the reference tree first");
    }
    Ok(ReferenceUnits {
        bureaus,
        k12_high,
        k12_special,
        providers,
    })
}

/// Drops the foreign keys of `table` and the indexes that back no
/// constraint (in the caller's transaction); returns the statements that
/// recreate them.
async fn drop_secondary(conn: &mut PgConnection, table: &str) -> anyhow::Result<Vec<String>> {
    let mut rebuild = vec![];
    let foreign_keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
          WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    for (name, definition) in foreign_keys {
        sqlx::query(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
            .execute(&mut *conn)
            .await?;
        rebuild.push(format!(
            "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
        ));
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
          WHERE i.indrelid = $1::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
          ORDER BY 1",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    for (name, definition) in indexes {
        sqlx::query(&format!("DROP INDEX {name}"))
            .execute(&mut *conn)
            .await?;
        rebuild.push(definition);
    }
    Ok(rebuild)
}

async fn copy(conn: &mut PgConnection, statement: &str, data: String) -> anyhow::Result<()> {
    let mut copy_in = conn.copy_in_raw(statement).await?;
    for part in data.as_bytes().chunks(1 << 22) {
        copy_in.send(part).await?;
    }
    copy_in.finish().await?;
    Ok(())
}

fn ts(t: OffsetDateTime) -> String {
    crate::audit::timestamp(t)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn add_months(date: Date, months: usize) -> Date {
    let index = u8::from(date.month()) as usize - 1 + months;
    let year = date.year() + (index / 12) as i32;
    let month = Month::try_from((index % 12) as u8 + 1).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, 1).unwrap_or(date)
}

fn tag_label(tag: &str) -> &'static str {
    match tag {
        "digital_learning" => "數位學習",
        "curriculum_2019" => "108課綱",
        "counselling" => "輔導知能",
        "special_education" => "特殊教育",
        "gender_equality" => "性別平等",
        "bilingual" => "雙語教學",
        "environment" => "環境教育",
        "disaster_prevention" => "防災教育",
        "human_rights" => "人權教育",
        "local_language" => "本土語文",
        "preschool_competence" => "教保專業",
        "indigenous" => "原住民族教育",
        _ => "",
    }
}
