#!/usr/bin/env bash
# Issue 16's table ("lean, low-latency durable ingest") in one run, every row with its target and,
# where the issue compares, the bare grpc-java parse server measured in the same run:
#
#   idle            RSS median and CPU % of one core, after a settling time, no load:
#                   the distribution on its conf/pipelines.conf, and the bare server
#   paced 10k/s     CPU (median and p90 of 1-s samples), RSS median and max: bare, the agent wired
#                   otlp -> nop, the default pipeline (otlp -> static-filter sample-rate 0.10 -> duckdb);
#                   for the default pipeline also the store's coral_store_ack_wait_seconds p50/p99,
#                   from its /metrics histogram differenced over the window
#   closed loop     8 clients x 200 spans: spans/s, RSS max, CPU, the clients' send-to-OK p50/p99,
#                   against bare, the default pipeline and a copy of it with sample-rate 1.0
#   50 % of peak    paced at half the default pipeline's closed-loop spans/s: the store's ack wait
#   OTel SDK        the OpenTelemetry Java SDK (BatchSpanProcessor and OTLP/gRPC exporter at their
#                   defaults) producing 20,000 spans/s for 30 s into the default pipeline: the spans the
#                   SDK itself counts as dropped (processedSpans{dropped=true}) and spans/s delivered
#
# Prerequisite; this script builds nothing. From the repository root:
#   ./mvnw -q -DskipTests install
# which leaves dist/target/coral-agent and tools/otlp-load/target/otlp-load.jar.
#
# Usage: bench/ingest.sh [otlp-load ingest options]
#   e.g. bench/ingest.sh --duration 60 --closed-duration 30 --sdk-duration 60   (a longer run)
# Options (defaults): --rate 10000 --spans 100 --connections 4 (the paced load), --clients 8
#   --closed-spans 200 (the closed loop), --settle 20 --idle 15, --warmup 15 --duration 30 (each paced
#   phase), --closed-warmup 10 --closed-duration 20, --sdk-rate 20000 --sdk-warmup 5 --sdk-duration 30,
#   --jvm-opts "..." (every server's JVM options; default: the launcher's).
# Defaults take about 8 minutes. Loopback only (127.0.0.1, free ports, never 4317-4320 or 9001),
# temporary data directories; every phase is bounded, and the whole run is killed after 40 minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
use_otlp_load
bench_header "$java"
exec timeout --signal=TERM --kill-after=30 2400 "$java" -jar "$jar" ingest --agent-home "$dist" "$@"
