#!/usr/bin/env bash
# Regenerate the compile-time query metadata in .sqlx/ (commit the result),
# or with --check verify that the committed .sqlx/ matches the queries and
# migrations. Needs no sqlx-cli: the sqlx macros write the metadata
# themselves when SQLX_OFFLINE_DIR is set.
#
# Uses a scratch database on $DATABASE_URL's server (or the private cluster),
# created from migrations/ with psql and dropped afterwards.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

check=false
[[ ${1:-} == --check ]] && check=true

if [[ -z ${DATABASE_URL:-} ]]; then
    url=$(bash scripts/dev-postgres.sh ensure)
    export DATABASE_URL=$url
fi

scratch="inservice_sqlx_prepare_$$"
# Swap the database name in the URL (the part after the last '/' up to '?').
base=${DATABASE_URL%%\?*}
query=""
[[ $DATABASE_URL == *\?* ]] && query="?${DATABASE_URL#*\?}"
scratch_url="${base%/*}/${scratch}${query}"

psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE ${scratch}"
cleanup() { psql "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT

for f in migrations/*.sql; do
    psql "$scratch_url" -v ON_ERROR_STOP=1 -q -f "$f" >/dev/null
done

out=.sqlx
if $check; then
    out=$(mktemp -d)
fi
rm -rf "${out:?}"/query-*.json
mkdir -p "$out"

# Touch the sources so the macros run again for every query.
find src tests -name '*.rs' -exec touch {} +
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$(realpath "$out")" DATABASE_URL="$scratch_url" \
    cargo test --locked --all-targets --no-run --quiet

if $check; then
    if ! diff -r -q .sqlx "$out" >/dev/null; then
        echo "error: .sqlx/ is stale; run scripts/sqlx-prepare.sh and commit the result" >&2
        diff -r .sqlx "$out" | head -40 >&2 || true
        rm -rf "$out"
        exit 1
    fi
    rm -rf "$out"
    echo ".sqlx/ is up to date" >&2
else
    echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/" >&2
fi
