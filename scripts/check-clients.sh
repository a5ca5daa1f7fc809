#!/usr/bin/env bash
# The clients of other services, as processes on 127.0.0.1: `orders` depends on
# `payments` (declared in examples/orders.toml), and its `GET /orders/{order_id}` calls
# `payments`' list_payments. Prints, for each phase (payments up, payments killed,
# payments restarted): the status and time of the calling route, and the p99 latency
# of `GET /orders`, which calls nobody and must keep its latency (within 1.5x).
# Before that, the consumer as generated passes fmt, clippy and its own tests.
#
#   scripts/check-clients.sh [TARGET_DIR]   (needs target/release/msgen, or MSGEN=PATH)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MSGEN="${MSGEN:-$ROOT/target/release/msgen}"
TARGET="${1:-$ROOT/target/smoke}"
[ -x "$MSGEN" ] || { echo "no msgen at $MSGEN: run cargo build --release --locked" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-clients.XXXXXX")"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# examples/orders.toml declares its dependency on payments: `new` vendors the
# contract of examples/payments.toml and generates the client.
"$MSGEN" new --from "$ROOT/examples/payments.toml" --output "$WORK" --no-input --no-git >/dev/null
"$MSGEN" new --from "$ROOT/examples/orders.toml" --output "$WORK" --no-input --no-git >/dev/null
cmp -s "$WORK/orders/contracts/payments.yaml" "$WORK/payments/openapi.yaml" \
  || { echo "orders vendored another contract than the one payments serves" >&2; exit 1; }
# The consumer with its client: formatted, lint-free, and its tests (the client's
# against the fake provider) pass.
(cd "$WORK/orders" && cargo fmt --check \
  && CARGO_TARGET_DIR="$TARGET" cargo clippy --locked --all-targets --quiet -- -D warnings \
  && CARGO_TARGET_DIR="$TARGET" cargo test --locked --quiet >"$WORK/test.log" 2>&1) \
  || { cat "$WORK/test.log" 2>/dev/null; echo "the consumer does not pass fmt, clippy and its tests" >&2; exit 1; }
echo "orders with a client of payments: fmt, clippy and $(grep -o '[0-9]* passed' "$WORK/test.log" | awk '{n+=$1} END {print n}') tests pass"
# With the `tls` feature (https:// providers): lint-free, and the client's tests pass,
# the runtime's TLS ones among them.
(cd "$WORK/orders" \
  && CARGO_TARGET_DIR="$TARGET" cargo clippy --locked --all-targets --features tls --quiet -- -D warnings \
  && CARGO_TARGET_DIR="$TARGET" cargo test --locked --features tls --quiet --lib clients >"$WORK/tls.log" 2>&1) \
  || { cat "$WORK/tls.log" 2>/dev/null; echo "the consumer does not pass clippy and its client tests with --features tls" >&2; exit 1; }
echo "with --features tls: clippy and $(grep -o '[0-9]* passed' "$WORK/tls.log" | awk '{n+=$1} END {print n}') client tests pass"
# The team's handler: an order's payments come from `payments`.
python3 - "$WORK/orders/src/handlers/get_order.rs" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("State(_state)", "State(state)").replace("Path(_order_id)", "Path(order_id)")
stub = (
    "    let example: ResponseBody = models::Order::example();\n"
    "    crate::error::stub(file!(), (STATUS, Json(example)))\n"
)
if stub not in text:
    raise SystemExit(f"{path}: the stub's lines are not as generated")
text = text.replace(
    stub,
    "    let query = crate::clients::payments::models::ListPaymentsQuery {\n"
    "        order_id,\n        state: None,\n    };\n"
    "    let _payments = state.clients.payments.list_payments(&query).await?;\n"
    "    let response: ResponseBody = models::Order::example();\n"
    "    Ok((STATUS, Json(response)))\n",
)
open(path, "w", encoding="utf-8").write(text)
PY
for service in payments orders; do
  (cd "$WORK/$service" && CARGO_TARGET_DIR="$TARGET" cargo build --release --locked --quiet)
  cp "$TARGET/release/$service" "$WORK/$service.bin"
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
P_PORT=$(free_port); O_PORT=$(free_port)
start_payments() {
  HOST=127.0.0.1 PORT=$P_PORT STUB_RESPONSES=example "$WORK/payments.bin" >"$WORK/payments.log" 2>&1 &
  PAYMENTS_PID=$!; PIDS+=("$PAYMENTS_PID")
  wait_ready "$P_PORT"
}
wait_ready() {
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return 0
    sleep 0.1
  done
  echo "service on port $1 did not start" >&2; exit 1
}
start_payments
HOST=127.0.0.1 PORT=$O_PORT STUB_RESPONSES=example PAYMENTS_URL="http://127.0.0.1:$P_PORT" PAYMENTS_TIMEOUT_MS=500 \
  PAYMENTS_RETRIES=1 PAYMENTS_BREAKER_FAILURES=3 PAYMENTS_BREAKER_COOLDOWN_MS=2000 \
  "$WORK/orders.bin" >"$WORK/orders.log" 2>&1 &
PIDS+=("$!")
wait_ready "$O_PORT"

ORDER="http://127.0.0.1:$O_PORT/orders/7c9e6679-7425-40de-944b-e07fc1f0b4ad"
# `GET /orders` calls nobody: p99 of 200 calls, in ms.
p99() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$O_PORT/orders"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int(NR*0.99)]*1000}'
}
call() { curl -s -o "$WORK/body" -w '%{http_code} %{time_total}\n' "$ORDER"; }
report() { # label, status, seconds
  printf '  %-34s %s in %6.1f ms\n' "$1" "$2" "$(echo "$3 * 1000" | bc)"
}

echo "payments up:"
read -r status secs < <(call); report "GET /orders/{id} (calls payments)" "$status" "$secs"
[ "$status" = 200 ] || { echo "expected 200" >&2; exit 1; }
UP_P99=$(p99); echo "  GET /orders p99: $UP_P99 ms"

kill "$PAYMENTS_PID"; wait "$PAYMENTS_PID" 2>/dev/null || true
echo "payments killed:"
for i in 1 2 3 4 5; do
  read -r status secs < <(call); report "call $i" "$status" "$secs"
  [ "$status" = 503 ] || { echo "expected 503" >&2; exit 1; }
done
grep -q '"status":503' "$WORK/body" || { echo "expected a problem+json body" >&2; exit 1; }
DOWN_P99=$(p99); echo "  GET /orders p99: $DOWN_P99 ms (up: $UP_P99 ms)"
awk -v d="$DOWN_P99" -v u="$UP_P99" 'BEGIN { exit !(d <= 1.5 * u + 1) }' \
  || { echo "routes that do not call payments slowed down" >&2; exit 1; }
grep -q "circuit breaker opened" "$WORK/orders.log" || { echo "no log line for the breaker" >&2; exit 1; }

start_payments
sleep 2.2
echo "payments restarted:"
read -r status secs < <(call); report "GET /orders/{id} (the probe)" "$status" "$secs"
[ "$status" = 200 ] || { echo "expected 200 once payments is back" >&2; exit 1; }
read -r status secs < <(call); report "GET /orders/{id}" "$status" "$secs"
grep -q "circuit breaker closed" "$WORK/orders.log" || { echo "no log line for the breaker closing" >&2; exit 1; }
echo "ok"
