//! Any bytes uploaded as a roster (CSV in UTF-8 or Big5, XLSX, XLS, ODS)
//! give rows or a file error; nothing panics, loops or runs out of memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((_, rows)) = inservice::teachers::import::read(data) {
        assert!(rows.len() <= inservice::teachers::import::MAX_ROWS);
    }
});
