#!/usr/bin/env bash
# Benchmarks `msgen add-endpoint` (whole process) on services whose contract
# already holds N operations, for N in 10 200 1000 (override with BENCH_SIZES).
# Baselines measured in the same run: `msgen --version` (the cost of starting
# the process at all) and `msgen check` on the same service (reading the
# contract and deriving every file, writing nothing). Wall-clock medians and mean CPU
# time (user + system) are both printed: on a busy machine the CPU ratio is the steadier.
# usage: scripts/bench-add-endpoint.sh     env: BENCH_RUNS (default 20)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
runs="${BENCH_RUNS:-20}"
median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"]*1000)' "$1"; }
hyperfine --runs "$runs" --warmup 3 -N --export-json "$work/start.json" "$msgen --version" >/dev/null
start="$(median "$work/start.json")"
printf 'process start (msgen --version): median %7.2f ms\n' "$start"
for n in ${BENCH_SIZES:-10 200 1000}; do
  spec="$work/bench$n.toml"
  {
    echo "name = \"bench$n\""
    for i in $(seq 1 "$n"); do
      printf '[[endpoints]]\nmethod = "GET"\npath = "/items%d/{id}"\nresponse = "Item%d"\n' "$i" "$((i % 20))"
    done
  } >"$spec"
  mkdir -p "$work/base" && "$msgen" new --from "$spec" --output "$work/base" --no-git >/dev/null
  hyperfine --runs "$runs" --warmup 2 -N --export-json "$work/add$n.json" \
    --prepare "sh -c 'rm -rf $work/svc && cp -r $work/base/bench$n $work/svc && sync'" \
    -n "add-endpoint at $n operations" "$msgen add-endpoint POST /extra -C $work/svc" >/dev/null
  hyperfine --runs "$runs" --warmup 2 -N --export-json "$work/check$n.json" \
    -n "check at $n operations" "$msgen check -C $work/base/bench$n" >/dev/null
  python3 - "$work/add$n.json" "$work/check$n.json" "$n" <<'PY'
import json, sys
add = json.load(open(sys.argv[1]))["results"][0]
check = json.load(open(sys.argv[2]))["results"][0]
cpu = lambda r: (r["user"] + r["system"]) * 1000
print(f"{int(sys.argv[3]):>5} operations: add-endpoint median {add['median']*1000:7.2f} ms"
      f" (min {add['min']*1000:.2f}, max {add['max']*1000:.2f});"
      f" check {check['median']*1000:.2f} ms; ratio {add['median']/check['median']:.2f};"
      f" CPU (user+system, mean) {cpu(add):.1f} vs {cpu(check):.1f} ms, ratio {cpu(add)/cpu(check):.2f}")
PY
done
