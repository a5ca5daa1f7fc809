#!/usr/bin/env bash
# Prove that `msgen upgrade` brings services made with the first released version of
# the built-in template (rust-axum 0.1.0, kept in templates/history) to the current
# one, and that the result works: for each SPEC, generate it with 0.1.0, make a team
# edit in a file the team owns (src/config.rs) and under its README's title, upgrade, then run
#   msgen check, cargo fmt --check, cargo clippy --all-targets -- -D warnings, cargo test
#
#   scripts/check-upgrade.sh MSGEN SPEC.toml...
#
# Honours CARGO_TARGET_DIR (share the smoke's to reuse its compiled crates).
set -euo pipefail

if [ $# -lt 2 ] || [ ! -x "$1" ]; then echo "usage: $0 MSGEN SPEC.toml..." >&2; exit 2; fi
MSGEN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upgrade.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

mkdir "$WORK/specs"
for spec in "$@"; do
  spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"
  # 0.1.0 has no clients: a spec's [dependencies] are left out of the first
  # generation and added with `msgen add-dependency` after the upgrade.
  first="$WORK/specs/$(basename "$spec")"
  awk '/^\[/ { skip = ($0 ~ /^\[dependencies/) } !skip' "$spec" >"$first"
  dependencies="$(sed -n 's/^\[dependencies\.\([a-z0-9-]*\)\]$/\1/p' "$spec")"
  "$MSGEN" new --from "$first" --no-input --no-git --template-version 0.1.0 --output "$WORK" >/dev/null
  service="$WORK/$(basename "$spec" .toml)"
  cd "$service"
  grep -q 'version = "0.1.0"' msgen.toml
  sed -i '1s|^|//! Reviewed by the team.\n|' src/config.rs
  # Below the title, which the template keeps; its later sections do change.
  sed -i '1a\\nOn call: the shop team.' README.md
  "$MSGEN" upgrade
  grep -q 'Reviewed by the team' src/config.rs
  grep -q 'On call: the shop team' README.md
  for name in $dependencies; do
    provider="$(awk -v section="[dependencies.$name]" '$0 == section { on = 1; next } /^\[/ { on = 0 } on && $1 == "contract" { gsub(/"/, "", $3); print $3 }' "$spec")"
    "$MSGEN" add-dependency "$name" --contract "$(dirname "$spec")/$provider" >/dev/null
  done
  "$MSGEN" check
  cargo fmt --check
  cargo clippy --locked --all-targets --quiet -- -D warnings
  cargo test --locked --quiet
  echo "-- $(basename "$service"): upgraded from rust-axum 0.1.0, builds, passes clippy and tests"
  cd - >/dev/null
done
