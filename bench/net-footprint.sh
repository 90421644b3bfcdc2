#!/usr/bin/env bash
# Usage: bench/net-footprint.sh RUNS DIST... (each DIST a built dist/target/coral-agent) — per dist and run: startup to OTLP/gRPC and API listening, then after
# 10 s idle: RSS, NMT Class+Metaspace committed, loaded classes, threads. Default pipelines.conf,
# temp data/config dirs, free ports. Runs alternate between dists.
set -uo pipefail
runs=$1; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/bench/lib.sh"
source "$root/dist/src/main/bin/find-java.sh"
J="$(coral_find_jdk 25)/bin"
export PATH=$J:$PATH
for i in $(seq "$runs"); do
 for dist in "$@"; do
  work=$(mktemp -d)
  grpc=$(free_port); http=$(free_port); api=$(free_port)
  start=$(now_ms)
  CORAL_JAVA_OPTS="-XX:+UseSerialGC -Xms16m -Xmx512m -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=4 -XX:NativeMemoryTracking=summary" \
  CORAL_DATA_DIR="$work/data" CORAL_CONFIG_DIR="$work/conf" CORAL_OTLP_GRPC_ENDPOINT="127.0.0.1:$grpc" CORAL_OTLP_HTTP_ENDPOINT="127.0.0.1:$http" \
    CORAL_API_LISTEN="127.0.0.1:$api" CORAL_BEYLA_GRPC_ENDPOINT="127.0.0.1:$(free_port)" CORAL_BEYLA_HTTP_ENDPOINT="127.0.0.1:$(free_port)" \
    CORAL_LOG_LEVEL=WARN "$dist/bin/coral-agent" run >"$work/out.log" 2>&1 & pid=$!
  wait_port $pid "$grpc" >/dev/null; t_grpc=$(( $(now_ms) - start ))
  wait_port $pid "$api" >/dev/null; t_api=$(( $(now_ms) - start ))
  sleep 10
  jpid=$(pgrep -P $pid java || echo $pid)
  rss=$(rss_kib $jpid)
  nmt=$(jcmd $jpid VM.native_memory summary 2>/dev/null)
  cls=$(echo "$nmt" | awk '/^-  *Class \(/ {for(i=1;i<=NF;i++) if($i ~ /committed=/){gsub(/committed=|KB\)?,?/,"",$i); print $i; exit}}')
  meta=$(echo "$nmt" | grep -m1 -A2 "^-  *Metaspace" | grep -o "committed=[0-9]*KB" | head -1 | tr -dc 0-9)
  total=$(echo "$nmt" | grep -m1 "^Total:" | grep -o "committed=[0-9]*KB" | tr -dc 0-9)
  loaded=$(jstat -class $jpid | awk 'NR==2 {print $1}')
  threads=$(awk '/^Threads/ {print $2}' /proc/$jpid/status)
  echo "$(basename $dist) run=$i grpc_ms=$t_grpc api_ms=$t_api rss_kib=$rss nmt_total_kib=$total nmt_class_kib=$cls metaspace_kib=$meta classes=$loaded threads=$threads load=$(cut -d' ' -f1 /proc/loadavg)"
  kill -TERM $pid; wait $pid 2>/dev/null
  rm -rf "$work"
 done
done
