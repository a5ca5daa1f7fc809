#!/usr/bin/env bash
# Benchmark a generated service against the bare axum hello-world in
# bench/baseline-hello/. See bench/README.md for the meaning of each column.
#
#   scripts/bench-service.sh [VARIANT=NAME:ENV=VAL[,ENV=VAL...] ...] SERVICE_DIR
#
# (values inside a VARIANT cannot contain commas or spaces)
# Each target (baseline, service, and one service run per VARIANT) is built in
# release mode, started on 127.0.0.1:<free port>, left idle for a moment (idle
# RSS), then loaded with
#   wrk -t$BENCH_THREADS -c$BENCH_CONNS -d${BENCH_SECS}s --latency http://127.0.0.1:PORT$BENCH_PATH
# while its CPU ticks (utime+stime, /proc/PID/stat) are read before and after.
# Targets run in turn, BENCH_RUNS times (order reversed on every other run), and
# the table shows medians.
#
# If the service reads ACCESS_LOG (grep of src/), an "access-log" variant
# (ACCESS_LOG=on) is added automatically; BENCH_AUTO_VARIANTS=0 turns that off.
#
# Environment:
#   BENCH_SECS=10        wrk duration per measurement
#   BENCH_RUNS=3         repetitions (medians are reported)
#   BENCH_WARMUP=2       seconds of unmeasured wrk load before each measurement (0: none)
#   BENCH_THREADS=2 BENCH_CONNS=64 BENCH_PATH=/healthz
#   BENCH_PIN=0          1: pin the server to CPU 0 and wrk to CPU 1 (taskset)
#   BENCH_BUILD=0        1: also time a cold `cargo build --release` of each crate
#                        into a fresh empty CARGO_TARGET_DIR (dependencies already
#                        downloaded; compile time only)
#   CARGO_TARGET_DIR     shared target dir for the release builds (default <repo>/target/bench)
#   SERVICE_ENV          env for every service run, space-separated K=V
#   BENCH_SERVER_LOG     where server stdout/stderr go (default /dev/null)
#   BENCH_OUT            directory for raw results (default <repo>/bench/out/<UTC time>)
#   READY_TIMEOUT=30     seconds to wait for the server to answer BENCH_PATH
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINE_DIR="$ROOT/bench/baseline-hello"
BENCH_SECS="${BENCH_SECS:-10}"
BENCH_RUNS="${BENCH_RUNS:-3}"
BENCH_WARMUP="${BENCH_WARMUP:-2}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_CONNS="${BENCH_CONNS:-64}"
BENCH_PATH="${BENCH_PATH:-/healthz}"
BENCH_PIN="${BENCH_PIN:-0}"
BENCH_BUILD="${BENCH_BUILD:-0}"
BENCH_SERVER_LOG="${BENCH_SERVER_LOG:-/dev/null}"
READY_TIMEOUT="${READY_TIMEOUT:-30}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/bench}"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
SVC=""
VARIANTS=()   # "name|K=V K=V"
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage ;;
    VARIANT=*)
      spec="${arg#VARIANT=}"
      name="${spec%%:*}"
      envs=""
      [ "$spec" != "$name" ] && envs="${spec#*:}"
      [[ "$name" =~ ^[A-Za-z0-9_.+-]+$ ]] || { echo "bad variant name in $arg" >&2; exit 2; }
      VARIANTS+=("$name|${envs//,/ }")
      ;;
    *) [ -z "$SVC" ] || usage; SVC="$arg" ;;
  esac
done
if [ -z "$SVC" ] || [ ! -f "$SVC/Cargo.toml" ]; then usage; fi
SVC="$(cd "$SVC" && pwd)"
for t in wrk curl python3 cargo; do
  command -v "$t" >/dev/null || { echo "$t missing (scripts/install-validators.sh installs wrk)" >&2; exit 2; }
done
CLK_TCK="$(getconf CLK_TCK)"
mkdir -p "$OUT"
log() { printf 'bench: %s\n' "$*" >&2; }

if [ "${BENCH_AUTO_VARIANTS:-1}" = 1 ] && grep -rqs '"ACCESS_LOG"' "$SVC/src"; then
  have=0
  for v in "${VARIANTS[@]}"; do [ "${v%%|*}" = access-log ] && have=1; done
  [ "$have" = 1 ] || VARIANTS+=("access-log|ACCESS_LOG=on")
fi

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# build DIR -> prints the path of the crate's single release binary
build() {
  local dir="$1" locked=() json
  [ -f "$dir/Cargo.lock" ] && locked=(--locked)
  json="$(cd "$dir" && cargo build --release "${locked[@]}" --message-format=json-render-diagnostics)"
  printf '%s\n' "$json" | python3 -c '
import json, sys
exe = [m["executable"] for m in map(json.loads, filter(None, sys.stdin.read().splitlines()))
       if m.get("reason") == "compiler-artifact" and m.get("executable") and "bin" in m["target"]["kind"]]
if len(exe) != 1:
    sys.exit(f"expected one binary, found {exe}")
print(exe[0])'
}

log "release builds (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
BASE_BIN="$(build "$BASELINE_DIR")"
SVC_BIN="$(build "$SVC")"
# Each target's binary is copied, so a concurrent rebuild cannot swap it mid-run.
mkdir -p "$OUT/bin"
cp "$BASE_BIN" "$OUT/bin/baseline"; BASE_BIN="$OUT/bin/baseline"
cp "$SVC_BIN" "$OUT/bin/service"; SVC_BIN="$OUT/bin/service"

# targets: name|binary|env
TARGETS=("baseline|$BASE_BIN|" "service|$SVC_BIN|${SERVICE_ENV:-}")
for v in "${VARIANTS[@]}"; do
  TARGETS+=("service+${v%%|*}|$SVC_BIN|${SERVICE_ENV:-} ${v#*|}")
done

# ---- static facts: sizes and (optionally) cold build time -------------------
FACTS="$OUT/facts.tsv"
printf 'crate\tbinary_bytes\tstripped_bytes\tcold_build_s\tcold_build_cpu_s\n' >"$FACTS"
for pair in "baseline|$BASELINE_DIR|$BASE_BIN" "service|$SVC|$SVC_BIN"; do
  IFS='|' read -r name dir bin <<<"$pair"
  size="$(stat -c %s "$bin")"
  stripped=""
  if command -v strip >/dev/null; then
    strip -o "$OUT/bin/$name.stripped" "$bin" && stripped="$(stat -c %s "$OUT/bin/$name.stripped")"
    rm -f "$OUT/bin/$name.stripped"
  fi
  cold=""; cold_cpu=""
  if [ "$BENCH_BUILD" = 1 ]; then
    (cd "$dir" && cargo fetch --quiet)
    tdir="$(mktemp -d "${CARGO_TARGET_DIR%/}-cold.XXXXXX")"
    log "cold release build of $name into empty $tdir"
    locked=(); [ -f "$dir/Cargo.lock" ] && locked=(--locked)
    /usr/bin/time -f '%e %U %S' -o "$OUT/cold-$name.time" \
      env CARGO_TARGET_DIR="$tdir" cargo build --release --quiet --offline "${locked[@]}" \
      --manifest-path "$dir/Cargo.toml"
    read -r wall usr sys <"$OUT/cold-$name.time"
    cold="$wall"; cold_cpu="$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.1f", u+s}')"
    rm -rf "$tdir"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$size" "$stripped" "$cold" "$cold_cpu" >>"$FACTS"
done

# ---- load runs ---------------------------------------------------------------
is_alive() {  # a zombie (exited, not yet reaped) counts as dead; kill -0 does not know
  [ -r "/proc/$1/stat" ] && [ "$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime+stime (fields 14,15)
status_kb() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }
to_us() {  # wrk latency like 812.00us / 1.23ms / 1.02s -> microseconds
  awk -v v="$1" 'BEGIN{
    n=v; sub(/[a-z]+$/,"",n); u=v; sub(/^[0-9.]+/,"",u);
    m = (u=="us") ? 1 : (u=="ms") ? 1000 : (u=="s") ? 1000000 : (u=="m") ? 60000000 : -1;
    if (m < 0) { print "nan" } else { printf "%.0f", n*m } }'
}

pin_srv=(); pin_wrk=()
if [ "$BENCH_PIN" = 1 ]; then pin_srv=(taskset -c 0); pin_wrk=(taskset -c 1); fi

RAW="$OUT/runs.tsv"
printf 'target\trun\treq_per_s\tcpu_us_per_req\tp50_us\tp99_us\tidle_rss_kb\tpeak_rss_kb\trequests\tnon2xx\tsocket_errors\n' >"$RAW"

measure() {  # measure NAME BIN ENV RUN
  local name="$1" bin="$2" envs="$3" run="$4" port envarr=()
  port="$(free_port)"
  read -r -a envarr <<<"$envs"
  "${pin_srv[@]}" env HOST=127.0.0.1 PORT="$port" "${envarr[@]}" "$bin" >>"$BENCH_SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  local url="http://127.0.0.1:$port$BENCH_PATH" deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    if ! is_alive "$SERVER_PID"; then
      local code=0
      wait "$SERVER_PID" || code=$?
      SERVER_PID=""
      log "$name exited with status $code before answering $url (env:$envs; set BENCH_SERVER_LOG=FILE to see its output)"
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name did not answer $url within ${READY_TIMEOUT}s"; exit 1
    fi
    sleep 0.1
  done
  sleep 1
  local idle_rss; idle_rss="$(status_kb "$SERVER_PID" VmRSS)"
  if [ "$BENCH_WARMUP" -gt 0 ]; then
    "${pin_wrk[@]}" wrk -t"$BENCH_THREADS" -c"$BENCH_CONNS" -d"${BENCH_WARMUP}s" "$url" >/dev/null
  fi
  local t0 t1 wout="$OUT/wrk-$name-$run.txt"
  t0="$(ticks "$SERVER_PID")"
  "${pin_wrk[@]}" wrk -t"$BENCH_THREADS" -c"$BENCH_CONNS" -d"${BENCH_SECS}s" --latency "$url" >"$wout"
  t1="$(ticks "$SERVER_PID")"
  local peak_rss; peak_rss="$(status_kb "$SERVER_PID" VmHWM)"
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i=0
  while is_alive "$SERVER_PID" && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""

  local rps reqs non2xx sockerr p50 p99 cpu
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$wout")"
  reqs="$(awk '/requests in/ {print $1}' "$wout")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$wout")"; non2xx="${non2xx:-0}"
  sockerr="$(awk '/Socket errors:/ {gsub(",",""); print $4+$6+$8+$10}' "$wout")"; sockerr="${sockerr:-0}"
  p50="$(to_us "$(awk '$1=="50%" {print $2}' "$wout")")"
  p99="$(to_us "$(awk '$1=="99%" {print $2}' "$wout")")"
  cpu="$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN{ if (n>0) printf "%.2f", (b-a)/hz*1e6/n; else print "nan" }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$rps" "$cpu" "$p50" "$p99" \
    "$idle_rss" "$peak_rss" "$reqs" "$non2xx" "$sockerr" >>"$RAW"
  log "run $run $name: ${rps} req/s, ${cpu} us CPU/req, p50 ${p50}us, p99 ${p99}us, idle RSS ${idle_rss} KiB, non-2xx $non2xx"
}

for run in $(seq 1 "$BENCH_RUNS"); do
  order=("${TARGETS[@]}")
  if [ $((run % 2)) -eq 0 ]; then  # reverse every other run to cancel drift
    order=(); for ((i=${#TARGETS[@]}-1; i>=0; i--)); do order+=("${TARGETS[i]}"); done
  fi
  for t in "${order[@]}"; do
    IFS='|' read -r name bin envs <<<"$t"
    measure "$name" "$bin" "$envs" "$run"
  done
done
rm -rf "${OUT:?}/bin"

# ---- table -------------------------------------------------------------------
{
  echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# wrk -t$BENCH_THREADS -c$BENCH_CONNS -d${BENCH_SECS}s $BENCH_PATH, runs=$BENCH_RUNS (medians), pin=$BENCH_PIN"
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r name _ envs <<<"$t"
    [ -n "${envs// /}" ] && echo "# $name env:$envs"
  done
  python3 - "$RAW" "$FACTS" <<'EOF'
import csv, statistics, sys
runs = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
facts = {r["crate"]: r for r in csv.DictReader(open(sys.argv[2]), delimiter="\t")}
targets = list(dict.fromkeys(r["target"] for r in runs))

def med(t, k):
    vals = [float(r[k]) for r in runs if r["target"] == t and r[k] not in ("", "nan")]
    return statistics.median(vals) if vals else None

rows = [  # (label, key, format, source)
    ("req/s", "req_per_s", "{:.0f}", "run"),
    ("CPU us/req", "cpu_us_per_req", "{:.1f}", "run"),
    ("p50 latency us", "p50_us", "{:.0f}", "run"),
    ("p99 latency us", "p99_us", "{:.0f}", "run"),
    ("idle RSS KiB", "idle_rss_kb", "{:.0f}", "run"),
    ("peak RSS KiB", "peak_rss_kb", "{:.0f}", "run"),
    ("non-2xx (sum)", "non2xx", "{:.0f}", "sum"),
    ("binary KiB", "binary_bytes", "{:.0f}", "fact"),
    ("stripped KiB", "stripped_bytes", "{:.0f}", "fact"),
    ("cold build s", "cold_build_s", "{:.1f}", "fact"),
    ("cold build CPU s", "cold_build_cpu_s", "{:.1f}", "fact"),
]
def value(t, key, src):
    if src == "run":
        return med(t, key)
    if src == "sum":
        return sum(float(r[key]) for r in runs if r["target"] == t)
    crate = "baseline" if t == "baseline" else "service"
    if t not in ("baseline", "service"):
        return None  # same binary as "service"
    v = facts.get(crate, {}).get(key, "")
    if v == "":
        return None
    v = float(v)
    return v / 1024 if key.endswith("bytes") else v

header = ["metric"] + [t if t == "baseline" else f"{t} (x base)" for t in targets]
table = [header]
for label, key, fmt, src in rows:
    vals = {t: value(t, key, src) for t in targets}
    if all(v is None for v in vals.values()):
        continue
    base = vals.get("baseline")
    line = [label]
    for t in targets:
        v = vals[t]
        if v is None:
            line.append("-")
        elif t == "baseline" or not base or src == "sum":
            line.append(fmt.format(v))
        else:
            line.append(f"{fmt.format(v)} ({v / base:.2f}x)")
    table.append(line)
widths = [max(len(r[i]) for r in table) for i in range(len(header))]
for r in table:
    print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
EOF
} | tee "$OUT/table.txt"
log "raw results in $OUT"
