# Helpers shared by the bench/*.sh scripts; source it after setting $root (the repository root).
# shellcheck shell=bash

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
# $1 pid, $2 port -> prints the ms waited until 127.0.0.1:$2 accepts; fails if the process dies first.
wait_port() {
  local start; start=$(now_ms)
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
    kill -0 "$1" 2>/dev/null || { echo "process $1 died" >&2; return 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - start ))
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# The median of numbers, one a line, on stdin.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The raw-output header: when, where, which java ($1), load, which commit.
bench_header() {
  echo "# $(date -u +%FT%TZ) $(uname -sr), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# $("$1" -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
}
# The built otlp-load jar and distribution, and their JDK 25: sets $jar, $dist and $java, or exits 2
# saying what to build. Needs $root.
use_otlp_load() {
  jar="$root/tools/otlp-load/target/otlp-load.jar"
  dist="$root/dist/target/coral-agent"
  local f
  for f in "$jar" "$dist/bin/coral-agent"; do
    [ -e "$f" ] || { echo "missing $f: run ./mvnw -q -DskipTests install in $root first" >&2; exit 2; }
  done
  # shellcheck source=../dist/src/main/bin/find-java.sh
  source "$dist/bin/find-java.sh"
  java="$(coral_find_jdk 25)/bin/java"
}
