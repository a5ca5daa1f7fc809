#!/usr/bin/env bash
# Benchmarks `msgen new --no-git` of the built-in template (whole process)
# against `cp -r` of the same finished tree, in one hyperfine run.
# usage: scripts/bench-new.sh        env: BENCH_RUNS (default 50)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$msgen" new orders --output "$work" --no-git >/dev/null
mv "$work/orders" "$work/reference"
runs="${BENCH_RUNS:-50}"
hyperfine --warmup 5 --runs "$runs" -N --export-json "$work/new.json" \
  --prepare "rm -rf $work/orders $work/copy" \
  -n "msgen new orders --no-git" "$msgen new orders --output $work --no-git" \
  -n "cp -r (same tree)" "cp -r $work/reference $work/copy"
python3 - "$work/new.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: r["median"] * 1000 for r in results}
new, cp = med["msgen new orders --no-git"], med["cp -r (same tree)"]
print(f"median: msgen new {new:.2f} ms, cp -r {cp:.2f} ms, ratio {new / cp:.2f}x")
PY
