#!/usr/bin/env bash
# The beyla path's cost (issue 14), against baselines measured in the same run:
#
#   realistic  the built distribution on its default pipelines.conf (beyla receiver on a free
#              loopback port -> ebpf pipeline -> duckdb; receive-only, no Beyla binary) fed
#              Beyla-shaped HTTP RED histograms, 200 series once per second: agent CPU (% of one
#              core) and RSS in loaded blocks against idle blocks of the same agent, alternating
#              (after 45 s settling and 15 s warm-up; blocks of 30 s, two profiler cycles each);
#              rows stored vs points sent
#   capacity   closed loop, 8 clients sending 200-series exports as fast as answers come back:
#              rows/s, agent CPU per 100k rows, refusals; against the span path of a fresh agent
#              (otlp -> static-filter -> duckdb, 200 spans per request), rounds alternating
#
# Prerequisite; this script builds nothing. From the repository root:
#   ./mvnw -q -DskipTests install
# which leaves dist/target/coral-agent and tools/otlp-load/target/otlp-load.jar.
#
# Usage: bench/beyla.sh [otlp-load beyla options, e.g. --rounds 1 --pairs 1]
# Loopback only (127.0.0.1, free ports, temporary data directories); with the defaults the whole
# run takes about 6.5 minutes, and it is killed after 10.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
use_otlp_load
bench_header "$java"

timeout --signal=TERM --kill-after=30 600 "$java" -jar "$jar" beyla --agent-home "$dist" --rounds 2 "$@"
