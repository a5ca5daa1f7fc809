#!/usr/bin/env bash
# What the `multipart` feature of a generated service costs: a cold
# `cargo build --release --locked` of one service without it and with it
# (`--features multipart`), each in a fresh target folder, and the size of the
# binary.
#
#   scripts/bench-multipart-feature.sh
#
# Uses MSGEN (default: target/release/msgen of this repository). Needs the crates
# in cargo's cache (or the network). Deletes its scratch folders when done.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MSGEN="${MSGEN:-$ROOT/target/release/msgen}"
[ -x "$MSGEN" ] || { echo "no msgen at $MSGEN: run cargo build --release --locked" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-multipart.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && "$MSGEN" new mp-bench --no-git --no-input >/dev/null)
cd "$WORK/mp-bench"
cargo fetch --locked --quiet
printf '%-10s %12s %14s\n' features "build (s)" "binary (bytes)"
for features in "" multipart; do
  target="$WORK/target-${features:-none}"
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$target" cargo build --release --locked --quiet ${features:+--features "$features"}
  end=$(date +%s.%N)
  size=$(stat -c %s "$target/release/mp-bench")
  printf '%-10s %12.1f %14d\n' "${features:-(none)}" "$(echo "$end - $start" | bc)" "$size"
  rm -rf "$target"
done
