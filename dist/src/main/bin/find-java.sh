# Shared by the build wrapper and the coral-agent launcher: locate a Java runtime of at least
# a given feature version. Prints its home directory; returns 1 if there is none.
coral_java_feature() {  # $1 = java home; prints the feature version (17, 25, ...)
  local rel="$1/release" v
  if [ -f "$rel" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")"
  else
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
  fi
  echo "${v:-0}"
}

coral_find_jdk() {  # $1 = minimum feature version; $2 = "jre" to accept a runtime without javac
  local want="$1" kind="${2:-jdk}" c
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /opt/*jdk* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    [ "$kind" = jre ] || [ -x "$c/bin/javac" ] || continue
    if [ "$(coral_java_feature "$c")" -ge "$want" ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
