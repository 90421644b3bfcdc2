#!/usr/bin/env bash
# OTLP receiver benchmarks (issue 3, "Measure"), each against baselines measured in the same run.
#
#   throughput  spans/s and server CPU-seconds per 100k spans under closed-loop load (8 gRPC
#               clients, 200 spans per request), rounds alternating between:
#                 bare        grpc-java, generated stub, only parses          (the ceiling)
#                 bare-bytes  grpc-java, parses byte[] as the receiver does   (the strict ceiling)
#                 otlp        the otlp receiver plugin -> no-op consumer, no runtime
#                 agent       the built distribution, bin/coral-agent run, otlp -> nop
#   steady      CPU (% of one core) and RSS (VmRSS sampled every second: median, max) while a
#               paced 10,000 spans/s goes through, and whether every span sent was acknowledged:
#                 bare        the bare parse server
#                 agent-nop   the distribution wired otlp -> nop
#                 agent       the distribution on its own conf/pipelines.conf
#                             (otlp -> static-filter -> duckdb, sysmetrics, Agent API)
#
# Prerequisite; this script builds nothing. From the repository root:
#   ./mvnw -q -DskipTests install
# which leaves dist/target/coral-agent and tools/otlp-load/target/otlp-load.jar.
#
# Usage: bench/otlp.sh [throughput|steady|all] [otlp-load options, e.g. --rounds 1]
# Loopback only (127.0.0.1, free ports, temporary data directories); every phase is bounded,
# and each command is killed after 45 minutes at most.
set -euo pipefail
what="${1:-all}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
use_otlp_load
bench_header "$java"

run() { timeout --signal=TERM --kill-after=30 2700 "$java" -jar "$jar" "$@"; }
case "$what" in
  throughput) run bench --agent-home "$dist" "$@" ;;
  steady) run steady --agent-home "$dist" "$@" ;;
  all)
    run bench --agent-home "$dist" "$@"
    echo
    run steady --agent-home "$dist" "$@"
    ;;
  *) echo "usage: bench/otlp.sh [throughput|steady|all] [otlp-load options]" >&2; exit 2 ;;
esac
