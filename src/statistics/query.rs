//! Computing a statistics table: one SQL statement with GROUPING SETS for
//! the cells and their totals, then disclosure control, then labels.
//!
//! # What is counted
//!
//! The facts are the live hour grants (grants no revocation cancels: at most
//! one per teacher and course) of courses whose last session ends in the
//! period, plus, when the REGISTRATIONS measure is asked for, the admitted
//! registrations for those courses. A teacher is placed at the school
//! recorded with the fact (where they served at the time), a course by its
//! organizer, tags and end month.
//!
//! # The table
//!
//! With dimensions d1 … dn, the last one is the column dimension and the
//! others together the row key. The statement computes the cells (all
//! dimensions), the row totals (all but the last), the column totals (the
//! last only) and the grand total, each counting distinct teachers once,
//! so a teacher in two cells of a row (two tags) counts once in its total.
//! Disclosure control ([`super::disclosure`]) runs on that two-way table of
//! distinct teachers, and again on every other measure that counts
//! teachers; a cell hidden for any of them is hidden in every measure.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::{PgPool, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{
    disclosure::{self, Margins, Published},
    spec::{Dimension, Jurisdiction, Measure, Spec},
};
use crate::{
    half_hours::HalfHours,
    units::{counties, EducationStage},
};

/// How a column of a result is used.
#[derive(async_graphql::Enum, Serialize, Deserialize, Copy, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Dimension,
    Measure,
}

#[derive(async_graphql::SimpleObject, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[graphql(name = "StatisticsColumn")]
pub struct Column {
    pub key: String,
    pub label: String,
    pub kind: ColumnKind,
}

#[derive(async_graphql::SimpleObject, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[graphql(name = "StatisticsRow")]
pub struct ResultRow {
    /// One per column; null where the value is suppressed.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub cells: Vec<Option<String>>,
    /// A row of totals (its dimension cells say 合計).
    pub total: bool,
}

/// A published table: what leaves the system.
#[derive(async_graphql::SimpleObject, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[graphql(name = "StatisticsResult")]
pub struct Table {
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub columns: Vec<Column>,
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    pub rows: Vec<ResultRow>,
    /// How many values are suppressed.
    pub suppressed: i32,
    /// The threshold applied: cells counting 1 to k-1 teachers are hidden.
    pub k: i32,
}

/// What a dimension's cells say for "all values".
pub const TOTAL_LABEL: &str = "合計";
/// The tag bucket of courses without tags.
const NO_TAG: &str = "-";

/// The SQL text and its bind values, so the benchmark can run the very
/// statement the job runs.
pub struct Statement {
    pub sql: String,
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    pub counties: Vec<String>,
    pub stages: Vec<String>,
    pub tags: Vec<String>,
    pub organizers: Vec<Uuid>,
    pub scope: Option<String>,
    pub threshold_tag: Option<String>,
    pub threshold_half_hours: i64,
}

fn dimension_sql(d: Dimension) -> &'static str {
    match d {
        Dimension::County => "f.county_code",
        Dimension::School => "f.school_id::text",
        Dimension::Authority => "f.authority_id::text",
        Dimension::Stage => "f.education_stage",
        Dimension::Tag => "t.tag",
        Dimension::Organizer => "f.organizer_id::text",
        Dimension::Month => "to_char(f.ends_at AT TIME ZONE 'Asia/Taipei', 'YYYY-MM')",
    }
}

/// The grouping sets, as lists of dimension indexes: cells, row totals,
/// column totals, grand total.
fn grouping_sets(n: usize) -> Vec<Vec<usize>> {
    match n {
        0 => vec![vec![]],
        1 => vec![vec![0], vec![]],
        _ => vec![(0..n).collect(), (0..n - 1).collect(), vec![n - 1], vec![]],
    }
}

pub fn statement(spec: &Spec, jurisdiction: &Jurisdiction) -> Result<Statement, String> {
    let (from, to) = spec.period.period().map_err(|e| e.message)?.bounds();
    let dims = &spec.dimensions;
    let with_registrations = spec.measures.contains(&Measure::Registrations);
    let with_threshold = spec.measures.contains(&Measure::TeachersMeetingThreshold);
    let by_tag = dims.contains(&Dimension::Tag);

    let registrations = if with_registrations {
        "UNION ALL
         SELECT r.teacher_id, r.course_id, 0, true, r.school_id, c.organizer_id, c.tags, c.ends_at
           FROM registrations r JOIN courses c ON c.id = r.course_id
          WHERE r.status = 'admitted' AND c.ends_at >= $1 AND c.ends_at < $2"
    } else {
        ""
    };
    let met = if with_threshold {
        ", met AS (
            SELECT teacher_id FROM scoped
             WHERE NOT registered AND ($8::text IS NULL OR $8 = ANY(tags))
             GROUP BY teacher_id HAVING sum(half_hours) >= $9)"
    } else {
        ""
    };
    let mut select = vec![];
    // Bit i of `grouped` is set when dimension i is aggregated away.
    if dims.is_empty() {
        select.push("0 AS grouped".to_owned());
    } else {
        let names: Vec<String> = (0..dims.len()).map(|i| format!("d{i}")).collect();
        // GROUPING() puts its first argument in the highest bit; reverse
        // so dimension i is bit i.
        let reversed: Vec<&str> = names.iter().rev().map(String::as_str).collect();
        select.push(format!("GROUPING({}) AS grouped", reversed.join(", ")));
        select.extend(names.iter().cloned());
    }
    select.push("count(DISTINCT f.teacher_id) AS people".into());
    // Sums over the rows of the tag fan-out count a fact once per tag;
    // `first_tag` keeps one row per fact for the sets without tags.
    let once = if by_tag { " AND t.n = 1" } else { "" };
    for m in &spec.measures {
        select.push(match m {
            // Without registrations every fact is a grant: the teachers are
            // the people, and PostgreSQL computes the identical aggregate once.
            Measure::Teachers if !with_registrations => {
                "count(DISTINCT f.teacher_id) AS teachers".into()
            }
            Measure::Teachers => {
                "count(DISTINCT f.teacher_id) FILTER (WHERE NOT f.registered) AS teachers".into()
            }
            Measure::Hours => format!(
                "coalesce(sum(f.half_hours), 0)::bigint AS hours, \
                 coalesce(sum(f.half_hours) FILTER (WHERE true{once}), 0)::bigint AS hours_once"
            ),
            Measure::Courses => {
                "count(DISTINCT f.course_id) FILTER (WHERE NOT f.registered) AS courses".into()
            }
            Measure::Registrations => format!(
                "count(*) FILTER (WHERE f.registered) AS registrations, \
                 count(*) FILTER (WHERE f.registered{once}) AS registrations_once"
            ),
            Measure::TeachersMeetingThreshold => {
                "count(DISTINCT m.teacher_id) AS teachers_meeting_threshold".into()
            }
        });
    }
    let tag_fanout = if by_tag {
        format!(
            "CROSS JOIN LATERAL unnest(CASE WHEN cardinality(f.tags) = 0 THEN ARRAY['{NO_TAG}'] \
             ELSE f.tags END) WITH ORDINALITY AS t(tag, n)"
        )
    } else {
        String::new()
    };
    // The dimension values as columns of their own, so GROUPING() and the
    // grouping sets can name them.
    let dimension_values = if dims.is_empty() {
        String::new()
    } else {
        let exprs: Vec<String> = dims
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{} AS d{i}", dimension_sql(*d)))
            .collect();
        format!("CROSS JOIN LATERAL (SELECT {}) g", exprs.join(", "))
    };
    let met_join = if with_threshold {
        "LEFT JOIN met m ON m.teacher_id = f.teacher_id AND NOT f.registered"
    } else {
        ""
    };
    let sets: Vec<String> = grouping_sets(dims.len())
        .into_iter()
        .map(|set| {
            let names: Vec<String> = set.iter().map(|i| format!("d{i}")).collect();
            format!("({})", names.join(", "))
        })
        .collect();
    let group_by = if dims.is_empty() {
        String::new()
    } else {
        format!("GROUP BY GROUPING SETS ({})", sets.join(", "))
    };
    let sql = format!(
        "WITH facts AS (
            SELECT e.teacher_id, e.course_id, e.half_hours, false AS registered, e.school_id,
                   c.organizer_id, c.tags, c.ends_at
              FROM hour_entries e JOIN courses c ON c.id = e.course_id
             WHERE e.kind = 'grant' AND c.ends_at >= $1 AND c.ends_at < $2
               AND NOT EXISTS (SELECT 1 FROM hour_entries r WHERE r.revokes_id = e.id)
            {registrations}
        ), scoped AS (
            SELECT f.*, s.county_code, s.education_stage,
                   coalesce(s.competent_authority_id, s.parent_id) AS authority_id
              FROM facts f JOIN org_units s ON s.id = f.school_id
             WHERE (cardinality($3::text[]) = 0 OR s.county_code = ANY($3))
               AND (cardinality($4::text[]) = 0 OR s.education_stage = ANY($4))
               AND (cardinality($5::text[]) = 0 OR f.tags && $5)
               AND (cardinality($6::uuid[]) = 0 OR f.organizer_id = ANY($6))
               AND ($7::ltree IS NULL OR s.path <@ $7::ltree)
        ){met}
        SELECT {select}
          FROM scoped f {tag_fanout} {dimension_values} {met_join}
         {group_by}",
        select = select.join(", "),
    );
    Ok(Statement {
        sql,
        from,
        to,
        counties: spec.counties.clone(),
        stages: spec.stages.iter().map(|s| s.as_str().to_owned()).collect(),
        tags: spec.tags.clone(),
        organizers: spec.organizer_ids.clone(),
        scope: jurisdiction.path().map(str::to_owned),
        threshold_tag: spec.threshold.as_ref().and_then(|t| t.tag.clone()),
        threshold_half_hours: spec
            .threshold
            .as_ref()
            .map_or(0, |t| (t.hours * 2.0).round() as i64),
    })
}

/// One output row of the statement.
#[derive(Debug, Clone)]
struct Aggregate {
    grouped: i32,
    keys: Vec<Option<String>>,
    people: i64,
    measures: HashMap<Measure, i64>,
}

async fn fetch(pool: &PgPool, spec: &Spec, st: &Statement) -> sqlx::Result<Vec<Aggregate>> {
    let rows = sqlx::query(&st.sql)
        .bind(st.from)
        .bind(st.to)
        .bind(&st.counties)
        .bind(&st.stages)
        .bind(&st.tags)
        .bind(&st.organizers)
        .bind(&st.scope)
        .bind(&st.threshold_tag)
        .bind(st.threshold_half_hours)
        .fetch_all(pool)
        .await?;
    let n = spec.dimensions.len();
    rows.into_iter()
        .map(|row| {
            let grouped: i32 = row.try_get("grouped")?;
            let keys = (0..n)
                .map(|i| row.try_get::<Option<String>, _>(format!("d{i}").as_str()))
                .collect::<sqlx::Result<Vec<_>>>()?;
            let by_tag_aggregated = spec
                .dimensions
                .iter()
                .position(|d| *d == Dimension::Tag)
                .is_some_and(|i| grouped & (1 << i) != 0);
            let mut measures = HashMap::new();
            for m in &spec.measures {
                let column = match (m, by_tag_aggregated) {
                    (Measure::Hours, true) => "hours_once",
                    (Measure::Registrations, true) => "registrations_once",
                    (m, _) => m.key(),
                };
                measures.insert(*m, row.try_get::<i64, _>(column)?);
            }
            Ok(Aggregate {
                grouped,
                keys,
                people: row.try_get("people")?,
                measures,
            })
        })
        .collect()
}

/// Runs the statement, applies disclosure control with threshold `k`, and
/// labels the result.
#[tracing::instrument(skip_all, fields(k = k))]
pub async fn compute(
    pool: &PgPool,
    spec: &Spec,
    jurisdiction: &Jurisdiction,
    k: u64,
) -> anyhow::Result<Table> {
    let st = statement(spec, jurisdiction).map_err(anyhow::Error::msg)?;
    let aggregates = fetch(pool, spec, &st).await?;
    let labels = Labels::load(pool, spec, &aggregates).await?;
    let spec = spec.clone();
    tokio::task::spawn_blocking(move || publish(&spec, &aggregates, &labels, k)).await?
}

/// Display names and sort keys of dimension values.
#[derive(Default)]
pub struct Labels {
    units: HashMap<String, (String, String)>,
    tags: HashMap<String, (i32, String)>,
}

impl Labels {
    async fn load(pool: &PgPool, spec: &Spec, aggregates: &[Aggregate]) -> sqlx::Result<Self> {
        let mut ids: Vec<Uuid> = vec![];
        for (i, d) in spec.dimensions.iter().enumerate() {
            if matches!(
                d,
                Dimension::School | Dimension::Authority | Dimension::Organizer
            ) {
                ids.extend(
                    aggregates
                        .iter()
                        .filter_map(|a| a.keys[i].as_deref()?.parse::<Uuid>().ok()),
                );
            }
        }
        ids.sort();
        ids.dedup();
        let units = sqlx::query!(
            "SELECT id, name, coalesce(county_code, '') || code AS \"sort!\"
               FROM org_units WHERE id = ANY($1)",
            &ids
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id.to_string(), (r.name, r.sort)))
        .collect();
        let tags =
            sqlx::query!("SELECT code, name, sort_order FROM course_codes WHERE list = 'tag'")
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| (r.code, (r.sort_order, r.name)))
                .collect();
        Ok(Self { units, tags })
    }

    fn label(&self, d: Dimension, key: &str) -> String {
        match d {
            Dimension::County => counties::county_name(key).unwrap_or(key).to_owned(),
            Dimension::School | Dimension::Authority | Dimension::Organizer => self
                .units
                .get(key)
                .map_or_else(|| key.to_owned(), |(name, _)| name.clone()),
            Dimension::Stage => EducationStage::parse(key)
                .map_or_else(|| key.to_owned(), |s| s.label_zh().to_owned()),
            Dimension::Tag if key == NO_TAG => "無屬性".to_owned(),
            Dimension::Tag => self
                .tags
                .get(key)
                .map_or_else(|| key.to_owned(), |(_, name)| name.clone()),
            Dimension::Month => key.to_owned(),
        }
    }

    /// Sorts values the way official tables list them.
    fn sort_key(&self, d: Dimension, key: &str) -> (i64, String) {
        match d {
            Dimension::County => (
                counties::COUNTIES
                    .iter()
                    .position(|(c, _)| *c == key)
                    .map_or(99, |p| p as i64),
                key.to_owned(),
            ),
            Dimension::Stage => (
                EducationStage::ALL
                    .iter()
                    .position(|s| s.as_str() == key)
                    .map_or(99, |p| p as i64),
                key.to_owned(),
            ),
            Dimension::Tag => (
                self.tags.get(key).map_or(i64::MAX, |(o, _)| *o as i64),
                key.to_owned(),
            ),
            Dimension::School | Dimension::Authority | Dimension::Organizer => (
                0,
                self.units
                    .get(key)
                    .map_or_else(|| key.to_owned(), |(_, sort)| sort.clone()),
            ),
            Dimension::Month => (0, key.to_owned()),
        }
    }
}

fn measure_label(m: Measure, spec: &Spec) -> String {
    match m {
        Measure::Teachers => "研習教師數（人）".into(),
        Measure::Hours => "核發時數（小時）".into(),
        Measure::Courses => "研習課程數（門）".into(),
        Measure::Registrations => "錄取人次".into(),
        Measure::TeachersMeetingThreshold => {
            let hours = spec.threshold.as_ref().map_or(0.0, |t| t.hours);
            format!("時數達 {hours} 小時教師數（人）")
        }
    }
}

fn format_measure(m: Measure, value: i64) -> String {
    match m {
        Measure::Hours => HalfHours(value).to_string(),
        _ => value.to_string(),
    }
}

/// With fewer than two dimensions the table has one row: its total is the
/// grand total and its cells are the column totals (with none, the one
/// cell is the grand total too).
fn complete_single_row(grid: &mut [Vec<i64>], dimensions: usize) {
    let rows = grid.len() - 1;
    let cols = grid[0].len() - 1;
    if dimensions == 0 {
        grid[0][0] = grid[rows][cols];
    }
    if dimensions <= 1 {
        grid[0][cols] = grid[rows][cols];
        let first = grid[0][..cols].to_vec();
        grid[rows][..cols].copy_from_slice(&first);
    }
}

/// Lays the aggregates out as a two-way table, suppresses, and writes the
/// published rows: each row key's cells then its total, then the column
/// totals, then the grand total.
fn publish(
    spec: &Spec,
    aggregates: &[Aggregate],
    labels: &Labels,
    k: u64,
) -> anyhow::Result<Table> {
    let n = spec.dimensions.len();
    let all_bits = (1i32 << n) - 1;
    let col_bit = if n == 0 { 0 } else { 1 << (n - 1) };
    let row_bits = all_bits & !col_bit;
    let key_of = |a: &Aggregate, range: std::ops::Range<usize>| -> Vec<String> {
        a.keys[range]
            .iter()
            .map(|k| k.clone().unwrap_or_default())
            .collect()
    };
    // Row keys and column keys, in display order.
    let mut row_keys: Vec<Vec<String>> = vec![];
    let mut col_keys: Vec<String> = vec![];
    if n >= 1 {
        for a in aggregates.iter().filter(|a| a.grouped == 0) {
            row_keys.push(key_of(a, 0..n - 1));
            col_keys.push(a.keys[n - 1].clone().unwrap_or_default());
        }
    } else {
        row_keys.push(vec![]);
    }
    let row_sort = |key: &Vec<String>| -> Vec<(i64, String)> {
        key.iter()
            .enumerate()
            .map(|(i, v)| labels.sort_key(spec.dimensions[i], v))
            .collect()
    };
    row_keys.sort_by_key(&row_sort);
    row_keys.dedup();
    if n >= 1 {
        let d = spec.dimensions[n - 1];
        col_keys.sort_by_key(|v| labels.sort_key(d, v));
        col_keys.dedup();
    } else {
        col_keys.push(String::new());
    }
    let row_index: HashMap<&Vec<String>, usize> =
        row_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let col_index: HashMap<&String, usize> =
        col_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let (rows, cols) = (row_keys.len(), col_keys.len());

    // Every value by position in the table with margins (r = rows: column
    // totals; c = cols: row totals).
    let mut people = vec![vec![0i64; cols + 1]; rows + 1];
    let mut values: HashMap<Measure, Vec<Vec<i64>>> = spec
        .measures
        .iter()
        .map(|m| (*m, vec![vec![0i64; cols + 1]; rows + 1]))
        .collect();
    for a in aggregates {
        let position = if n == 0 {
            Some((rows, cols))
        } else if a.grouped == 0 {
            let r = row_index[&key_of(a, 0..n - 1)];
            let c = col_index[&a.keys[n - 1].clone().unwrap_or_default()];
            Some((r, c))
        } else if a.grouped == all_bits {
            // Checked first: with one dimension it is also the column bit.
            Some((rows, cols))
        } else if a.grouped == col_bit {
            row_index.get(&key_of(a, 0..n - 1)).map(|&r| (r, cols))
        } else if a.grouped == row_bits {
            col_index
                .get(&a.keys[n - 1].clone().unwrap_or_default())
                .map(|&c| (rows, c))
        } else {
            None
        };
        let Some((r, c)) = position else { continue };
        people[r][c] = a.people;
        for (m, v) in &a.measures {
            if let Some(grid) = values.get_mut(m) {
                grid[r][c] = *v;
            }
        }
    }
    complete_single_row(&mut people, n);
    for grid in values.values_mut() {
        complete_single_row(grid, n);
    }

    // Disclosure: the distinct-teacher grids, each suppressed; hidden in any
    // is hidden in all.
    let mut grids = vec![people.clone()];
    for m in spec.measures.iter().filter(|m| m.counts_teachers()) {
        grids.push(values[m].clone());
    }
    let mut patterns: Vec<Published> = vec![];
    for grid in &grids {
        let as_u64 = |v: i64| v.max(0) as u64;
        let counts: Vec<Vec<u64>> = (0..rows)
            .map(|r| (0..cols).map(|c| as_u64(grid[r][c])).collect())
            .collect();
        let margins = Margins {
            row_totals: (0..rows).map(|r| as_u64(grid[r][cols])).collect(),
            column_totals: (0..cols).map(|c| as_u64(grid[rows][c])).collect(),
            total: as_u64(grid[rows][cols]),
        };
        patterns.push(
            disclosure::suppress_with_margins(&counts, &margins, k)
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    let hidden = |r: usize, c: usize| patterns.iter().any(|p| p.is_hidden(r, c));

    let mut columns: Vec<super::query::Column> = spec
        .dimensions
        .iter()
        .map(|d| Column {
            key: d.key().into(),
            label: d.label_zh().into(),
            kind: ColumnKind::Dimension,
        })
        .collect();
    columns.extend(spec.measures.iter().map(|m| Column {
        key: m.key().into(),
        label: measure_label(*m, spec),
        kind: ColumnKind::Measure,
    }));
    let mut out = vec![];
    let mut suppressed = 0i32;
    let mut emit = |dims: Vec<String>, r: usize, c: usize, total: bool| {
        let mut cells: Vec<Option<String>> = dims.into_iter().map(Some).collect();
        let hide = hidden(r, c);
        for m in &spec.measures {
            if hide {
                suppressed += 1;
                cells.push(None);
            } else {
                cells.push(Some(format_measure(*m, values[m][r][c])));
            }
        }
        out.push(ResultRow { cells, total });
    };
    let label_row = |key: &Vec<String>| -> Vec<String> {
        key.iter()
            .enumerate()
            .map(|(i, v)| labels.label(spec.dimensions[i], v))
            .collect()
    };
    if n >= 1 {
        let col_dim = spec.dimensions[n - 1];
        for (r, key) in row_keys.iter().enumerate() {
            for (c, col) in col_keys.iter().enumerate() {
                if people[r][c] == 0 {
                    continue;
                }
                let mut dims = label_row(key);
                dims.push(labels.label(col_dim, col));
                emit(dims, r, c, false);
            }
            if n >= 2 {
                let mut dims = label_row(key);
                dims.push(TOTAL_LABEL.into());
                emit(dims, r, cols, true);
            }
        }
        if n >= 2 {
            for (c, col) in col_keys.iter().enumerate() {
                let mut dims = vec![TOTAL_LABEL.to_owned(); n - 1];
                dims.push(labels.label(col_dim, col));
                emit(dims, rows, c, true);
            }
        }
    }
    emit(vec![TOTAL_LABEL.to_owned(); n], rows, cols, true);
    Ok(Table {
        columns,
        rows: out,
        suppressed,
        k: k as i32,
    })
}

/// The published values by dimension labels, for tests and downloads:
/// `{ "臺北市|國小": ["12", null] }`.
pub fn by_labels(table: &Table) -> BTreeMap<String, Vec<Option<String>>> {
    let dims = table
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Dimension)
        .count();
    table
        .rows
        .iter()
        .map(|r| {
            let key: Vec<String> = r.cells[..dims]
                .iter()
                .map(|c| c.clone().unwrap_or_default())
                .collect();
            (key.join("|"), r.cells[dims..].to_vec())
        })
        .collect()
}
