#!/usr/bin/env bash
# The idle footprint of a distribution with its default pipelines.conf, with and without the
# profiles pipeline (the baseline, same run): VmRSS (median of 15 one-second samples after 40 s),
# CPU per thread over 60 s of idle, what the whole agent allocated in that minute and the heap's
# peak (before a collection) in its first 25 s, which hold the first cycle (both from -Xlog:gc),
# and the live heap at the end (GC.class_histogram collects first).
# Usage: plugins/cpu-profiler/bench/idle-footprint.sh [distribution dir, default dist/target/coral-agent]
#        (BASELINE=no skips the run without the profiles pipeline)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
dist="$(cd "${1:-$root/dist/target/coral-agent}" && pwd)"
source "$root/bench/lib.sh"
source "$dist/bin/find-java.sh"
jdk="$(coral_find_jdk 25)"
opts="$(sed -n 's/^DEFAULT_OPTS="\(.*\)"$/\1/p' "$dist/bin/coral-agent")"
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg) dist: $dist"

cpu_ticks() { # pid -> "thread-name ticks" per thread
  for t in /proc/"$1"/task/*; do
    awk '{ match($0, /\(.*\)/); name=substr($0, RSTART+1, RLENGTH-2); gsub(/ /, "_", name);
           split(substr($0, RSTART+RLENGTH+1), f, " "); print name, f[12]+f[13] }' "$t/stat" 2>/dev/null
  done | awk '{a[$1]+=$2} END {for (k in a) print k, a[k]}'
}

run() { # $1 label, $2 pipelines.conf
  local work; work="$(mktemp -d)"
  mkdir -p "$work/operator"; cp "$2" "$work/operator/pipelines.conf"
  local grpc; grpc=$(shuf -i 20000-29999 -n1)
  CORAL_JAVA_OPTS="$opts -Xlog:gc*:file=$work/gc.log:uptime" \
  CORAL_DATA_DIR="$work/data" CORAL_CONFIG_DIR="$work/operator" CORAL_OTLP_GRPC_ENDPOINT="127.0.0.1:$grpc" \
    CORAL_OTLP_HTTP_ENDPOINT="127.0.0.1:$((grpc+1))" CORAL_API_LISTEN="127.0.0.1:$((grpc+2))" \
    CORAL_BEYLA_GRPC_ENDPOINT="127.0.0.1:$((grpc+3))" CORAL_BEYLA_HTTP_ENDPOINT="127.0.0.1:$((grpc+4))" \
    CORAL_LOG_LEVEL=WARN "$dist/bin/coral-agent" run >"$work/out" 2>&1 & local pid=$!
  wait_port $pid "$grpc" >/dev/null
  sleep 40
  local rss=(); for _ in $(seq 15); do rss+=($(rss_kib $pid)); sleep 1; done
  young_used() { "$jdk/bin/jcmd" $pid GC.heap_info | awk '/DefNew/ {sub(/K/, "", $5); print $5}'; }
  local from; from=$(awk '{print $1}' /proc/uptime); local y0; y0=$(young_used)
  cpu_ticks $pid > "$work/t0"; sleep 60; cpu_ticks $pid > "$work/t1"
  local to; to=$(awk '{print $1}' /proc/uptime); local y1; y1=$(young_used)
  local started; started=$(awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); split($0, f, " "); print f[20]/hz}' /proc/$pid/stat)
  local live; live=$("$jdk/bin/jcmd" $pid GC.class_histogram | awk '/^Total/ {print int($3/1024)}')
  local bytes; bytes=$("$jdk/bin/jcmd" $pid GC.class_histogram | awk '$4=="[B" {print int($3/1024)}')
  kill -TERM $pid; wait $pid || true
  # "[12.345s] ... Pause Young (Allocation Failure) 10M->5M(20M) 1.2ms" for the peak; the young generation
  # only grows by allocation, so allocated = its growth over the minute + what each collection
  # in it took out ("DefNew: 4992K(4992K)->512K(4992K)")
  local gc; gc=$(awk -v y0="$y0" -v y1="$y1" -v from="$(awk -v a="$from" -v b="$started" 'BEGIN{print a-b}')" -v to="$(awk -v a="$to" -v b="$started" 'BEGIN{print a-b}')" '
    function kib(v,   u, x) { u=substr(v, length(v)); x=substr(v, 1, length(v)-1)+0; return u=="G" ? x*1048576 : u=="M" ? x*1024 : u=="K" ? x : x/1024 }
    /Pause/ && match($0, /[0-9]+[KMG]?->[0-9]+[KMG]?\([0-9]+[KMG]?\)/) {
      t=substr($1, 2)+0; split(substr($0, RSTART, RLENGTH), p, /->|\(|\)/)
      b=kib(p[1]); a=kib(p[2])
      if (t <= 25 && b > peak) peak=b
      if (t >= from && t <= to) n++ }
    / DefNew: / && match($0, /DefNew: [0-9]+K\([0-9]+K\)->[0-9]+K/) {
      t=substr($1, 2)+0; split(substr($0, RSTART+8, RLENGTH-8), d, /\(|->/)
      if (t >= from && t <= to) taken+=kib(d[1])-kib(d[3]) }
    END { printf "%d KiB allocated in 60 s idle (%d young collections); heap peak in the first 25 s %d KiB", y1-y0+taken, n, peak }' "$work/gc.log")
  echo "$label: VmRSS median $(( $(printf '%s\n' "${rss[@]}" | median) / 1024 )) MiB; live heap ${live} KiB (byte[] ${bytes} KiB)"
  echo "  $gc"
  echo "  CPU over 60 s idle, % of a core, top threads:"
  join <(sort "$work/t0") <(sort "$work/t1") | awk -v hz="$(getconf CLK_TCK)" '{d=$3-$2; tot+=d; if (d>0) printf "    %-28s %.2f\n", $1, d*100/hz/60} END {printf "    %-28s %.2f\n", "TOTAL", tot*100/hz/60}' | sort -k2 -rn | head -12
  rm -rf "$work"
}
label="with cpu-profiler"; run "$label" "$dist/conf/pipelines.conf"
noprof="$(mktemp)"; sed '/^ *profiles *{ *receivers = \[cpu-profiler\]/d' "$dist/conf/pipelines.conf" > "$noprof"
[ "${BASELINE:-yes}" = no ] && exit 0
label="without profiles pipeline"; run "$label" "$noprof"; rm -f "$noprof"
