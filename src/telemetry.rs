//! Logging to standard error (standard output is for command results such as
//! `export-schema`). Filter with `RUST_LOG` (default `info,sqlx=warn`).

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber once; later calls are ignored (tests).
pub fn init(json: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let result = if json {
        fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .json()
            .try_init()
    } else {
        fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init()
    };
    let _ = result;
}
