#!/usr/bin/env bash
# Private PostgreSQL cluster for developing and testing inservice.
#
# Usage: scripts/dev-postgres.sh ensure|stop|status|url
#
#   ensure  create the cluster if needed, start it if needed, create the database,
#           then print its connection URL (the only thing written to stdout)
#   stop    stop the cluster if it is running
#   status  tell, in words, whether the cluster exists and runs
#   url     print the connection URL (no side effects)
#
# Environment:
#   INSERVICE_DATA_DIR   where project data lives (default: <repo>/.data); the cluster
#                        uses <dir>/postgres/{cluster,run,postgres.log}
#   INSERVICE_DB_NAME    database to create and put in the URL (default: inservice)
#   INSERVICE_PG_BINDIR  directory holding initdb/pg_ctl/psql (default: discovered)
#
# The cluster is built from the machine's PostgreSQL binaries rather than using a system
# server, so the project never depends on how (or whether) one is configured. It listens
# only on a Unix socket inside our own run directory: nothing else on the machine can clash
# with it, and it never opens a TCP port.
set -euo pipefail

readonly MIN_PG_MAJOR=14
readonly PG_PORT=5432 # the socket file lives in our own run dir, so the standard port can't clash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DATA_DIR=${INSERVICE_DATA_DIR:-$REPO_ROOT/.data}
# The URL must carry an absolute socket path, whatever directory we were started from.
case $DATA_DIR in
/*) ;;
*) DATA_DIR=$PWD/$DATA_DIR ;;
esac
PG_DIR=$DATA_DIR/postgres
CLUSTER_DIR=$PG_DIR/cluster
RUN_DIR=$PG_DIR/run
LOG_FILE=$PG_DIR/postgres.log
LOCK_FILE=$PG_DIR/lock
DB_NAME=${INSERVICE_DB_NAME:-inservice}

# libpq and the server read PGHOST, PGPORT, PGDATA, ... from the environment; a developer's
# own settings must not send our psql calls, or the server's defaults, somewhere else.
for var in $(compgen -e); do
    case $var in PG*) unset "$var" ;; esac
done

log() { printf 'dev-postgres: %s\n' "$*" >&2; }
die() {
    printf 'dev-postgres: error: %s\n' "$1" >&2
    shift
    local line
    for line in "$@"; do printf '  %s\n' "$line" >&2; done
    exit 1
}

usage() {
    printf 'Usage: %s ensure|stop|status|url\n' "$0" >&2
    exit "${1:-2}"
}

# Percent-encode everything but unreserved characters and '/', byte by byte, so an unusual
# socket path still yields a URL that libpq and sqlx decode back to the same path.
urlencode() {
    local LC_ALL=C s=$1 out='' c hex i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        [A-Za-z0-9/._~-]) out+=$c ;;
        *)
            printf -v hex '%%%02X' "'$c"
            out+=$hex
            ;;
        esac
    done
    printf '%s' "$out"
}

check_db_name() {
    # Keeps the name usable unquoted in URLs and shells; PostgreSQL's limit is 63 bytes.
    [[ $DB_NAME =~ ^[A-Za-z_][A-Za-z0-9_-]{0,62}$ ]] ||
        die "INSERVICE_DB_NAME='$DB_NAME' is not a plain database name (letters, digits, _ and -)."
}

database_url() {
    printf 'postgres://postgres@localhost/%s?host=%s\n' "$DB_NAME" "$(urlencode "$RUN_DIR")"
}

# --- Finding the PostgreSQL binaries -------------------------------------------------------

BIN_DIR=''
SHARE_DIR=''

find_bin_dir() {
    if [[ -n ${INSERVICE_PG_BINDIR:-} ]]; then
        # Absolute, since the server tools may run from another directory (see as_owner).
        BIN_DIR=$(cd "$INSERVICE_PG_BINDIR" 2>/dev/null && pwd -P) || BIN_DIR=$INSERVICE_PG_BINDIR
        return
    fi
    local dir candidate
    # pg_config names the installation it belongs to; on Debian, libpq-dev's pg_config can
    # name a version whose server is not installed, so only trust it if initdb is there.
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $dir && -x $dir/initdb ]]; then
            BIN_DIR=$dir
            return
        fi
    fi
    # Debian/Ubuntu keep each major version's server out of PATH; take the newest.
    dir=$(for candidate in /usr/lib/postgresql/*/bin; do
        if [[ -x $candidate/initdb ]]; then printf '%s\n' "$candidate"; fi
    done | sort -V | tail -n 1)
    if [[ -n $dir ]]; then
        BIN_DIR=$dir
        return
    fi
    # Anything else (Homebrew, Fedora, a source build): wherever initdb on PATH really lives,
    # so that pg_ctl and psql come from the same installation.
    if candidate=$(command -v initdb 2>/dev/null); then
        candidate=$(readlink -f "$candidate" 2>/dev/null || printf '%s' "$candidate")
        BIN_DIR=$(dirname "$candidate")
    fi
}

# Where the installation keeps extension control files: ask its own pg_config when it has
# one, else derive it from the Debian layout or the usual prefix layout.
find_share_dir() {
    local candidates=() dir major
    if [[ -x $BIN_DIR/pg_config ]]; then
        dir=$("$BIN_DIR/pg_config" --sharedir 2>/dev/null || true)
        [[ -n $dir ]] && candidates+=("$dir")
    fi
    if [[ $BIN_DIR =~ ^/usr/lib/postgresql/([^/]+)/bin$ ]]; then
        major=${BASH_REMATCH[1]}
        candidates+=("/usr/share/postgresql/$major")
    fi
    candidates+=("$BIN_DIR/../share/postgresql" "$BIN_DIR/../share")
    for dir in "${candidates[@]}"; do
        if [[ -d $dir/extension ]]; then
            SHARE_DIR=$dir
            return
        fi
    done
    SHARE_DIR=${candidates[0]}
}

pg_major_version() {
    local out version
    out=$("$BIN_DIR/pg_ctl" --version) || return 1
    # "pg_ctl (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)" -> 15
    read -r _ _ version _ <<<"$out"
    version=${version%%.*}
    printf '%s\n' "${version%%[!0-9]*}"
}

require_binaries() {
    find_bin_dir
    local tool missing=()
    for tool in initdb pg_ctl; do
        [[ -n $BIN_DIR && -x $BIN_DIR/$tool ]] || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        die "PostgreSQL server binaries (initdb, pg_ctl) were not found${BIN_DIR:+ in $BIN_DIR} (missing: ${missing[*]})." \
            "Install them with: sudo apt-get install postgresql postgresql-contrib  (Debian/Ubuntu)  — or set DATABASE_URL to an existing PostgreSQL $MIN_PG_MAJOR+ database." \
            "Fedora/RHEL: sudo dnf install postgresql-server postgresql-contrib; macOS: brew install postgresql@16." \
            "If they are installed somewhere unusual, point INSERVICE_PG_BINDIR at the directory holding initdb."
    fi
    PSQL=$BIN_DIR/psql
    if [[ ! -x $PSQL ]]; then
        PSQL=$(command -v psql 2>/dev/null) ||
            die "psql was not found next to initdb ($BIN_DIR) nor on PATH." \
                "Install it with: sudo apt-get install postgresql-client  (Debian/Ubuntu)."
    fi

    PG_MAJOR=$(pg_major_version) || die "could not run $BIN_DIR/pg_ctl --version."
    if [[ -z $PG_MAJOR ]] || ((PG_MAJOR < MIN_PG_MAJOR)); then
        die "PostgreSQL in $BIN_DIR is version '${PG_MAJOR:-unknown}'; inservice needs $MIN_PG_MAJOR or newer." \
            "Install a newer server, point INSERVICE_PG_BINDIR at one, or set DATABASE_URL to an existing PostgreSQL $MIN_PG_MAJOR+ database."
    fi

    # The schema uses ltree (unit hierarchy), pg_trgm (fuzzy search) and
    # btree_gist (non-overlapping review delegations).
    find_share_dir
    local ext missing_ext=()
    for ext in ltree pg_trgm btree_gist; do
        [[ -f $SHARE_DIR/extension/$ext.control ]] || missing_ext+=("$ext")
    done
    if ((${#missing_ext[@]})); then
        die "PostgreSQL extension(s) ${missing_ext[*]} not found in $SHARE_DIR/extension (needed: ltree, pg_trgm, btree_gist)." \
            "Debian/Ubuntu: they ship with the server package: sudo apt-get install postgresql-$PG_MAJOR  (or postgresql postgresql-contrib)." \
            "Other distributions: install postgresql-contrib (e.g. sudo dnf install postgresql-contrib)." \
            "Or set DATABASE_URL to an existing PostgreSQL $MIN_PG_MAJOR+ database that has them."
    fi
}

# --- Running as the right user -------------------------------------------------------------

# PostgreSQL refuses to run as root. As root we run the server tools as the `postgres`
# system user (which the distribution's server package creates); otherwise as ourselves.
AS_POSTGRES=0
RUNUSER=runuser
if ((EUID == 0)); then AS_POSTGRES=1; fi

require_server_user() {
    ((AS_POSTGRES)) || return 0
    id -u postgres >/dev/null 2>&1 ||
        die "running as root, and PostgreSQL refuses to run as root, but there is no 'postgres' user to run it as." \
            "Create an unprivileged user or run as a normal user (or set DATABASE_URL to an existing database)."
    # /usr/sbin is not on every PATH (e.g. a minimal CI environment).
    RUNUSER=$(PATH=$PATH:/usr/sbin:/sbin command -v runuser) ||
        die "running as root needs runuser (util-linux) to start PostgreSQL as the 'postgres' user."
}

# Run a server tool as the cluster's owner. fd 9 holds our lock: closing it keeps the
# postmaster (started through pg_ctl) from inheriting it and holding the lock forever.
# cd / because the postgres user may not be allowed into the caller's directory.
as_owner() {
    if ((AS_POSTGRES)); then
        (cd / && "$RUNUSER" -u postgres -- "$@") 9>&-
    else
        "$@" 9>&-
    fi
}

# As root the postgres user must be able to walk down to the data dir; a checkout under a
# private home directory (mode 700) is the usual way this fails.
check_owner_can_reach_data_dir() {
    ((AS_POSTGRES)) || return 0
    if "$RUNUSER" -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then return 0; fi
    local dir='' part parts blocked=$DATA_DIR
    IFS=/ read -ra parts <<<"${DATA_DIR#/}"
    for part in "${parts[@]}"; do
        [[ -n $part ]] || continue
        dir+=/$part
        if ! "$RUNUSER" -u postgres -- test -x "$dir" 2>/dev/null; then
            blocked=$dir
            break
        fi
    done
    die "the 'postgres' user (which runs the server, since we run as root) cannot enter $blocked," \
        "so it cannot use a cluster under $DATA_DIR." \
        "Put the data somewhere it can reach, e.g.: INSERVICE_DATA_DIR=/var/tmp/inservice $0 ensure" \
        "(or give others search permission: chmod o+x $blocked; or run as a normal user)."
}

# A cluster made by another user (say as root, then as a normal user) cannot be run by us;
# say so before touching anything of theirs.
check_ownership() {
    local who dir expected owner
    if ((AS_POSTGRES)); then
        who="the 'postgres' user"
        expected=$(id -u postgres)
    else
        who=you
        expected=$EUID
    fi
    for dir in "$PG_DIR" "$CLUSTER_DIR"; do
        [[ -e $dir ]] || continue
        owner=$(stat -c %u "$dir" 2>/dev/null || stat -f %u "$dir")
        # As root, $PG_DIR may still be root's own from a first, interrupted run.
        [[ $owner == "$expected" ]] || { ((AS_POSTGRES)) && [[ $owner == 0 && $dir == "$PG_DIR" ]]; } ||
            die "$dir belongs to user $(id -nu "$owner" 2>/dev/null || echo "$owner"), not $who, so it cannot run this cluster." \
                "Run as the user who made it (as root if it belongs to 'postgres'), use another" \
                "INSERVICE_DATA_DIR, or remove $PG_DIR to start afresh."
    done
}

# --- Cluster state -------------------------------------------------------------------------

is_initialized() { [[ -f $CLUSTER_DIR/PG_VERSION ]]; }

is_running() {
    is_initialized || return 1
    as_owner "$BIN_DIR/pg_ctl" status -D "$CLUSTER_DIR" >/dev/null 2>&1
}

# Is $1 a live process that looks like a PostgreSQL server?
pid_is_postgres() {
    local pid=$1 cmd
    if [[ -d /proc ]] && [[ -r /proc/self/cmdline ]]; then
        [[ -r /proc/$pid/cmdline ]] || return 1
        cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    else
        cmd=$(ps -p "$pid" -o command= 2>/dev/null) || return 1
    fi
    [[ $cmd == *postgres* || $cmd == *postmaster* ]]
}

# After a crash or a killed container postmaster.pid stays behind. pg_ctl has just told us
# no server runs; drop the file unless its PID is (still) a PostgreSQL process.
remove_stale_pid_file() {
    local pid_file=$CLUSTER_DIR/postmaster.pid pid
    [[ -f $pid_file ]] || return 0
    pid=$(head -n 1 "$pid_file" 2>/dev/null || true)
    if [[ $pid =~ ^[0-9]+$ ]] && pid_is_postgres "$pid"; then
        die "$pid_file names PID $pid, a live PostgreSQL process, yet pg_ctl says the cluster is not running." \
            "Check that process (and $LOG_FILE) before removing the file by hand."
    fi
    log "removing stale $pid_file (PID ${pid:-?} is gone)"
    rm -f "$pid_file"
}

make_owned_dir() {
    local dir=$1 mode=$2
    # umask 022 so directories on the way are enterable by the postgres user when we are root.
    (umask 022 && mkdir -p "$dir")
    if ((AS_POSTGRES)); then chown postgres "$dir"; fi
    chmod "$mode" "$dir"
}

init_cluster() {
    local tmp=$PG_DIR/cluster.initdb locale
    rm -rf "$tmp"
    for locale in C.UTF-8 C; do
        log "initializing cluster in $CLUSTER_DIR (locale $locale)"
        # --no-sync: a throwaway dev cluster need not survive a power cut.
        if as_owner "$BIN_DIR/initdb" -D "$tmp" -U postgres --auth=trust --encoding=UTF8 \
            --locale="$locale" --no-sync >"$PG_DIR/initdb.log" 2>&1; then
            # Settings live in a file of ours, rewritten at each start (see write_config).
            printf "\ninclude_if_exists = 'inservice.conf'\n" >>"$tmp/postgresql.conf"
            # Only a fully initialized cluster ever appears under its real name, so an
            # interrupted initdb is simply redone next time.
            mv "$tmp" "$CLUSTER_DIR"
            return 0
        fi
        rm -rf "$tmp"
        [[ $locale == C ]] || log "initdb with locale $locale failed; retrying with locale C"
    done
    tail -n 20 "$PG_DIR/initdb.log" >&2 || true
    die "initdb failed; its full output is in $PG_DIR/initdb.log."
}

write_config() {
    local conf=$CLUSTER_DIR/inservice.conf run_dir_quoted=${RUN_DIR//\'/\'\'}
    cat >"$conf" <<EOF
# Written by scripts/dev-postgres.sh at every start; edits here are lost.
# Reachable only through the Unix socket in our own run directory: no TCP port at all.
listen_addresses = ''
unix_socket_directories = '$run_dir_quoted'
port = $PG_PORT
# Tests open many pools in parallel.
max_connections = 200
# A development/test cluster: losing it in a power cut is fine, so trade durability for
# speed. Never copy these settings to a real server.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    if ((AS_POSTGRES)); then chown postgres "$conf"; fi
}

check_socket_path_length() {
    # Unix socket paths are limited to 107 bytes; the server would fail with a terse error.
    local socket=$RUN_DIR/.s.PGSQL.$PG_PORT
    ((${#socket} <= 107)) ||
        die "the socket path $socket is longer than 107 bytes." \
            "Use a shorter data directory, e.g. INSERVICE_DATA_DIR=/var/tmp/inservice."
}

start_cluster() {
    remove_stale_pid_file
    write_config
    log "starting PostgreSQL $PG_MAJOR (log: $LOG_FILE)"
    if ! as_owner "$BIN_DIR/pg_ctl" start -D "$CLUSTER_DIR" -w -t 60 -l "$LOG_FILE" >&2; then
        tail -n 20 "$LOG_FILE" >&2 || true
        die "PostgreSQL did not start; see $LOG_FILE."
    fi
}

create_database() {
    # \gexec runs the CREATE only when the database is missing; :'db' and %I quote the name.
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$RUN_DIR" -p "$PG_PORT" -U postgres -d postgres \
        -v db="$DB_NAME" >&2 <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

cmd_ensure() {
    check_db_name
    require_binaries
    require_server_user
    check_socket_path_length
    command -v flock >/dev/null 2>&1 || die "flock (util-linux) is needed to guard against concurrent runs."

    (umask 022 && mkdir -p "$PG_DIR")
    check_owner_can_reach_data_dir
    check_ownership
    # Two shells (say `make run` and `make test`) may race here; one does the work at a time.
    exec 9>>"$LOCK_FILE"
    flock -w 180 9 || die "timed out waiting for $LOCK_FILE (another dev-postgres.sh is busy)."

    check_ownership # again: another run may have made them while we waited
    make_owned_dir "$PG_DIR" 755
    make_owned_dir "$RUN_DIR" 700 # only the owner (and root) may connect: auth is 'trust'

    if ! is_initialized; then
        [[ ! -e $CLUSTER_DIR ]] ||
            die "$CLUSTER_DIR exists but holds no PostgreSQL cluster (no PG_VERSION); move it away or remove it."
        init_cluster
    fi
    local cluster_major
    cluster_major=$(<"$CLUSTER_DIR/PG_VERSION")
    [[ $cluster_major == "$PG_MAJOR" ]] ||
        die "the cluster in $CLUSTER_DIR was made by PostgreSQL $cluster_major, but the binaries in $BIN_DIR are $PG_MAJOR." \
            "Its data is disposable: 'make clean-data' (or remove $PG_DIR) and run again."

    if is_running; then
        log "PostgreSQL is already running (socket in $RUN_DIR)"
    else
        start_cluster
    fi
    create_database ||
        die "could not create or find database $DB_NAME through the socket in $RUN_DIR; see $LOG_FILE."
    exec 9>&-
    database_url
}

cmd_stop() {
    if [[ ! -e $CLUSTER_DIR ]]; then
        log "no cluster in $CLUSTER_DIR; nothing to stop"
        return 0
    fi
    require_server_user
    check_ownership
    require_binaries
    exec 9>>"$LOCK_FILE"
    flock -w 180 9 || die "timed out waiting for $LOCK_FILE (another dev-postgres.sh is busy)."
    if is_running; then
        log "stopping PostgreSQL in $CLUSTER_DIR"
        as_owner "$BIN_DIR/pg_ctl" stop -D "$CLUSTER_DIR" -m fast -w -t 60 >&2
    else
        log "PostgreSQL is not running"
    fi
}

cmd_status() {
    check_db_name
    printf 'data directory: %s\n' "$PG_DIR"
    find_bin_dir
    if [[ -z $BIN_DIR || ! -x $BIN_DIR/pg_ctl ]]; then
        printf 'binaries:       not found (initdb/pg_ctl); "%s ensure" explains how to install them\n' "$0"
        return 3
    fi
    printf 'binaries:       %s\n' "$BIN_DIR"
    if ! is_initialized; then
        if [[ -e $CLUSTER_DIR && ! -r $CLUSTER_DIR ]]; then
            printf 'cluster:        %s is not readable by you (made by another user)\n' "$CLUSTER_DIR"
        else
            printf 'cluster:        not created yet (run "%s ensure")\n' "$0"
        fi
        return 3
    fi
    printf 'cluster:        %s (PostgreSQL %s)\n' "$CLUSTER_DIR" "$(<"$CLUSTER_DIR/PG_VERSION")"
    require_server_user
    if is_running; then
        printf 'server:         running, socket in %s\n' "$RUN_DIR"
        printf 'log:            %s\n' "$LOG_FILE"
        printf 'url:            %s\n' "$(database_url)"
    else
        printf 'server:         stopped (run "%s ensure" to start it)\n' "$0"
        return 3
    fi
}

main() {
    (($# == 1)) || usage
    case $1 in
    ensure) cmd_ensure ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url)
        check_db_name
        database_url
        ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
    esac
}

main "$@"
