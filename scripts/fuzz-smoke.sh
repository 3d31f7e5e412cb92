#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ on the stable toolchain and runs each for a
# bounded time with a memory limit. Any crash, panic, abort, timeout or allocation over
# the limit fails the script (and CI, which runs it after `make test`).
#
# cargo-fuzz needs nightly; this passes the same instrumentation flags by hand, which
# stable rustc accepts. A target triple is given so that build scripts and proc macros
# are built without them (as cargo-fuzz does).
#
# Usage: scripts/fuzz-smoke.sh [seconds per target, default 20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-${FUZZ_SECONDS:-20}}
target=$(rustc -vV | sed -n 's/^host: //p')
target_dir=${FUZZ_TARGET_DIR:-$PWD/fuzz/target}
targets=(workbook roster_import hours_upload)

export SQLX_OFFLINE=true
export CARGO_TARGET_DIR=$target_dir
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cdebug-assertions -Coverflow-checks"

# The service's own lock file, so the fuzzed code is built from the same versions
# (fuzz/Cargo.lock is not committed; cargo adds libfuzzer-sys to the copy).
[[ -f fuzz/Cargo.lock ]] || cp Cargo.lock fuzz/Cargo.lock

start=$SECONDS
cargo build --manifest-path fuzz/Cargo.toml --release --target "$target" \
    $(printf -- '--bin %s ' "${targets[@]}")
echo "fuzz targets built in $((SECONDS - start))s"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The workbook target writes the seeds (small valid and hostile XLSX, ODS and CSV
# files) when asked, and all targets start from them: nothing binary is kept in the
# repository.
seeds=$work/seeds
mkdir -p "$seeds"
INSERVICE_FUZZ_SEEDS=$seeds "$target_dir/$target/release/workbook" -runs=0 "$seeds" >/dev/null 2>&1
for name in "${targets[@]}"; do
    bin=$target_dir/$target/release/$name
    corpus=$work/$name
    mkdir -p "$corpus"
    cp "$seeds"/* "$corpus"/
    echo "== $name: $(find "$corpus" -type f | wc -l) seeds, ${seconds}s"
    # -rss_limit_mb / -malloc_limit_mb: a parser that allocates in proportion to what a
    # file claims rather than what it holds fails here. -timeout: one input may take at
    # most 10 s. Leaks are not this run's business (the parsers are safe Rust).
    log=$work/$name.log
    status=0
    "$bin" "$corpus" \
        -max_total_time="$seconds" \
        -rss_limit_mb=1024 \
        -malloc_limit_mb=512 \
        -timeout=10 \
        -max_len=65536 \
        -detect_leaks=0 \
        -print_final_stats=1 \
        -artifact_prefix="$work/crash-$name-" >"$log" 2>&1 || status=$?
    # The start and end (coverage: `cov:` should have grown) and any failure.
    grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$log" || true
    if ((status != 0)); then
        tail -n 40 "$log" >&2
        echo "error: fuzz target $name failed (exit $status); the input that broke it, in base64:" >&2
        for f in "$work"/crash-"$name"-*; do
            [[ -e $f ]] && { echo "$f" >&2; base64 -w0 "$f" >&2; echo >&2; }
        done
        exit 1
    fi
done
echo "fuzz smoke passed in $((SECONDS - start))s"
