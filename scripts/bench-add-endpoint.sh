#!/usr/bin/env bash
# Benchmarks `msgen add-endpoint` (whole process) on services whose contract
# already holds N operations, for N in 10 200 1000 (override with BENCH_SIZES).
# usage: scripts/bench-add-endpoint.sh     env: BENCH_RUNS (default 20)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
runs="${BENCH_RUNS:-20}"
for n in ${BENCH_SIZES:-10 200 1000}; do
  spec="$work/bench$n.toml"
  {
    echo "name = \"bench$n\""
    for i in $(seq 1 "$n"); do
      printf '[[endpoints]]\nmethod = "GET"\npath = "/items%d/{id}"\nresponse = "Item%d"\n' "$i" "$((i % 20))"
    done
  } >"$spec"
  mkdir -p "$work/base" && "$msgen" new --from "$spec" --output "$work/base" --no-git >/dev/null
  hyperfine --runs "$runs" -N --export-json "$work/add$n.json" \
    --prepare "sh -c 'rm -rf $work/svc && cp -r $work/base/bench$n $work/svc'" \
    -n "add-endpoint at $n operations" "$msgen add-endpoint POST /extra -C $work/svc" >/dev/null
  python3 - "$work/add$n.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{int(sys.argv[2]):>5} operations: median {r['median']*1000:7.2f} ms  (min {r['min']*1000:.2f}, max {r['max']*1000:.2f})")
PY
done
