#!/usr/bin/env bash
# Build inservice and run it locally with demo data: `make run`.
#
# Environment:
#   DATABASE_URL        use this database; when unset, a private PostgreSQL cluster is
#                       provisioned and started by scripts/dev-postgres.sh
#   CARGO_TARGET_DIR    honoured when locating the built binary
# Extra arguments are passed to `inservice serve`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The console first: the release binary embeds console/dist.
npm --prefix console ci --no-audit --no-fund
npm --prefix console run build

# Offline: build from the committed query metadata (.sqlx), not a live database.
SQLX_OFFLINE=true cargo build --release --locked

if [[ -z ${DATABASE_URL:-} ]]; then
    # Assigned separately so that a failure of the script is not masked by `export`.
    url=$(bash scripts/dev-postgres.sh ensure)
    export DATABASE_URL=$url
fi

bin=${CARGO_TARGET_DIR:-target}/release/inservice
"$bin" migrate
"$bin" seed --demo
# exec: Ctrl-C and signals reach the server directly. It prints its URL and demo logins.
exec "$bin" serve "$@"
