#!/usr/bin/env bash
# Agent -> agent forwarding (issue 17): spans/s and CPU per 100k spans of agent A, OTLP in and the
# otlp exporter (persistent sending queue) out to agent B, under closed-loop load; baseline in the
# same run: the same agent wired otlp -> nop (receiving alone), and the forwarder without gzip
# (compression = none, "plain"). B is otlp -> nop, so it is not the
# bottleneck; both agents share the machine with the load generator.
#
# Prerequisite (this script builds nothing), from the repository root:
#   ./mvnw -q -DskipTests install
# Usage: bench/forward.sh [rounds (default 2)] [seconds per phase (default 20)]
# Loopback only, free ports, temporary data directories; every phase is bounded.
set -euo pipefail
rounds="${1:-2}"
seconds="${2:-20}"
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
use_otlp_load
bench_header "$java"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# $1 api port, $2 metric name -> the sum of its samples.
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"({|$)" {s += $2} END {printf "%d\n", s}'; }

# $1 name, $2 exporters block, $3 exporter list -> starts an agent; sets $pid $grpc $api.
start_agent() {
  grpc=$(free_port); api=$(free_port)
  mkdir -p "$work/$1"
  cat > "$work/$1/pipelines.conf" <<CONF
agent { data-dir = "$work/$1/data", plugins-dir = "$dist/plugins", api.listen = ["127.0.0.1:$api"] }
receivers { otlp { grpc.endpoint = "127.0.0.1:$grpc", http.enabled = false } }
exporters { $2 }
pipelines { traces { receivers = [otlp], exporters = [$3] } }
CONF
  "$dist/bin/coral-agent" run --config "$work/$1/pipelines.conf" 2> "$work/$1/stderr.log" &
  pid=$!
  pids+=("$pid")
  wait_port "$pid" "$grpc" > /dev/null
  wait_port "$pid" "$api" > /dev/null
}

start_agent b "nop {}" nop
b_grpc=$grpc
start_agent forward "otlp { endpoint = \"http://127.0.0.1:$b_grpc\" }" otlp
fwd_pid=$pid fwd_grpc=$grpc fwd_api=$api
start_agent plain "otlp { endpoint = \"http://127.0.0.1:$b_grpc\", compression = none }" otlp
plain_pid=$pid plain_grpc=$grpc plain_api=$api
start_agent nop "nop {}" nop
nop_pid=$pid nop_grpc=$grpc nop_api=$api

# $1 label, $2 pid, $3 grpc port, $4 api port, $5 counter of spans done -> one line.
phase() {
  local before_t before_n after_t after_n start_ms
  timeout 60 "$java" -jar "$jar" load --target "127.0.0.1:$3" --clients 8 --spans 200 --duration 5 > /dev/null
  before_t=$(ticks "$2"); before_n=$(metric "$4" "$5"); start_ms=$(now_ms)
  timeout $((seconds + 60)) "$java" -jar "$jar" load --target "127.0.0.1:$3" --clients 8 --spans 200 \
    --duration "$seconds" > "$work/load.log"
  if [ "$1" != nop ]; then   # what is still queued is sent after the load: count it, and its CPU
    local waited=0
    until [ "$(metric "$4" otelcol_exporter_queue_size)" = 0 ] || [ $waited -ge 60 ]; do sleep 1; waited=$((waited + 1)); done
  fi
  after_t=$(ticks "$2"); after_n=$(metric "$4" "$5")
  awk -v l="$1" -v n=$((after_n - before_n)) -v t=$((after_t - before_t)) -v hz="$hz" -v ms=$(($(now_ms) - start_ms)) \
    'BEGIN { printf "%-8s spans=%d wall_s=%.1f spans/s=%.0f cpu_s=%.1f cpu_s_per_100k=%.2f\n", l, n, ms / 1000, n / (ms / 1000), t / hz, (t / hz) / (n / 100000) }'
}

for r in $(seq 1 "$rounds"); do
  echo "round $r"
  phase forward "$fwd_pid" "$fwd_grpc" "$fwd_api" otelcol_exporter_sent_spans_total
  phase plain "$plain_pid" "$plain_grpc" "$plain_api" otelcol_exporter_sent_spans_total
  phase nop "$nop_pid" "$nop_grpc" "$nop_api" otelcol_receiver_accepted_spans_total
done
echo "forwarder queue files: $(du -sh "$work/forward/data" | cut -f1); failed sends: $(metric "$fwd_api" otelcol_exporter_send_failed_spans_total)"
