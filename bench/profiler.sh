#!/usr/bin/env bash
# What the cpu-profiler costs (issue 13), on a host kept busy on every CPU, against a baseline
# measured in the same window: four agents of the built distribution run side by side, each on
# its own free loopback ports and temporary data directory, all with an idle OTLP receiver into
# the duckdb store (a pipeline is required), and
#   base     nothing else: the cpu-profiler is in no pipeline
#   bpf19    + cpu-profiler -> duckdb, mode = bpf,  19 Hz (the default)
#   bpf99    + cpu-profiler -> duckdb, mode = bpf,  99 Hz
#   perf19   + cpu-profiler -> duckdb, mode = perf, 19 Hz (the ring-buffer fallback)
# Per agent, over a window of whole cycles after a first, warm-up cycle:
#   - process CPU (utime + stime of /proc/<pid>/stat), minus base's: what the profiler adds;
#   - the BPF program's run time (run_time_ns / run_cnt in /proc/<pid>/fdinfo/<prog fd>, with
#     the kernel's BPF statistics on through bpf(BPF_ENABLE_STATS) while the script runs);
#   - VmRSS, sampled every 5 s (median), minus base's;
#   - coral_profiler_cycle_seconds from /metrics (drain + symbolize + send, wall time) and the
#     CPU of the thread that runs the cycles (schedstat), per cycle; samples sent;
#   - the agent's busiest threads (schedstat), so a missed target says where the time goes.
# Not counted anywhere: the kernel's own perf interrupt outside the BPF program (and, in perf
# mode, its callchain walk and ring-buffer write), which lands in the interrupted task.
#
# The busy host: bench/profiler/busy.c (gcc -fno-omit-frame-pointer; 2 threads walking call
# chains 3-24 frames deep into arithmetic, memcpy, qsort and write(2)) plus one JVM thread
# (bench/profiler/Busy.java, -XX:+PreserveFramePointer): three runnable threads on two CPUs.
#
# Prerequisites; this script builds nothing. From the repository root, as root (perf events and
# BPF), with gcc and python3:
#   ./mvnw -q -DskipTests install
# Usage: bench/profiler.sh [--rounds 2] [--cycles 8] [--cycle 15]
#   --cycle   seconds per profiler cycle (15 is the shipped default; shorter runs faster but
#             drains more often: say so when quoting the figures)
#   --cycles  measured cycles per round (after one warm-up cycle)
# Each round starts everything afresh; the figures of every round and their medians are printed.
# Bounded: about rounds × (cycles + 2) × cycle seconds, plus startup.
set -euo pipefail
rounds=2 cycles=8 cycle=15
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --cycles) cycles="$2"; shift 2 ;;
    --cycle) cycle="$2"; shift 2 ;;
    *) echo "usage: bench/profiler.sh [--rounds N] [--cycles N] [--cycle SECONDS]" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$root/dist/target/coral-agent"
[ -x "$dist/bin/coral-agent" ] || { echo "missing $dist: run ./mvnw -q -DskipTests install in $root first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root: the profiler needs perf events and BPF" >&2; exit 2; }
command -v gcc >/dev/null || { echo "gcc is needed for the busy host" >&2; exit 2; }
# shellcheck source=../dist/src/main/bin/find-java.sh
source "$dist/bin/find-java.sh"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
jdk="$(coral_find_jdk 25)"
java="$jdk/bin/java"
work="$(mktemp -d)"
started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

gcc -O1 -fno-omit-frame-pointer -pthread -o "$work/busy" "$root/bench/profiler/busy.c"
"$jdk/bin/javac" -d "$work" "$root/bench/profiler/Busy.java"
python3 "$root/bench/profiler/bpf_stats.py" > "$work/bpf-stats" & started+=($!)
for _ in $(seq 100); do grep -q on "$work/bpf-stats" && break; kill -0 "${started[0]}" || exit 1; sleep 0.1; done

agents=(base bpf19 bpf99 perf19)
declare -A api pid
window=$((cycles * cycle))

write_config() {  # $1 name, $2 mode ("" = no profiler), $3 hz
  local profiler="" pipeline=""
  if [ -n "$2" ]; then
    profiler="cpu-profiler { frequency-hz = $3, cycle = ${cycle}s, mode = $2 }"
    pipeline="profiles { receivers = [cpu-profiler], stores = [duckdb] }"
  fi
  cat > "$work/$1.conf" <<CONF
agent { data-dir = "$work/$1-data", api.listen = ["127.0.0.1:${api[$1]}"] }
receivers {
  otlp { grpc.endpoint = "127.0.0.1:$(free_port)", http.endpoint = "127.0.0.1:$(free_port)" }
  $profiler
}
stores { duckdb {} }
pipelines {
  traces { receivers = [otlp], stores = [duckdb] }
  $pipeline
}
CONF
}

metrics() { curl -sf --max-time 10 "http://127.0.0.1:${api[$1]}/metrics" || true; }
# The value of a metric line whose name is $2 (labels ignored) in the scrape file $1; 0 if absent.
metric() { awk -v n="$2" '$1 == n || index($1, n "{") == 1 {v = $2} END {print v + 0}' "$1"; }
proc_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }
# "run_time_ns run_cnt" of the process's BPF programs (summed; the profiler loads one), or "0 0".
bpf_run() {
  grep -hs -E '^(prog_type|run_time_ns|run_cnt):' /proc/"$1"/fdinfo/* 2>/dev/null |
    awk '/^prog_type/ {p=1; next} p && /^run_time_ns/ {t+=$2} p && /^run_cnt/ {c+=$2; p=0} END {print t+0, c+0}'
}
# One line per thread: "tid ns-on-cpu name" (the name's trailing digits dropped, so pools add up).
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    { read -r ns _ < "$t/schedstat" && read -r name < "$t/comm"; } 2>/dev/null || continue
    echo "${t##*/} $ns ${name%"${name##*[!0-9]}"}"
  done
}
host_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

snapshot() {  # $1 agent, $2 tag
  local a=$1 s="$work/$1.$2"
  proc_ticks "${pid[$a]}" > "$s.ticks"
  bpf_run "${pid[$a]}" > "$s.bpf"
  threads "${pid[$a]}" > "$s.threads"
  metrics "$a" > "$s.metrics"
}

# Per-thread CPU over the window, % of one core, busiest first.
top_threads() {  # $1 agent
  awk -v w="$window_ns" 'FNR == NR {start[$1] = $2; next}
      {name = $3; for (i = 4; i <= NF; i++) name = name " " $i; sum[name] += $2 - start[$1]}
      END {for (n in sum) if (sum[n] > 0) printf "%.3f %s\n", sum[n] * 100 / w, n}' \
    "$work/$1.start.threads" "$work/$1.end.threads" | sort -rn | head -6 |
    awk '{v = $1; $1 = ""; printf "%s%s %.3f%%", (NR > 1 ? ";" : ""), $0, v}'
}

results="$work/results"
: > "$results"
bench_header "$java"
echo "# bench/profiler.sh --rounds $rounds --cycles $cycles --cycle $cycle: window $window s per round, after one warm-up cycle"
for round in $(seq "$rounds"); do
  echo "## round $round"
  "$work/busy" 2 $((window + 4 * cycle + 180)) & started+=($!); busy=$!
  "$java" -Xmx64m -XX:+UseSerialGC -XX:+PreserveFramePointer -cp "$work" Busy $((window + 4 * cycle + 180)) \
    > /dev/null & started+=($!); jbusy=$!
  for a in "${agents[@]}"; do
    api[$a]=$(free_port)
    case "$a" in
      base) write_config base "" 0 ;;
      bpf19) write_config bpf19 bpf 19 ;;
      bpf99) write_config bpf99 bpf 99 ;;
      perf19) write_config perf19 perf 19 ;;
    esac
    CORAL_LOG_LEVEL=INFO "$dist/bin/coral-agent" run --config "$work/$a.conf" > "$work/$a.log" 2>&1 &
    pid[$a]=$!; started+=($!)
  done
  for a in "${agents[@]}"; do
    timeout 180 bash -c "$(declare -f wait_port now_ms); wait_port ${pid[$a]} ${api[$a]}" > /dev/null ||
      { echo "agent $a did not start:"; tail -20 "$work/$a.log"; exit 1; }
    if grep -q "cpu profiler disabled" "$work/$a.log"; then
      echo "agent $a: $(grep -m1 'cpu profiler disabled' "$work/$a.log")"; exit 1
    fi
  done
  # Warm-up: every profiler has finished one cycle (JIT, first reads of every binary's symbols).
  deadline=$(( $(date +%s) + 3 * cycle + 60 ))
  for a in bpf19 bpf99 perf19; do
    until metrics "$a" > "$work/$a.warm" && [ "$(metric "$work/$a.warm" coral_profiler_cycle_seconds_count)" -ge 1 ]; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "agent $a: no cycle within $((3 * cycle + 60)) s"; tail -20 "$work/$a.log"; exit 1; }
      sleep 1
    done
  done
  read -r busy0 total0 < <(host_busy)
  t0=$(date +%s%N)
  for a in "${agents[@]}"; do snapshot "$a" start; : > "$work/$a.rss"; done
  while [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt "$window" ]; do
    for a in "${agents[@]}"; do
      kill -0 "${pid[$a]}" || { echo "agent $a died:"; tail -20 "$work/$a.log"; exit 1; }
      rss_kib "${pid[$a]}" >> "$work/$a.rss"
    done
    sleep 5
  done
  for a in "${agents[@]}"; do snapshot "$a" end; done
  t1=$(date +%s%N)
  window_ns=$((t1 - t0))
  read -r busy1 total1 < <(host_busy)
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  host=$(awk "BEGIN {printf \"%.0f\", ($busy1 - $busy0) * 100 / ($total1 - $total0)}")
  echo "window $(awk "BEGIN {printf \"%.1f\", $window_ns / 1e9}") s; host CPUs busy ${host} %; load average $load"
  base_cpu=$(awk -v d=$(( $(cat "$work/base.end.ticks") - $(cat "$work/base.start.ticks") )) -v w="$window_ns" \
    'BEGIN {printf "%.3f", d / 100 * 1e9 / w * 100}')
  base_rss=$(median < "$work/base.rss")
  printf '%-7s %9s %9s %9s %9s %9s %7s %9s %9s %9s %9s %9s %9s\n' agent "cpu%" "added%" "bpf%" "ns/run" \
    "total%" "runs/s" "samples/s" "rss-MiB" "+rss-MiB" "cycle-ms" "cyc-cpu-ms" "first-ms"
  for a in "${agents[@]}"; do
    read -r rt0 rc0 < "$work/$a.start.bpf"; read -r rt1 rc1 < "$work/$a.end.bpf"
    m0="$work/$a.start.metrics" m1="$work/$a.end.metrics"
    # The thread running the cycles ("coral-cpu-profiler", comm cut to 15 characters).
    cyc_ns=$(awk 'FNR == NR {s[$1] = $2; next} $3 == "coral-cpu-profi" {d += $2 - s[$1]} END {print d + 0}' \
      "$work/$a.start.threads" "$work/$a.end.threads")
    line=$(awk -v a="$a" -v d=$(( $(cat "$work/$a.end.ticks") - $(cat "$work/$a.start.ticks") )) -v w="$window_ns" \
      -v base="$base_cpu" -v rt=$((rt1 - rt0)) -v rc=$((rc1 - rc0)) -v rss="$(median < "$work/$a.rss")" -v brss="$base_rss" \
      -v n0="$(metric "$m0" coral_profiler_cycle_seconds_count)" -v n1="$(metric "$m1" coral_profiler_cycle_seconds_count)" \
      -v s0="$(metric "$m0" coral_profiler_cycle_seconds_sum)" -v s1="$(metric "$m1" coral_profiler_cycle_seconds_sum)" \
      -v first="$(metric "$work/$a.warm" coral_profiler_cycle_seconds_sum)" -v fn="$(metric "$work/$a.warm" coral_profiler_cycle_seconds_count)" \
      -v x0="$(metric "$m0" coral_profiler_samples_total)" -v x1="$(metric "$m1" coral_profiler_samples_total)" \
      -v cyc="$cyc_ns" 'BEGIN {
        cpu = d / 100 * 1e9 / w * 100; bpf = rt / w * 100; n = n1 - n0
        printf "%-7s %9.3f %9.3f %9.4f %9.0f %9.3f %7.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f\n", a, cpu,
          cpu - base, bpf, (rc ? rt / rc : 0), cpu - base + bpf, rc * 1e9 / w, (x1 - x0) * 1e9 / w,
          rss / 1024, (rss - brss) / 1024, (n ? (s1 - s0) / n * 1000 : 0), (n ? cyc / n / 1e6 : 0), (fn ? first / fn * 1000 : 0)
      }')
    echo "$line"
    [ "$a" = base ] || echo "$round $line" >> "$results"
  done
  for a in "${agents[@]}"; do echo "threads $a: $(top_threads "$a")"; done
  for a in bpf19 bpf99 perf19; do
    echo "lost $a: $(metric "$work/$a.end.metrics" coral_profiler_lost_samples_total)," \
      "warnings: $(grep -c WARN "$work/$a.log" || true)"
  done
  for p in "${pid[@]}" "$busy" "$jbusy"; do kill "$p" 2>/dev/null || true; done
  for p in "${pid[@]}" "$busy" "$jbusy"; do wait "$p" 2>/dev/null || true; done
  started=("${started[0]}")  # only the statistics holder lives on
  rm -rf "$work"/*-data
done

echo "## median over $rounds round(s), per agent (columns as above)"
for a in bpf19 bpf99 perf19; do
  awk -v a="$a" '$2 == a' "$results" | awk -v a="$a" '
    {for (i = 3; i <= NF; i++) v[i, NR] = $i; n = NR; f = NF}
    END {
      printf "%-7s", a
      for (i = 3; i <= f; i++) {
        for (r = 1; r <= n; r++) col[r] = v[i, r]
        for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (col[y] < col[x]) {t = col[x]; col[x] = col[y]; col[y] = t}
        printf " %9s", col[int((n + 1) / 2)]
      }
      printf "\n"
    }'
done
echo "# cpu%: agent process CPU, % of one core; added%: minus base's; bpf%: the BPF program's run time, % of one core;"
echo "# total% = added% + bpf%; runs/s: program runs (samples, idle included); samples/s: sent on (non-idle);"
echo "# cycle-ms: drain + symbolize + send, wall, mean per measured cycle; cyc-cpu-ms: CPU of the cycle thread per cycle;"
echo "# first-ms: the warm-up (first) cycle, wall."
