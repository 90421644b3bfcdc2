#!/usr/bin/env bash
# What the cpu-profiler costs (issue 13), on a host kept busy on every CPU, against a baseline
# measured in the same window: four agents of the built distribution run side by side, each on
# its own free loopback ports and temporary data directory, all with an idle OTLP receiver into
# the duckdb store (a pipeline is required), and
#   base     nothing else: the cpu-profiler is in no pipeline
#   bpf19    + cpu-profiler -> duckdb, mode = bpf,  19 Hz (the default)
#   bpf99    + cpu-profiler -> duckdb, mode = bpf,  99 Hz
#   perf19   + cpu-profiler -> duckdb, mode = perf, 19 Hz (the ring-buffer fallback)
# Per agent, over a window of whole cycles after the warm-up cycles:
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
# Usage: bench/profiler.sh [--rounds 2] [--cycles 8] [--cycle 15] [--warmup 4]
#   --cycle   seconds per profiler cycle (15 is the shipped default; shorter runs faster but
#             drains more often: say so when quoting the figures)
#   --cycles  measured cycles per round
#   --warmup  cycles every profiler completes before the window opens (JIT, first symbol reads)
# Each round starts everything afresh; the figures of every round and their medians are printed.
# Bounded: about rounds × (warmup + cycles + 1) × cycle seconds, plus startup (~7 min by default).
set -euo pipefail
rounds=2 cycles=8 cycle=15 warmup=4
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --cycles) cycles="$2"; shift 2 ;;
    --cycle) cycle="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "usage: bench/profiler.sh [--rounds N] [--cycles N] [--cycle SECONDS] [--warmup N]" >&2; exit 2 ;;
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
metric() { [ -s "$1" ] || { echo 0; return; }; awk -v n="$2" '$1 == n || index($1, n "{") == 1 {v = $2} END {print v + 0}' "$1"; }
proc_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }
# "run_time_ns run_cnt" of the process's BPF programs (summed; the profiler loads one), or "0 0".
bpf_run() {
  { grep -hs -E '^(prog_type|run_time_ns|run_cnt):' /proc/"$1"/fdinfo/* || true; } |
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
  date +%s%N > "$s.time"
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

# The table of one round from its stats lines; "added" columns are the agent's minus base's.
report() {
  printf '%-7s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n' agent "cpu%" "added%" "bpf%" \
    "ns/run" "total%" "runs/s" "samples/s" "lost/s" "cycle-ms" "cyc-cpu-ms" "warm-ms" "rss-MiB" "+rss-MiB" \
    "+anon-MiB" "+file-MiB"
  awk '{cpu[$1] = $3 / 100 * 1e9 / $2 * 100; line[NR] = $0} $1 == "base" {rss = $12; anon = $13; file = $14}
    END {
      for (i = 1; i <= NR; i++) {
        split(line[i], f, " "); a = f[1]; w = f[2]; n = f[6]
        printf "%-7s %9.3f %9.3f %9.4f %9.0f %9.3f %9.1f %9.1f %9.2f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f\n",
          a, cpu[a], cpu[a] - cpu["base"], f[4] / w * 100, (f[5] ? f[4] / f[5] : 0), cpu[a] - cpu["base"] + f[4] / w * 100,
          f[5] * 1e9 / w, f[9] * 1e9 / w, f[10] * 1e9 / w, (n ? f[7] / n * 1000 : 0), (n ? f[11] / n / 1e6 : 0),
          f[8] * 1000, f[12] / 1024, (f[12] - rss) / 1024, (f[13] - anon) / 1024, (f[14] - file) / 1024
      }
    }' "$1"
}
legend() {
  echo "# cpu%: agent process CPU (utime + stime), % of one core; added%: minus base's; bpf%: the BPF program's run"
  echo "# time, % of one core; ns/run: per program run; total% = added% + bpf%; runs/s: program runs (idle samples"
  echo "# included); samples/s, lost/s: sent on, and counted lost (coral_profiler_*); cycle-ms: drain + symbolize +"
  echo "# send per measured cycle, wall (coral_profiler_cycle_seconds); cyc-cpu-ms: CPU of the cycle thread per cycle;"
  echo "# warm-ms: the warm-up cycles' mean, wall (the first reads every binary's symbols); rss: median VmRSS over the window; +rss/+anon/+file: VmRSS,"
  echo "# RssAnon, RssFile minus base's."
}

results="$work/results"
: > "$results"
bench_header "$java"
echo "# bench/profiler.sh --rounds $rounds --cycles $cycles --cycle $cycle: window $window s per round, after $warmup warm-up cycles"
for round in $(seq "$rounds"); do
  echo "## round $round"
  "$work/busy" 2 $((window + (warmup + 4) * cycle + 180)) & started+=($!); busy=$!
  "$java" -Xmx64m -XX:+UseSerialGC -XX:+PreserveFramePointer -cp "$work" Busy $((window + (warmup + 4) * cycle + 180)) \
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
  # Warm-up: every profiler has finished its first cycles (JIT, first reads of every binary's symbols).
  deadline=$(( $(date +%s) + (warmup + 2) * cycle + 60 ))
  for a in bpf19 bpf99 perf19; do
    until metrics "$a" > "$work/$a.warm" && [ "$(metric "$work/$a.warm" coral_profiler_cycle_seconds_count)" -ge "$warmup" ]; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "agent $a: not $warmup cycles within $(((warmup + 2) * cycle + 60)) s"; tail -20 "$work/$a.log"; exit 1; }
      sleep 1
    done
  done
  read -r busy0 total0 < <(host_busy)
  t0=$(date +%s%N)
  for a in "${agents[@]}"; do snapshot "$a" start; : > "$work/$a.rss"; done
  while [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt "$window" ]; do
    for a in "${agents[@]}"; do
      kill -0 "${pid[$a]}" || { echo "agent $a died:"; tail -20 "$work/$a.log"; exit 1; }
      awk '/^(VmRSS|RssAnon|RssFile)/ {printf "%s ", $2} END {print ""}' "/proc/${pid[$a]}/status" >> "$work/$a.rss"
    done
    left=$(( window - ($(date +%s%N) - t0) / 1000000000 ))
    sleep $(( left < 5 ? (left > 0 ? left : 0) : 5 ))
  done
  for a in "${agents[@]}"; do snapshot "$a" end; done
  t1=$(date +%s%N)
  window_ns=$((t1 - t0))
  read -r busy1 total1 < <(host_busy)
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  host=$(awk "BEGIN {printf \"%.0f\", ($busy1 - $busy0) * 100 / ($total1 - $total0)}")
  echo "window $(awk "BEGIN {printf \"%.1f\", $window_ns / 1e9}") s; host CPUs busy ${host} %; load average $load"
  : > "$work/stats"
  delta() { echo $(( $(metric "$m1" "$1") - $(metric "$m0" "$1") )); }  # of a counter over the window
  for a in "${agents[@]}"; do
    m0="$work/$a.start.metrics" m1="$work/$a.end.metrics"
    read -r rt0 rc0 < "$work/$a.start.bpf"; read -r rt1 rc1 < "$work/$a.end.bpf"
    # The thread running the cycles ("coral-cpu-profiler", its comm cut to 15 characters).
    cyc_ns=$(awk 'FNR == NR {s[$1] = $2; next} $3 == "coral-cpu-profi" {d += $2 - s[$1]} END {print d + 0}' \
      "$work/$a.start.threads" "$work/$a.end.threads")
    # name, window ns, CPU ticks, BPF ns, BPF runs, cycles, their seconds, first cycle s, samples, lost,
    # cycle thread ns, median VmRSS, RssAnon, RssFile KiB
    echo "$a $(( $(cat "$work/$a.end.time") - $(cat "$work/$a.start.time") ))" \
      "$(( $(cat "$work/$a.end.ticks") - $(cat "$work/$a.start.ticks") )) $((rt1 - rt0)) $((rc1 - rc0))" \
      "$(delta coral_profiler_cycle_seconds_count)" \
      "$(awk "BEGIN {print $(metric "$m1" coral_profiler_cycle_seconds_sum) - $(metric "$m0" coral_profiler_cycle_seconds_sum)}")" \
      "$(awk "BEGIN {n = $(metric "$work/$a.warm" coral_profiler_cycle_seconds_count); print n ? $(metric "$work/$a.warm" coral_profiler_cycle_seconds_sum) / n : 0}")" \
      "$(delta coral_profiler_samples_total) $(delta coral_profiler_lost_samples_total) $cyc_ns" \
      "$(for c in 1 2 3; do cut -d' ' -f$c "$work/$a.rss" | median; done | xargs)" >> "$work/stats"
  done
  report "$work/stats" | tee -a "$results"
  for a in "${agents[@]}"; do echo "threads $a: $(top_threads "$a")"; done
  for a in bpf19 bpf99 perf19; do echo "warnings in the log of $a: $(grep -c WARN "$work/$a.log" || true)"; done
  for p in "${pid[@]}" "$busy" "$jbusy"; do kill "$p" 2>/dev/null || true; done
  for p in "${pid[@]}" "$busy" "$jbusy"; do wait "$p" 2>/dev/null || true; done
  started=("${started[0]}")  # only the statistics holder lives on
  rm -rf "$work"/*-data
done

echo "## median over $rounds round(s) of each column (of two: their mean)"
awk '$1 != "agent"' "$results" | sort -k1,1 -s | awk '
  {name[NR] = $1; for (i = 2; i <= NF; i++) v[$1, i, ++k[$1, i]] = $i; f = NF; if (!seen[$1]++) order[++agents] = $1}
  END {
    for (j = 1; j <= agents; j++) {
      a = order[j]; printf "%-7s", a
      for (i = 2; i <= f; i++) {
        n = k[a, i]; for (r = 1; r <= n; r++) col[r] = v[a, i, r]
        for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (col[y] + 0 < col[x] + 0) {t = col[x]; col[x] = col[y]; col[y] = t}
        printf " %9.3f", (n % 2 ? col[(n + 1) / 2] : (col[n / 2] + col[n / 2 + 1]) / 2)
      }
      printf "\n"
    }
  }'
legend
