#!/usr/bin/env bash
# Run every test: `make test` (CI runs this too, through .ci/run).
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

# The console: install, type-check against schema.graphql (a schema change that breaks an
# operation fails here), unit tests, and the build the server embeds.
npm --prefix console ci --no-audit --no-fund
npm --prefix console run build
npm --prefix console test

# The server: unit and integration tests against real PostgreSQL and a real SMTP server.
cargo test --locked --all-targets "$@"

# The console in headless Chromium against the real server (target/debug/inservice, built
# by the tests above). Screenshots and the report land in test-output/console/.
bash scripts/console-e2e.sh
