//! Duplicate detection (案由三): when a course is submitted, courses that are
//! probably the same one are shown to the organizer and the reviewer.
//!
//! Two rules:
//! - the same organizer, overlapping dates, and a similar title (an
//!   organizer entering one course twice, or splitting one into several);
//! - a special-education course that another unit or platform has already
//!   registered and had approved: overlapping dates and a very similar title.
//!   Only public (approved) courses of other units are compared, so a match
//!   never reveals another unit's draft or pending course.
//!
//! Titles are compared by the Sørensen–Dice coefficient of their character
//! bigrams after dropping spaces and punctuation, which suits Chinese titles
//! (pg_trgm's trigrams depend on the database locale and ignore CJK text in
//! the C locale).

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// How similar a title must be to count, for each rule.
pub const SAME_ORGANIZER_THRESHOLD: f64 = 0.5;
pub const SPECIAL_EDUCATION_THRESHOLD: f64 = 0.7;

pub const SPECIAL_EDUCATION_TAG: &str = "special_education";

#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum DuplicateKind {
    /// Same organizer, overlapping dates, similar title.
    SameOrganizer,
    /// A special-education course another unit already registered.
    SpecialEducation,
}

impl DuplicateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SameOrganizer => "same_organizer",
            Self::SpecialEducation => "special_education",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "special_education" => Self::SpecialEducation,
            _ => Self::SameOrganizer,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub other_course_id: Uuid,
    pub kind: DuplicateKind,
    pub similarity: f64,
}

/// Letters and digits only, lower case: "115學年度 特教 研習！" → "115學年度特教研習".
fn normalize(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// 0 (nothing shared) to 1 (the same after normalization): the
/// Sørensen–Dice coefficient of character bigrams. (strsim's version divides
/// by byte lengths, which understates every CJK comparison threefold.)
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return 1.0;
    }
    let bigrams = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, mut y) = (bigrams(&a), bigrams(&b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let total = x.len() + y.len();
    let mut shared = 0;
    for bigram in &x {
        if let Some(i) = y.iter().position(|b| b == bigram) {
            y.swap_remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total as f64
}

/// The course being submitted, as far as matching needs it.
pub struct Candidate<'a> {
    pub id: Uuid,
    pub organizer_id: Uuid,
    pub title: &'a str,
    pub tags: &'a [String],
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

/// Likely duplicates of `c`, most similar first.
pub async fn find(conn: &mut PgConnection, c: &Candidate<'_>) -> sqlx::Result<Vec<Match>> {
    let special = c.tags.iter().any(|t| t == SPECIAL_EDUCATION_TAG);
    let others = sqlx::query!(
        r#"SELECT id, organizer_id, title FROM courses
            WHERE id <> $1
              AND starts_at <= $4 AND ends_at >= $3
              AND ((organizer_id = $2 AND status IN ('submitted', 'approved', 'returned', 'completed'))
                   OR ($5 AND organizer_id <> $2 AND status IN ('approved', 'completed')
                       AND $6 = ANY(tags)))"#,
        c.id,
        c.organizer_id,
        c.starts_at,
        c.ends_at,
        special,
        SPECIAL_EDUCATION_TAG,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut matches: Vec<Match> = others
        .into_iter()
        .filter_map(|o| {
            let similarity = title_similarity(c.title, &o.title);
            let (kind, threshold) = if o.organizer_id == c.organizer_id {
                (DuplicateKind::SameOrganizer, SAME_ORGANIZER_THRESHOLD)
            } else {
                (DuplicateKind::SpecialEducation, SPECIAL_EDUCATION_THRESHOLD)
            };
            (similarity >= threshold).then_some(Match {
                other_course_id: o.id,
                kind,
                similarity,
            })
        })
        .collect();
    matches.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    Ok(matches)
}

/// Replaces the stored matches of a course (kept from its last submission).
pub async fn store(
    conn: &mut PgConnection,
    course_id: Uuid,
    matches: &[Match],
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM course_duplicates WHERE course_id = $1",
        course_id
    )
    .execute(&mut *conn)
    .await?;
    let others: Vec<Uuid> = matches.iter().map(|m| m.other_course_id).collect();
    let kinds: Vec<String> = matches.iter().map(|m| m.kind.as_str().to_owned()).collect();
    let similarities: Vec<f32> = matches.iter().map(|m| m.similarity as f32).collect();
    sqlx::query!(
        r#"INSERT INTO course_duplicates (course_id, other_course_id, kind, similarity)
           SELECT $1, o, k, s FROM unnest($2::uuid[], $3::text[], $4::real[]) AS t(o, k, s)"#,
        course_id,
        &others,
        &kinds,
        &similarities,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_spacing_and_case_do_not_matter() {
        assert_eq!(
            title_similarity("特教知能研習（一）", "特教知能 研習 (一)"),
            1.0
        );
        assert_eq!(title_similarity("AI in Class", "ai in class!"), 1.0);
    }

    #[test]
    fn the_score_counts_characters_not_bytes() {
        let s = title_similarity(
            "113學年度國語文教學知能研習",
            "113學年度國語文教學知能研習（二）",
        );
        // 15 and 16 characters: 14 of 14 + 15 bigrams shared.
        assert!((s - 28.0 / 29.0).abs() < 1e-9, "{s}");
        assert_eq!(title_similarity("ab", "cd"), 0.0);
        assert_eq!(title_similarity("a", "b"), 0.0);
    }

    #[test]
    fn similar_titles_score_high_and_different_ones_low() {
        let s = title_similarity(
            "115學年度特殊教育知能研習",
            "115學年度特殊教育知能研習第二場",
        );
        assert!(s >= SPECIAL_EDUCATION_THRESHOLD, "{s}");
        let s = title_similarity("特殊教育知能研習", "數位學習工作坊");
        assert!(s < SAME_ORGANIZER_THRESHOLD, "{s}");
    }
}
