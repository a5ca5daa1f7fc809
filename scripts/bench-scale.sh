#!/usr/bin/env bash
# How a generated service scales with its contract: for each size N (operations; default
# 50 150 300, override with BENCH_SIZES), generate a service of N operations (a third
# each of GET by id, POST with a body and GET of a list, over N/3 pairs of schemas), and
# time `cargo test --no-run` of the service's own crate (dependencies built once,
# beforehand, and shared: the figure is the service's compile time, the part that grows
# with the contract). Then for the largest size: its whole `cargo test` (build and run,
# wall time) in a fresh target folder, the number of test binaries, and the disk use of
# that folder (du). Finally `msgen new --contract` + `msgen check` on the largest
# corpus document and on the largest generated contract (scripts/bench-contract.sh).
# usage: scripts/bench-scale.sh     env: BENCH_SIZES, BENCH_WORK (default: a temp folder,
# removed at the end; set it to keep the services and target folders), CARGO_TARGET_DIR
# (the shared target folder of the compile-time runs; default: one in BENCH_WORK)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
if [ -n "${BENCH_WORK:-}" ]; then
  work="$BENCH_WORK"; mkdir -p "$work"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
sizes="${BENCH_SIZES:-50 150 300}"
largest="$(printf '%s\n' $sizes | sort -n | tail -1)"

# shellcheck source=scripts/bench-spec.sh
. "$root/scripts/bench-spec.sh"

seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$@"; }
now() { date +%s.%N; }

# Dependencies once, in the shared target folder, with a one-operation service.
shared="${CARGO_TARGET_DIR:-$work/target-shared}"
bench_spec 1 warmup >"$work/warmup.toml"
"$msgen" new --from "$work/warmup.toml" --output "$work" --no-git --no-input >/dev/null
(cd "$work/warmup" && CARGO_TARGET_DIR="$shared" cargo test --locked --no-run --quiet 2>/dev/null)

for n in $sizes; do
  bench_spec "$n" "scale$n" >"$work/scale$n.toml"
  "$msgen" new --from "$work/scale$n.toml" --output "$work" --no-git --no-input >/dev/null
  start="$(now)"
  (cd "$work/scale$n" && CARGO_TARGET_DIR="$shared" cargo test --locked --no-run --quiet 2>/dev/null)
  printf '%5d operations: service crate compile (cargo test --no-run, dependencies built) %6s s\n' \
    "$n" "$(seconds "$start" "$(now)")"
done

# The largest, from nothing: build and run every test; count the test binaries.
fresh="$work/target-fresh"
start="$(now)"
(cd "$work/scale$largest" && CARGO_TARGET_DIR="$fresh" cargo test --locked --no-run 2>"$work/no-run.log" >/dev/null)
binaries="$(grep -c 'Executable ' "$work/no-run.log")"
# --no-fail-fast: a failing test is reported with the figures, not instead of them.
status=0
(cd "$work/scale$largest" && CARGO_TARGET_DIR="$fresh" cargo test --locked -q --no-fail-fast >"$work/test.log" 2>&1) \
  || status=$?
count() { grep -o "[0-9]* $1" "$work/test.log" | awk '{ sum += $1 } END { print sum + 0 }'; }
printf '%5d operations, from an empty target folder: cargo test (build + run) %s s, %s test binaries, %s tests passed, %s failed, target folder %s\n' \
  "$largest" "$(seconds "$start" "$(now)")" "$binaries" "$(count passed)" "$(count failed)" "$(du -sh "$fresh" | cut -f1)"
[ "$status" -eq 0 ] || { grep -A5 -- '---- ' "$work/test.log" | head -40; }

# new --contract + check on the largest corpus document and on the largest generated contract.
BASELINE="${BASELINE:-none}" scripts/bench-contract.sh tests/corpus/twilio-api-v2010.yaml "$work/scale$largest/openapi.yaml"
exit "$status"
