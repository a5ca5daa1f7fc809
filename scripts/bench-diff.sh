#!/usr/bin/env bash
# Benchmarks `msgen diff` (whole process) on two contracts of N operations each
# (default 1000: a GET and a PUT on N/2 paths; override with BENCH_SIZE), where
# the new one removes a field, narrows a request enum and adds a path. Baseline measured in the same
# run: `msgen --version`, the cost of starting the process at all. The target
# is a median under 100 ms for 1,000 operations.
# usage: scripts/bench-diff.sh     env: BENCH_RUNS (default 30), BENCH_SIZE
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
runs="${BENCH_RUNS:-30}"
n="${BENCH_SIZE:-1000}"
python3 - "$work" "$n" <<'PY'
import sys
work, n = sys.argv[1], int(sys.argv[2])

def contract(changed):
    out = ["openapi: 3.1.0", "info: {title: bench, version: 1.0.0}", "paths:"]
    for i in range(n // 2):
        kinds = "[a, b]" if changed and i == 7 else "[a, b, c]"
        out += [
            f"  /items{i}/{{id}}:",
            "    parameters: [{name: id, in: path, required: true, schema: {type: string}}]",
            "    get:",
            f"      operationId: get_item{i}",
            f"      parameters: [{{name: kind, in: query, schema: {{type: string, enum: {kinds}}}}}]",
            "      responses:",
            f"        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item{i % 20}'}}}}}}}}",
            "        '404': {description: missing, content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}}",
            "    put:",
            f"      operationId: put_item{i}",
            f"      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item{i % 20}'}}}}}}}}",
            "      responses: {'204': {description: done}}",
        ]
    if changed:
        out += ["  /extra:", "    get: {operationId: extra, responses: {'200': {description: ok}}}"]
    out += ["components:", "  schemas:",
            "    Problem: {type: object, required: [title], properties: {title: {type: string}, status: {type: integer}}}"]
    for s in range(20):
        total = "" if changed and s == 3 else ", total: {type: integer, minimum: 0}"
        out.append(f"    Item{s}: {{type: object, required: [id], properties: {{id: {{type: string}}, "
                   f"name: {{type: [string, 'null'], maxLength: 80}}, tags: {{type: array, items: {{type: string}}}}{total}}}}}")
    return "\n".join(out) + "\n"

open(f"{work}/old.yaml", "w").write(contract(False))
open(f"{work}/new.yaml", "w").write(contract(True))
PY
echo "contracts: $n operations each ($(wc -c <"$work/old.yaml") bytes)"
"$msgen" diff "$work/old.yaml" "$work/new.yaml" | tail -1 || true
hyperfine --runs "$runs" --warmup 3 -N -i --export-json "$work/diff.json" \
  -n "msgen --version" "$msgen --version" \
  -n "msgen diff" "$msgen diff $work/old.yaml $work/new.yaml" >/dev/null
python3 - "$work/diff.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
start, diff = results["msgen --version"], results["msgen diff"]
print(f"msgen --version: median {start['median']*1000:7.2f} ms")
print(f"msgen diff:      median {diff['median']*1000:7.2f} ms"
      f" (min {diff['min']*1000:.2f}, max {diff['max']*1000:.2f});"
      f" minus process start {(diff['median'] - start['median'])*1000:.2f} ms")
# Wall time moves with the machine's load; CPU time much less so.
print(f"msgen diff CPU:  mean {(diff['user'] + diff['system'])*1000:7.2f} ms (user + system, both threads)")
PY
