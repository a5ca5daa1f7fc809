#!/usr/bin/env bash
# Prove that a generated service serves and tests its system endpoints whatever
# its contract lists: in a copy of SERVICE_DIR, remove GET /healthz, /readyz,
# /metrics and /openapi.yaml from openapi.yaml, as a team's own contract would
# not have them, and move the API under a base path (`/v1` appended to the
# first `servers` URL; the system endpoints stay at the root), then run
#   msgen sync, msgen check
#   cargo clippy --all-targets -- -D warnings
#   cargo test
# The copy is removed afterwards; SERVICE_DIR is not changed.
#
#   scripts/check-system-endpoints.sh SERVICE_DIR
#
# Uses MSGEN (default: target/release/msgen of this repository). Honours
# CARGO_TARGET_DIR (share the smoke's to reuse its compiled crates).
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/Cargo.toml" ]; then echo "usage: $0 SERVICE_DIR" >&2; exit 2; fi
MSGEN="${MSGEN:-$(cd "$(dirname "$0")/.." && pwd)/target/release/msgen}"
SVC="$(cd "$1" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/system-endpoints.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
COPY="$WORK/$(basename "$SVC")"
mkdir -p "$COPY"
tar -C "$SVC" --exclude=./target --exclude=./.git -cf - . | tar -C "$COPY" -xf -
cd "$COPY"

# Drop each system path item (two-space-indented key under `paths:`) with its body.
python3 - <<'PY'
import re
system = {"/healthz", "/readyz", "/metrics", "/openapi.yaml"}
lines = open("openapi.yaml", encoding="utf-8").read().splitlines(keepends=True)
out, in_paths, skipping, removed = [], False, False, 0
for line in lines:
    if line.strip() and not line.startswith(" "):
        in_paths, skipping = line.startswith("paths:"), False
    elif in_paths and line.startswith("  ") and not line.startswith("   ") and line.strip():
        skipping = line.strip().rstrip(":").strip("\"'") in system
        removed += skipping
    if not skipping:
        out.append(line)
if removed != len(system):
    raise SystemExit(f"openapi.yaml: found {removed} of the {len(system)} system paths")
text, moved = re.subn(r"^(servers:\n  - url: )(\S+?)/?$", r"\1\2/v1", "".join(out), count=1, flags=re.M)
if not moved:
    raise SystemExit("openapi.yaml: no `servers:` list with a first `- url:`")
open("openapi.yaml", "w", encoding="utf-8").write(text)
PY
if grep -qE '^  /(healthz|readyz|metrics|openapi\.yaml):' openapi.yaml; then
  echo "system-endpoints: a system path is still in openapi.yaml" >&2; exit 1
fi

echo "system-endpoints: msgen sync and check without system operations, under /v1 ($(basename "$SVC"))"
"$MSGEN" sync
"$MSGEN" check
grep -q 'pub const BASE_PATH: &str = "/v1";' src/routes.rs
echo "system-endpoints: cargo clippy --all-targets -- -D warnings"
cargo clippy --quiet --all-targets -- -D warnings
echo "system-endpoints: cargo test"
cargo test --quiet
echo "system-endpoints: ok"
