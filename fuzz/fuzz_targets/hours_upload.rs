//! Any bytes uploaded as hours give rows or a file error; nothing panics,
//! and every hours value read is in halves and positive.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((_, rows)) = inservice::hours::upload::read(data) {
        assert!(rows.len() <= inservice::hours::upload::MAX_ROWS);
        for row in rows {
            assert!(row.half_hours.is_none_or(|h| h > 0));
        }
    }
});
