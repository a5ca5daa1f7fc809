#!/usr/bin/env bash
# How a generated service scales with its contract: for each size N (operations; default
# 50 150 300, override with BENCH_SIZES), generate a service of N operations (a third
# each of GET by id, POST with a body and GET of a list, over N/3 pairs of schemas), and
# time `cargo test --no-run` of the service's own crate (dependencies built once,
# beforehand, and shared: the figure is the service's compile time, the part that grows
# with the contract). Then for the largest size: its whole `cargo test` (build and run,
# wall time) in a fresh target folder, the number of test binaries, and the disk use of
# that folder (du). Finally `msgen new --contract` + `msgen check` on the largest
# document of tests/corpus/ that `new --contract` accepts (hyperfine, median).
# usage: scripts/bench-scale.sh     env: BENCH_SIZES, BENCH_WORK (default: a temp folder,
# removed at the end; set it to keep the services and target folders), CARGO_TARGET_DIR
# (the shared target folder of the compile-time runs; default: one in BENCH_WORK)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --locked --quiet
msgen="$root/target/release/msgen"
if [ -n "${BENCH_WORK:-}" ]; then
  work="$BENCH_WORK"; mkdir -p "$work"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
sizes="${BENCH_SIZES:-50 150 300}"
largest="$(printf '%s\n' $sizes | sort -n | tail -1)"

# A spec of $1 operations: schemas ItemK/NewItemK for K in 1..N/3, each used by three
# operations.
spec() {
  local n="$1" groups=$(( ($1 + 2) / 3 )) k
  echo "name = \"$2\""
  for k in $(seq 1 "$groups"); do
    cat <<EOF
[schemas.NewItem$k]
type = "object"
required = ["name", "quantity"]
properties.name = { type = "string", minLength = 1, maxLength = 64 }
properties.quantity = { type = "integer", format = "int32", minimum = 1, maximum = 1000 }
properties.colour = { type = "string", enum = ["red", "green", "blue"] }
properties.note = { type = "string", maxLength = 500 }

[schemas.Item$k]
type = "object"
required = ["id", "name", "quantity", "created_at"]
properties.id = { type = "string", format = "uuid" }
properties.name = { type = "string" }
properties.quantity = { type = "integer", format = "int32" }
properties.colour = { type = "string", enum = ["red", "green", "blue"] }
properties.tags = { type = "array", items = { type = "string" } }
properties.created_at = { type = "string", format = "date-time" }

EOF
  done
  for i in $(seq 1 "$n"); do
    k=$(( (i - 1) / 3 + 1 ))
    case $(( i % 3 )) in
      1) printf '[[endpoints]]\nmethod = "GET"\npath = "/items%d/{id}"\nresponse = "Item%d"\n\n' "$k" "$k" ;;
      2) printf '[[endpoints]]\nmethod = "POST"\npath = "/items%d"\nrequest = "NewItem%d"\nresponse = "Item%d"\nstatus = 201\n\n' "$k" "$k" "$k" ;;
      0) printf '[[endpoints]]\nmethod = "GET"\npath = "/items%d"\nresponse = "Item%d[]"\n\n' "$k" "$k" ;;
    esac
  done
}

seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$@"; }
now() { date +%s.%N; }

# Dependencies once, in the shared target folder, with a one-operation service.
shared="${CARGO_TARGET_DIR:-$work/target-shared}"
spec 1 warmup >"$work/warmup.toml"
"$msgen" new --from "$work/warmup.toml" --output "$work" --no-git --no-input >/dev/null
(cd "$work/warmup" && CARGO_TARGET_DIR="$shared" cargo test --locked --no-run --quiet 2>/dev/null)

for n in $sizes; do
  spec "$n" "scale$n" >"$work/scale$n.toml"
  "$msgen" new --from "$work/scale$n.toml" --output "$work" --no-git --no-input >/dev/null
  start="$(now)"
  (cd "$work/scale$n" && CARGO_TARGET_DIR="$shared" cargo test --locked --no-run --quiet 2>/dev/null)
  printf '%5d operations: service crate compile (cargo test --no-run, dependencies built) %6s s\n' \
    "$n" "$(seconds "$start" "$(now)")"
done

# The largest, from nothing: build and run every test; count the test binaries.
fresh="$work/target-fresh"
start="$(now)"
(cd "$work/scale$largest" && CARGO_TARGET_DIR="$fresh" cargo test --locked --no-run 2>"$work/no-run.log" >/dev/null)
binaries="$(grep -c 'Executable ' "$work/no-run.log")"
# --no-fail-fast: a failing test is reported with the figures, not instead of them.
status=0
(cd "$work/scale$largest" && CARGO_TARGET_DIR="$fresh" cargo test --locked -q --no-fail-fast >"$work/test.log" 2>&1) \
  || status=$?
count() { grep -o "[0-9]* $1" "$work/test.log" | awk '{ sum += $1 } END { print sum + 0 }'; }
printf '%5d operations, from an empty target folder: cargo test (build + run) %s s, %s test binaries, %s tests passed, %s failed, target folder %s\n' \
  "$largest" "$(seconds "$start" "$(now)")" "$binaries" "$(count passed)" "$(count failed)" "$(du -sh "$fresh" | cut -f1)"
[ "$status" -eq 0 ] || { grep -A5 -- '---- ' "$work/test.log" | head -40; }

# new --contract + check on the largest corpus document that new --contract accepts.
doc=""
for candidate in $(ls -S tests/corpus/*.yaml tests/corpus/*.json); do
  rm -rf "$work/imported"
  if "$msgen" new imported --contract "$candidate" --output "$work" --no-git --no-input >/dev/null 2>&1; then
    doc="$candidate"; break
  fi
done
[ -n "$doc" ] || { echo "no corpus document is accepted by new --contract" >&2; exit 1; }
if command -v hyperfine >/dev/null; then
  # And on the contract of the largest generated service.
  for contract in "$doc" "$work/scale$largest/openapi.yaml"; do
    hyperfine --runs 10 --warmup 2 -N --export-json "$work/contract.json" \
      --prepare "rm -rf $work/imported" \
      "sh -c '$msgen new imported --contract $contract --output $work --no-git --no-input >/dev/null && $msgen check -C $work/imported >/dev/null'" >/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(f"new --contract + check on {sys.argv[2]}: median {r[\"median\"]*1000:.0f} ms, CPU (user+system, mean) {(r[\"user\"]+r[\"system\"])*1000:.0f} ms")' \
      "$work/contract.json" "$contract"
  done
else
  rm -rf "$work/imported"; start="$(now)"
  "$msgen" new imported --contract "$doc" --output "$work" --no-git --no-input >/dev/null
  "$msgen" check -C "$work/imported" >/dev/null
  echo "new --contract + check on $(basename "$doc"): $(seconds "$start" "$(now)") s (one run)"
fi
exit "$status"
