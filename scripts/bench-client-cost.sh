#!/usr/bin/env bash
# What the clients of other services cost a generated service: cold release build
# time and binary size of `orders` without a dependency (`msgen remove-dependency`),
# with `payments`, as examples/orders.toml declares it, and with `payments` and the
# `tls` feature (`--features tls`). Each build starts from an empty target folder, so
# cargo's cache of downloaded crates is the only thing shared. Also proves that the
# shipped Cargo.lock holds for each: the builds run with --locked --offline.
#
#   scripts/bench-client-cost.sh        (needs target/release/msgen, or MSGEN=PATH)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MSGEN="${MSGEN:-$ROOT/target/release/msgen}"
[ -x "$MSGEN" ] || { echo "no msgen at $MSGEN: run cargo build --release --locked" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-clients.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# examples/orders.toml declares payments; `remove-dependency` gives the service without.
for variant in without with; do
  mkdir -p "$WORK/$variant"
  "$MSGEN" new --from "$ROOT/examples/orders.toml" --output "$WORK/$variant" --no-input --no-git >/dev/null
done
"$MSGEN" remove-dependency payments -C "$WORK/without/orders" >/dev/null

# The third build is the service with the client and its `tls` feature (https://).
for variant in without with with-tls; do
  dir="$WORK/${variant%-tls}/orders"
  features=()
  [ "$variant" = with-tls ] && features=(--features tls)
  (cd "$dir" && cargo fetch --locked --quiet)
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$WORK/target-$variant" cargo build --release --locked --offline --quiet "${features[@]}")
  end=$(date +%s.%N)
  size=$(stat -c %s "$WORK/target-$variant/release/orders")
  printf '%-8s dependency: cold release build %6.1f s, binary %6.2f MiB\n' \
    "$variant" "$(echo "$end - $start" | bc)" "$(echo "scale=2; $size / 1048576" | bc)"
  rm -rf "$WORK/target-$variant"
done
