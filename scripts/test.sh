#!/usr/bin/env bash
# Run the test suite: `make test` (CI runs this too, through .ci/run).
#
# Environment:
#   DATABASE_URL   PostgreSQL server to test against. The tests create and drop their own
#                  databases there, so the URL's database is only the maintenance
#                  connection. When unset, the private cluster from scripts/dev-postgres.sh
#                  is provisioned and started.
# Arguments are passed to `cargo test`, e.g. scripts/test.sh accounts -- --nocapture
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z ${DATABASE_URL:-} ]]; then
    # Assigned separately so that a failure of the script is not masked by `export`.
    url=$(bash scripts/dev-postgres.sh ensure)
    export DATABASE_URL=$url
fi

# Compile-time query checks use the committed .sqlx metadata, not DATABASE_URL.
export SQLX_OFFLINE=true

cargo test --locked --all-targets "$@"

# --- Console tests go here (not yet): -------------------------------------------------------
# npm --prefix console ci && npm --prefix console test
# ---------------------------------------------------------------------------------------------
