#!/usr/bin/env bash
# Prove that contracts nobody here wrote become services that work: for each
# contract, `msgen new NAME --contract FILE` (the document kept as it is), then
# in the service
#   msgen check, cargo fmt --check, cargo clippy --all-targets -- -D warnings,
#   cargo test
# with the fixture's behaviour tests among the service's tests when it has some
# (DIR/behaviour.rs beside DIR/openapi.yaml, NAME.rs beside NAME.yaml),
# and, for the contracts listed with `validate`, scripts/validate-service.sh
# (the outside validators and schemathesis against the running service).
#
#   scripts/check-contracts.sh [LIST]
#
# LIST holds one `FILE [validate [SCHEMATHESIS ARGUMENTS]]` per line, FILE relative
# to the repository (the arguments go to schemathesis through ST_EXTRA); the
# default is scripts/contracts.txt. A contract that msgen refuses fails the run.
# Uses MSGEN (default: target/release/msgen of this repository). Honours
# CARGO_TARGET_DIR (share the smoke's to reuse its compiled crates).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LIST="${1:-$ROOT/scripts/contracts.txt}"
MSGEN="${MSGEN:-$ROOT/target/release/msgen}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-contracts.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

count=0
while read -r file mode extra; do
  case "$file" in ''|'#'*) continue ;; esac
  name="$(basename "$file")"
  name="${name%.*}"
  [ "$name" = openapi ] && name="$(basename "$(dirname "$file")")"
  name="$(printf '%s' "$name" | tr 'A-Z_.' 'a-z--')"
  service="$WORK/$name"
  echo "-- $file"
  (cd "$WORK" && "$MSGEN" new "$name" --contract "$ROOT/$file" --no-git --no-input >/dev/null)
  cmp -s "$ROOT/$file" "$service/openapi.yaml" || { echo "contracts: $file was not kept byte for byte" >&2; exit 1; }
  # A fixture's behaviour tests (what its constructs promise, checked against the
  # running router) join the service's own: `DIR/behaviour.rs` beside a
  # `DIR/openapi.yaml`, `NAME.rs` beside a `NAME.yaml`.
  case "$file" in
    */openapi.yaml) behaviour="$(dirname "$file")/behaviour.rs" ;;
    *) behaviour="${file%.*}.rs" ;;
  esac
  if [ -f "$ROOT/$behaviour" ]; then
    cp "$ROOT/$behaviour" "$service/tests/behaviour.rs"
    echo "   with the behaviour tests of $behaviour"
  fi
  (
    cd "$service"
    "$MSGEN" check >/dev/null
    cargo fmt --check
    cargo clippy --quiet --locked --all-targets -- -D warnings
    cargo test --quiet --locked >test-output.txt 2>&1 || { cat test-output.txt; exit 1; }
    awk '/^test result/ { passed += $4 } END { print "cargo test: " passed " passed" }' test-output.txt
  )
  if [ "$mode" = validate ]; then
    ST_EXTRA="${extra:-}" "$ROOT/scripts/validate-service.sh" "$service"
  fi
  rm -rf "$service"
  count=$((count + 1))
done <"$LIST"
echo "contracts: $count services built, linted and tested"
