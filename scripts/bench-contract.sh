#!/usr/bin/env bash
# `msgen new --contract` + `msgen check` on large contracts (whole processes, hyperfine
# medians), for this working copy and a baseline msgen measured in the same run, beside
# `msgen --version` (process start). Contracts: the arguments, or by default the largest
# corpus document (tests/corpus/twilio-api-v2010.yaml, 1.5 MB, 197 operations) and the
# contract of a generated 300-operation service (scripts/bench-spec.sh). A contract that
# `new --contract` refuses is timed refusing (reading, every check, the findings listed).
# usage: scripts/bench-contract.sh [CONTRACT...]
# env: BENCH_RUNS (default 10); BASELINE, a msgen binary to compare with, or BASELINE_REF,
# a git revision built once into target/bench/ (default: main; BASELINE=none skips it).
#
# Each run writes a new service; the one before is moved aside, not deleted, and all are
# deleted at the end. Deleting ~640 files just before creating as many makes ext4 (this
# machine's disk has no journal) skip every recently deleted inode on each creation: the
# benchmark's own `rm -rf` then costs msgen 0.3-0.7 s of kernel time per run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
runs="${BENCH_RUNS:-10}"

baseline="${BASELINE:-}"
if [ "$baseline" = none ]; then
  baseline=""
elif [ -z "$baseline" ]; then
  ref="${BASELINE_REF:-main}"
  commit="$(git rev-parse --short "$ref^{commit}")"
  baseline="$root/target/bench/msgen-$commit"
  if [ ! -x "$baseline" ]; then
    echo "building the baseline msgen at $ref ($commit), once" >&2
    # An exported tree, not a worktree: the repository's metadata stays as it is.
    mkdir -p "$work/baseline-src" "$root/target/bench"
    git archive "$commit" | tar -x -C "$work/baseline-src"
    (cd "$work/baseline-src" && CARGO_TARGET_DIR="$root/target/bench/target" \
      cargo build --release --locked --quiet)
    cp "$root/target/bench/target/release/msgen" "$baseline"
  fi
fi

contracts=("$@")
if [ "${#contracts[@]}" -eq 0 ]; then
  # shellcheck source=scripts/bench-spec.sh
  . "$root/scripts/bench-spec.sh"
  bench_spec 300 gen300 >"$work/gen300.toml"
  "$msgen" new --from "$work/gen300.toml" --output "$work" --no-git --no-input >/dev/null
  contracts=("$root/tests/corpus/twilio-api-v2010.yaml" "$work/gen300/openapi.yaml")
fi

mkdir -p "$work/aside" "$work/out"
# The command measured for binary $1 on contract $2: new + check, or new alone when refused.
command_for() {
  if "$1" new probe --contract "$2" --output "$work/probe" --no-git --no-input >/dev/null 2>&1; then
    rm -rf "$work/probe"
    echo "$1 new svc --contract $2 --output $work/out --no-git --no-input >/dev/null && $1 check -C $work/out/svc >/dev/null"
  else
    rm -rf "$work/probe"
    echo "! $1 new svc --contract $2 --output $work/out --no-git --no-input >/dev/null 2>&1"
  fi
}
aside="sh -c 'if [ -e $work/out/svc ]; then mv $work/out/svc $work/aside/\$(date +%s%N); fi'"

hyperfine --runs "$runs" --warmup 3 -N --export-json "$work/start.json" "$msgen --version" >/dev/null
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("process start (msgen --version): median %.1f ms" % (r["median"]*1000))' "$work/start.json"
for contract in "${contracts[@]}"; do
  args=(-n "this msgen" "sh -c '$(command_for "$msgen" "$contract")'")
  if [ -n "$baseline" ]; then
    args+=(-n "baseline" "sh -c '$(command_for "$baseline" "$contract")'")
  fi
  hyperfine --runs "$runs" --warmup 2 -N --prepare "$aside" --export-json "$work/run.json" "${args[@]}" >/dev/null
  refused=""
  "$msgen" new probe --contract "$contract" --output "$work/probe" --no-git --no-input >/dev/null 2>&1 \
    || refused=" (refused: timed reading, checking and listing its findings)"
  rm -rf "$work/probe" "$work/aside"; mkdir -p "$work/aside"
  python3 - "$work/run.json" "$contract" "$(wc -c <"$contract")" "$refused" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
cpu = lambda r: (r["user"] + r["system"]) * 1000
name = sys.argv[2].rsplit("/", 1)[-1] if "/tests/corpus/" in sys.argv[2] else sys.argv[2]
print(f"new --contract + check on {name} ({int(sys.argv[3]):,} bytes){sys.argv[4]}:")
for label, r in results.items():
    print(f"  {label:>10}: median {r['median']*1000:7.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f});"
          f" CPU (user+system, mean) {cpu(r):.1f} ms")
if "baseline" in results:
    new, old = results["this msgen"], results["baseline"]
    print(f"  ratio to baseline: median {new['median']/old['median']:.2f}, CPU {cpu(new)/cpu(old):.2f}")
PY
done
