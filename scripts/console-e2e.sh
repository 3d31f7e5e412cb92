#!/usr/bin/env bash
# Browser tests of the console against the real server: `bash scripts/console-e2e.sh`.
#
# Creates a fresh database, migrates it and loads the demo data, starts the already-built
# server on a free local port (it serves console/dist at / and the API at /graphql), runs
# the Playwright tests in console/e2e against it, then always stops the server and drops
# the database.
#
# Assumes: the server binary is built, `npm --prefix console ci` was run and console/dist
# is built (`npm --prefix console run build`), and Debian's chromium is installed.
#
# Environment:
#   DATABASE_URL   a PostgreSQL server where this script may create databases (the URL's
#                  own database is only the maintenance connection); when unset, the
#                  private cluster of scripts/dev-postgres.sh is provisioned and started
#   INSERVICE_BIN  the server binary (default: target/debug/inservice)
#   CHROMIUM_PATH  the browser (default: /usr/bin/chromium)
# Arguments are passed to `playwright test`, e.g. scripts/console-e2e.sh contacts --headed
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

bin=${INSERVICE_BIN:-target/debug/inservice}
[[ $bin == /* ]] || bin=$root/$bin
if [[ ! -x $bin ]]; then
    echo "error: no server binary at $bin; build it first (cargo build) or set INSERVICE_BIN" >&2
    exit 1
fi
if [[ ! -f console/dist/index.html ]]; then
    echo "error: console/dist is not built; run: npm --prefix console ci && npm --prefix console run build" >&2
    exit 1
fi
if [[ ! -d console/node_modules/@playwright/test ]]; then
    echo "error: console dependencies are missing; run: npm --prefix console ci" >&2
    exit 1
fi

if [[ -z ${DATABASE_URL:-} ]]; then
    # Assigned separately so that a failure of the script is not masked by `export`.
    url=$(bash scripts/dev-postgres.sh ensure)
    export DATABASE_URL=$url
fi

db="inservice_e2e_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
# Swap the database name in the URL (the part after the last '/' up to '?').
base=${DATABASE_URL%%\?*}
query=""
[[ $DATABASE_URL == *\?* ]] && query="?${DATABASE_URL#*\?}"
e2e_url="${base%/*}/${db}${query}"

out=$root/test-output/console
mkdir -p "$out"
log=$out/server.log
server_pid=''

cleanup() {
    local rc=$?
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    psql "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
    if ((rc != 0)) && [[ -s $log ]]; then
        echo "--- last lines of the server log ($log) ---" >&2
        tail -n 30 "$log" >&2 || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE ${db}"
echo "console-e2e: database ${db}" >&2
DATABASE_URL=$e2e_url "$bin" migrate
DATABASE_URL=$e2e_url "$bin" seed --demo >/dev/null

# A free port: bind port 0 and read what the kernel chose.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 40000))
        # Nothing answers there: the port is free.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "error: no free port found" >&2
    return 1
}
port=$(free_port)
address=127.0.0.1:$port

DATABASE_URL=$e2e_url "$bin" serve --listen "$address" >"$log" 2>&1 &
server_pid=$!

# Wait for readiness with a deadline, polling; fail early if the server exits.
deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null "http://$address/readyz" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "error: the server exited before it was ready" >&2
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "error: the server was not ready at http://$address/readyz within 60 s" >&2
        exit 1
    fi
    sleep 0.1
done
echo "console-e2e: $(grep -o 'inservice is running at [^ ]*' "$log" | head -n 1 || echo "server ready at http://$address/")" >&2

# The server must serve the built console, not the "not built" page.
if ! curl -fsS "http://$address/" | grep -q 'src="/assets/'; then
    echo "error: http://$address/ does not serve console/dist; rebuild the server after building the console" >&2
    exit 1
fi

# INSERVICE_E2E_DATABASE_URL: the server's own database, for tests that must set up
# what the API cannot (a course held in the past).
INSERVICE_URL="http://$address" INSERVICE_E2E_DATABASE_URL=$e2e_url npm --prefix console run e2e -- "$@"
