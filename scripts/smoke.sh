#!/usr/bin/env bash
# Heavy smoke: generate every example service, grow it once, prove sync is a
# no-op and check is clean, then fmt, clippy -D warnings and test inside each
# (one shared CARGO_TARGET_DIR so dependencies build once), then the gate of
# outside validators on each.
#
# usage: scripts/smoke.sh [SPEC.toml ...]     (default: examples/*.toml)
# env:   SMOKE_KEEP=1 keeps the generated services; SMOKE_GATE=0 skips validators.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then specs=(examples/*.toml); fi

cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
work="$(mktemp -d "${TMPDIR:-/tmp}/msgen-smoke.XXXXXX")"
if [ "${SMOKE_KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
export CARGO_TARGET_DIR="${SMOKE_TARGET_DIR:-$root/target/smoke}"
export RUSTFLAGS="-D warnings"

step() { printf '%-10s %-28s %s\n' "$1" "$2" "$3"; }

for spec in "${specs[@]}"; do
  name="$(basename "$spec" .toml)"
  dir="$work/$name"
  "$msgen" new --from "$spec" --output "$work" --no-input --no-git >/dev/null
  step ok "$name" "generated"
  "$msgen" add-endpoint GET /admin/stats --query 'verbose:boolean?' --response ServiceStats \
    --summary "Operational counters" -C "$dir" >/dev/null
  step ok "$name" "add-endpoint GET /admin/stats"
  if "$msgen" sync --dry-run -C "$dir" | grep -q '^+++ '; then
    step FAIL "$name" "sync is not a no-op after add-endpoint"; "$msgen" sync --dry-run -C "$dir"; exit 1
  fi
  step ok "$name" "sync --dry-run: no diff"
  "$msgen" check -C "$dir" >/dev/null
  step ok "$name" "check: clean"
  (cd "$dir" && cargo fmt --check) && step ok "$name" "cargo fmt --check"
  (cd "$dir" && cargo clippy --quiet --all-targets -- -D warnings) && step ok "$name" "cargo clippy -D warnings"
  (cd "$dir" && cargo test --quiet 2>&1 | tail -n 3) && step ok "$name" "cargo test"
  if [ "${SMOKE_GATE:-1}" = 1 ]; then
    "$root/scripts/validate-service.sh" "$dir"
  fi
done
echo "smoke: ${#specs[@]} services generated, grown, checked, linted, tested"
