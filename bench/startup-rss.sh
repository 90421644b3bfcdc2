#!/usr/bin/env bash
# Startup time to "listening" and idle RSS of the built distribution, each against a baseline
# measured in the same run: a bare JVM, same java and flags, that opens one socket and idles.
# Usage: bench/startup-rss.sh [runs] [idle seconds, default 5]   (after ./mvnw -DskipTests package)
# An idle time past 15 s includes the cpu-profiler's first cycles, which settle the agent's heap.
set -euo pipefail
runs="${1:-5}"
idle="${2:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$root/dist/target/coral-agent"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$root/dist/src/main/bin/find-java.sh"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
jdk="$(coral_find_jdk 25)"
# The launcher's own default JVM options (its one DEFAULT_OPTS line), so the baseline runs with the same.
flags="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow $(sed -n 's/^DEFAULT_OPTS="\(.*\)"$/\1/p' "$dist/bin/coral-agent")"

cat > "$work/Baseline.java" <<'JAVA'
public class Baseline {
    public static void main(String[] a) throws Exception {
        var s = new java.net.ServerSocket(Integer.parseInt(a[0]), 50, java.net.InetAddress.getLoopbackAddress());
        Thread.sleep(Long.MAX_VALUE);
    }
}
JAVA
"$jdk/bin/javac" -d "$work" "$work/Baseline.java"


agent_ms=(); agent_rss=(); base_ms=(); base_rss=()
for i in $(seq "$runs"); do
  port=$(free_port)
  start=$(now_ms)
  # shellcheck disable=SC2086
  "$jdk/bin/java" $flags -cp "$work" Baseline "$port" & pid=$!
  wait_port $pid "$port" >/dev/null; base_ms+=($(( $(now_ms) - start )))
  sleep "$idle"; base_rss+=($(rss_kib $pid)); kill $pid; wait $pid 2>/dev/null || true

  grpc=$(free_port); http=$(free_port); api=$(free_port)
  rm -rf "$work/data"
  start=$(now_ms)
  CORAL_DATA_DIR="$work/data" CORAL_CONFIG_DIR="$work/operator" CORAL_OTLP_GRPC_ENDPOINT="127.0.0.1:$grpc" CORAL_OTLP_HTTP_ENDPOINT="127.0.0.1:$http" \
    CORAL_API_LISTEN="127.0.0.1:$api" \
    CORAL_BEYLA_GRPC_ENDPOINT="127.0.0.1:$(free_port)" CORAL_BEYLA_HTTP_ENDPOINT="127.0.0.1:$(free_port)" \
    CORAL_LOG_LEVEL=WARN "$dist/bin/coral-agent" run & pid=$!
  wait_port $pid "$grpc" >/dev/null; agent_ms+=($(( $(now_ms) - start )))
  sleep "$idle"; agent_rss+=($(rss_kib $pid)); kill -TERM $pid; wait $pid || true
  echo "run $i: agent ${agent_ms[-1]} ms, ${agent_rss[-1]} KiB; baseline ${base_ms[-1]} ms, ${base_rss[-1]} KiB" >&2
done
am=$(printf '%s\n' "${agent_ms[@]}" | median); ar=$(printf '%s\n' "${agent_rss[@]}" | median)
bm=$(printf '%s\n' "${base_ms[@]}" | median); br=$(printf '%s\n' "${base_rss[@]}" | median)
echo "startup to listening (median of $runs): agent ${am} ms, bare JVM ${bm} ms, ratio $(awk "BEGIN{printf \"%.2f\", $am/$bm}")"
echo "idle RSS after $idle s (median of $runs): agent $((ar/1024)) MiB, bare JVM $((br/1024)) MiB, ratio $(awk "BEGIN{printf \"%.2f\", $ar/$br}")"
