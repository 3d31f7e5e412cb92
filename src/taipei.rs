//! Asia/Taipei: deadlines are Taipei dates and people read Taipei times.
//! Taiwan has kept UTC+8 without daylight saving since 1980.

use time::{Date, OffsetDateTime, UtcOffset};

pub const TAIPEI: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// Today's date in Taipei.
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(TAIPEI).date()
}

/// A time as people in Taiwan read it: `2026-12-01 09:00`.
pub fn format(t: OffsetDateTime) -> String {
    let t = t.to_offset(TAIPEI);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}
