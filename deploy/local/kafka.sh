#!/usr/bin/env bash
# deploy/local/kafka.sh — run a real, single-node Apache Kafka broker
# (KRaft, combined broker+controller) from Maven Central jars. No Docker.
#
# Usage: deploy/local/kafka.sh <command> [options]
#
#   fetch                 download the Kafka jars once into .cache/kafka/<version>/libs
#   start [--foreground]  fetch if needed, format storage once, start and wait until ready
#                         (--foreground: exec the broker in this process, logs to stdout
#                          too; Ctrl-C / SIGTERM shuts it down cleanly)
#   stop                  SIGTERM, wait for a clean shutdown, SIGKILL after the timeout
#   restart [--foreground]
#   status                exit 0 if a broker is up, 3 if not
#   reset                 stop and delete the data dir (jars are kept)
#   logs                  follow the broker log
#
# Environment (all optional):
#   KAFKA_VERSION          run another Kafka version, e.g. 3.9.2 (default: 4.4.0, the
#                          newest 4.x on Maven Central when pinned); any 3.9+ works
#   KAFKA_HOST             listen/advertise address          (default 127.0.0.1)
#   KAFKA_PORT             client (PLAINTEXT) port           (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port             (default 9093)
#   KAFKA_DATA_DIR         data/log/pid dir                  (default <repo>/.cache/kafka/data)
#   KAFKA_CACHE_DIR        where jars are cached             (default <repo>/.cache/kafka)
#   KAFKA_HEAP_OPTS        (default "-Xms256m -Xmx512m")
#   KAFKA_JVM_PERFORMANCE_OPTS  GC/JIT flags (default: G1 like the official scripts + C1-only JIT)
#   KAFKA_START_TIMEOUT    seconds to wait for readiness     (default 90)
#   KAFKA_STOP_TIMEOUT     seconds before SIGKILL            (default 30)
#   JAVA_HOME / MVN        java and maven to use             (default: from PATH)
#
# Kafka 4.4.0 is the pinned default; 3.9.2 is the compatibility floor that CI
# also runs (docs/decisions/0001-kafka-3.9-from-maven-jars.md records what was
# measured with kafkajs 2.2.4 on both). 4.x uses log4j 2 and pom-4.xml, 3.x
# log4j 1 (reload4j) and pom.xml; the script picks by the major version.

set -euo pipefail

readonly PROG="kafka.sh"
SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
readonly SCRIPT_DIR REPO_ROOT
readonly TEMPLATE_DIR="$SCRIPT_DIR/kafka"
readonly DEFAULT_VERSIONS="4.4.0"

abspath() { # make a possibly relative path absolute (relative to $PWD); no need to exist
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

CACHE_DIR="$(abspath "${KAFKA_CACHE_DIR:-$REPO_ROOT/.cache/kafka}")"
DATA_DIR="$(abspath "${KAFKA_DATA_DIR:-$CACHE_DIR/data}")"
while [[ "$DATA_DIR" == */ ]]; do DATA_DIR="${DATA_DIR%/}"; done
HOST="${KAFKA_HOST:-127.0.0.1}"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
# G1 settings of the official kafka-run-class.sh, plus C1-only JIT (TieredStopAtLevel=1):
# measured ~30% less CPU until ready and ~30 MiB less RSS on a 2-core box; plenty for dev.
JVM_PERF_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
readonly CACHE_DIR DATA_DIR HOST PORT CONTROLLER_PORT HEAP_OPTS JVM_PERF_OPTS START_TIMEOUT STOP_TIMEOUT

readonly CONFIG="$DATA_DIR/server.properties"
readonly PID_FILE="$DATA_DIR/kafka.pid"
readonly VERSION_FILE="$DATA_DIR/kafka.version"
readonly CLUSTER_ID_FILE="$DATA_DIR/cluster.id"
readonly KRAFT_DIR="$DATA_DIR/kraft-logs"
readonly LOG_DIR="$DATA_DIR/logs"
readonly LOG_FILE="$LOG_DIR/server.log"
readonly OUT_FILE="$LOG_DIR/kafka.out"
readonly READY_LINE="Kafka Server started"

JAVA=""
KAFKA_VER=""
LIBS=""
TMP_CLEANUP=""
DATA_LOCKED=0
JAVA_CMD=()

# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
info() { printf '[%s] %s\n' "$PROG" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$PROG" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$PROG" "$*" >&2
  exit 1
}

cleanup() {
  if [[ -n "$TMP_CLEANUP" ]]; then
    rm -rf -- "$TMP_CLEANUP"
  fi
}
trap cleanup EXIT

require_uint() { # name value
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 must be a non-negative integer, got '$2'"
}

validate_env() {
  require_uint KAFKA_PORT "$PORT"
  require_uint KAFKA_CONTROLLER_PORT "$CONTROLLER_PORT"
  require_uint KAFKA_START_TIMEOUT "$START_TIMEOUT"
  require_uint KAFKA_STOP_TIMEOUT "$STOP_TIMEOUT"
  local p
  for p in "$PORT" "$CONTROLLER_PORT"; do
    ((p >= 1 && p <= 65535)) || die "port $p is out of range (1-65535)"
  done
  [[ "$PORT" != "$CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $PORT)"
  [[ "$HOST" =~ ^[A-Za-z0-9._:-]+$ ]] || die "KAFKA_HOST '$HOST' is not a plain host name / IP address"
  [[ -n "$DATA_DIR" ]] || die "KAFKA_DATA_DIR must not be the file-system root"
  case "$DATA_DIR" in
    *,* | *[[:space:]]*) die "KAFKA_DATA_DIR must not contain commas or whitespace: '$DATA_DIR'" ;;
  esac
}

find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    JAVA="${JAVA_HOME}/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    die "java not found. Install a Java 11+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME."
  fi
  local raw major
  raw="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')" || true
  major="${raw%%.*}"
  if [[ "$major" == "1" ]]; then # 1.8.0_xxx style
    major="$(printf '%s' "$raw" | cut -d. -f2)"
  fi
  if [[ ! "$major" =~ ^[0-9]+$ ]]; then
    warn "could not determine the Java version of $JAVA (got '$raw'); trying anyway"
  elif ((major < 11)); then
    die "Kafka needs Java 11 or newer (4.x: 17), but $JAVA is version $raw. Install a newer JDK or set JAVA_HOME."
  elif ((major < 17)) && [[ "$(candidate_versions)" != 3.* ]]; then
    die "Kafka 4.x brokers need Java 17 or newer, but $JAVA is version $raw. Set JAVA_HOME to a JDK 17+, or KAFKA_VERSION=3.9.2."
  fi
}

find_mvn() {
  local mvn="${MVN:-mvn}"
  if ! command -v "$mvn" >/dev/null 2>&1; then
    die "Maven ('$mvn') not found; it is needed once to download the Kafka jars. Install it (Debian/Ubuntu: apt-get install maven) or set MVN=/path/to/mvn."
  fi
  command -v "$mvn"
}

# Take an exclusive lock (fd 9) on the data dir so that concurrent start/stop
# invocations do not race. Released automatically when this script exits.
# Children (java) get fd 8/9 closed explicitly so they never inherit a lock.
lock_data_dir() {
  ((DATA_LOCKED == 0)) || return 0
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p -- "$DATA_DIR"
  exec 9>"$DATA_DIR/.lock"
  if ! flock -n 9; then
    info "another $PROG invocation is using $DATA_DIR; waiting for it..."
    flock -w $((START_TIMEOUT + STOP_TIMEOUT + 30)) 9 ||
      die "timed out waiting for the lock on $DATA_DIR/.lock (another $PROG start/stop still running?)"
  fi
  DATA_LOCKED=1
}

lock_cache_dir() { # fd 8, for fetch
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p -- "$CACHE_DIR"
  exec 8>"$CACHE_DIR/.fetch.lock"
  if ! flock -n 8; then
    info "another $PROG is fetching the Kafka jars; waiting for it..."
    flock -w 1800 8 || die "timed out waiting for the lock on $CACHE_DIR/.fetch.lock"
  fi
}

line_count() { # prints 0 for a missing file
  if [[ -f "$1" ]]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}

log_has_since() { # file line_offset text -> 0 if text occurs after the first line_offset lines
  [[ -f "$1" ]] || return 1
  local n="$2"
  # the file was rotated in the meantime (now shorter): search all of it
  if (($(line_count "$1") < n)); then n=0; fi
  awk -v n="$n" -v s="$3" 'NR > n && index($0, s) { found = 1; exit } END { exit !found }' "$1"
}

port_open() { # host port -> 0 if something accepts TCP connections
  if command -v timeout >/dev/null 2>&1; then
    # shellcheck disable=SC2016  # expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

proc_cmdline() { # pid -> full command line, for systems without /proc (macOS)
  ps -ww -o args= -p "$1" 2>/dev/null || true
}

is_our_broker() { # pid -> 0 if it is a live kafka.Kafka started with exactly OUR server.properties
  local pid="$1" prev="" last="" arg
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    # the broker's last two arguments are: kafka.Kafka <config>  (exact match, no substring)
    while IFS= read -r -d '' arg; do
      prev="$last"
      last="$arg"
    done 2>/dev/null <"/proc/$pid/cmdline" || return 1
    [[ "$prev" == "kafka.Kafka" && "$last" == "$CONFIG" ]]
  else
    [[ "$(proc_cmdline "$pid")" == *" kafka.Kafka $CONFIG" ]]
  fi
}

find_broker_pid() { # prints the pid of our broker, via the pid file or a process scan
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
    if is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  # pid file missing or stale: look for a broker running with our config anyway
  if [[ -d /proc/self ]]; then
    local d
    for d in /proc/[0-9]*; do
      pid="${d#/proc/}"
      [[ "$pid" != "$$" ]] || continue
      if [[ -r "$d/cmdline" ]] && grep -qF "kafka.Kafka" "$d/cmdline" 2>/dev/null && is_our_broker "$pid"; then
        echo "$pid"
        return 0
      fi
    done
  else
    pid="$(ps -ww -eo pid=,args= 2>/dev/null | awk -v s=" kafka.Kafka $CONFIG" 'length($0) >= length(s) && substr($0, length($0) - length(s) + 1) == s {print $1; exit}')" || true
    if [[ -n "$pid" ]] && is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  return 1
}

rss_of() { # pid -> "123 MiB" or "?"
  local kb=""
  if [[ -r "/proc/$1/status" ]]; then
    kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true)"
  else
    kb="$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || true)"
  fi
  if [[ "$kb" =~ ^[0-9]+$ ]]; then echo "$((kb / 1024)) MiB"; else echo "?"; fi
}

now_ms() {
  local t
  t="$(date +%s%3N 2>/dev/null || true)"
  if [[ "$t" =~ ^[0-9]+$ ]]; then echo "$t"; else echo "$(($(date +%s) * 1000))"; fi
}

elapsed() { # start_ms -> "12.3s"
  local ms=$(($(now_ms) - $1))
  printf '%d.%ds' $((ms / 1000)) $(((ms % 1000) / 100))
}

# ----------------------------------------------------------------------------
# fetch
# ----------------------------------------------------------------------------
candidate_versions() {
  if [[ -n "${KAFKA_VERSION:-}" ]]; then echo "$KAFKA_VERSION"; else echo "$DEFAULT_VERSIONS"; fi
}

major_of() { echo "${1%%.*}"; }

pom_for() { # version -> the dependency pom of its major line (4.x: log4j 2, 3.x: reload4j)
  if (($(major_of "$1") >= 4)); then echo "$TEMPLATE_DIR/pom-4.xml"; else echo "$TEMPLATE_DIR/pom.xml"; fi
}

pom_checksum() { # version
  cksum <"$(pom_for "$1")" | awk '{print $1 "-" $2}'
}

marker_file() { echo "$CACHE_DIR/$1/.fetch-complete"; }

is_fetched() { # version
  local marker
  marker="$(marker_file "$1")"
  [[ -f "$marker" ]] &&
    grep -qx "pom=$(pom_checksum "$1")" "$marker" &&
    [[ -f "$CACHE_DIR/$1/libs/kafka_2.13-$1.jar" ]]
}

installed_version() { # first candidate that is fully fetched
  local v
  for v in $(candidate_versions); do
    if is_fetched "$v"; then
      echo "$v"
      return 0
    fi
  done
  return 1
}

# fetch_one <version>: 0 ok, 2 = artifact not on Maven Central, 1 = other error
fetch_one() {
  local v="$1" mvn="$2"
  local vdir="$CACHE_DIR/$v"
  local build="$vdir/maven" tmp="$vdir/libs.partial.$$" libs="$vdir/libs"
  local t0
  t0="$(now_ms)"
  info "fetching Kafka $v jars from Maven Central (once)..."
  # NB: errexit is suspended in here (called as `fetch_one || rc=$?`), so every
  # step that matters is checked explicitly.
  rm -rf -- "$libs" "$(marker_file "$v")" "$build" || return 1
  mkdir -p -- "$build" "$tmp" || return 1
  TMP_CLEANUP="$tmp"
  # Work on a copy of the pom so Maven's target/ ends up in the cache, not in the repo.
  cp -- "$(pom_for "$v")" "$build/pom.xml" || return 1
  if ! (cd -- "$build" && "$mvn" -q -B -ntp -f "$build/pom.xml" \
    -Dkafka.version="$v" -DoutputDirectory="$tmp" \
    dependency:copy-dependencies) >"$build/mvn.log" 2>&1; then
    rm -rf -- "$tmp"
    TMP_CLEANUP=""
    if grep -qE "Could not find artifact org\.apache\.kafka:kafka_2\.13|Failure to find org\.apache\.kafka:kafka_2\.13|kafka_2\.13:jar:$v.*(was not found|not found)" "$build/mvn.log"; then
      return 2
    fi
    warn "Maven failed while fetching Kafka $v (full log: $build/mvn.log):"
    # (Maven 3.8 prints stray ANSI resets even with -B; strip them)
    sed -e 's/\x1b\[[0-9;]*m//g' "$build/mvn.log" | grep -E '^\[(ERROR|FATAL)\]' | head -n 30 >&2 ||
      tail -n 30 "$build/mvn.log" >&2
    return 1
  fi
  # sanity check: everything the broker needs is there
  local j missing="" logging=("slf4j-reload4j-*.jar" "reload4j-*.jar")
  if (($(major_of "$v") >= 4)); then logging=("log4j-slf4j-impl-*.jar" "log4j-core-*.jar" "log4j-api-*.jar"); fi
  for j in "kafka_2.13-$v.jar" "kafka-clients-$v.jar" "kafka-server-$v.jar" "kafka-server-common-$v.jar" \
    "kafka-raft-$v.jar" "kafka-metadata-$v.jar" "kafka-storage-$v.jar" "kafka-group-coordinator-$v.jar" \
    "kafka-transaction-coordinator-$v.jar" "scala-library-*.jar" "slf4j-api-*.jar" "${logging[@]}"; do
    compgen -G "$tmp/$j" >/dev/null || missing="$missing $j"
  done
  if [[ -n "$missing" ]]; then
    rm -rf -- "$tmp"
    TMP_CLEANUP=""
    warn "Maven succeeded but these jars are missing:$missing (see $build/mvn.log)"
    return 1
  fi
  mv -- "$tmp" "$libs" || return 1
  TMP_CLEANUP=""
  local count size
  count="$(find "$libs" -maxdepth 1 -name '*.jar' | wc -l | tr -d ' ')"
  size="$(du -sh "$libs" 2>/dev/null | cut -f1 || echo '?')"
  {
    echo "version=$v"
    echo "pom=$(pom_checksum "$v")"
    echo "jars=$count"
    echo "fetched=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >"$(marker_file "$v")" || return 1
  info "fetched $count jars ($size) into $libs in $(elapsed "$t0")"
}

ensure_fetched() { # sets KAFKA_VER and LIBS
  local v
  if v="$(installed_version)"; then
    KAFKA_VER="$v"
    LIBS="$CACHE_DIR/$v/libs"
    return 0
  fi
  local mvn
  mvn="$(find_mvn)"
  lock_cache_dir
  # somebody else may have finished the fetch while we waited for the lock
  if v="$(installed_version)"; then
    KAFKA_VER="$v"
    LIBS="$CACHE_DIR/$v/libs"
    return 0
  fi
  local rc
  for v in $(candidate_versions); do
    rc=0
    fetch_one "$v" "$mvn" || rc=$?
    case "$rc" in
      0)
        KAFKA_VER="$v"
        LIBS="$CACHE_DIR/$v/libs"
        return 0
        ;;
      2)
        warn "Kafka $v is not available on Maven Central (or in your Maven mirror):"
        grep -m1 -oE 'Could not find artifact [^ ]+|Failure to find [^ ]+|[^ ]+ was not found in [^ ]+( during a previous attempt)?' \
          "$CACHE_DIR/$v/maven/mvn.log" >&2 || true
        ;;
      *) die "could not download Kafka $v (is Maven Central reachable? proxy settings in ~/.m2/settings.xml?)" ;;
    esac
  done
  die "none of the Kafka versions [$(candidate_versions)] could be fetched"
}

cmd_fetch() {
  local v
  if v="$(installed_version)"; then
    info "Kafka $v jars already present in $CACHE_DIR/$v/libs (delete that folder to re-fetch)"
    return 0
  fi
  ensure_fetched
}

# ----------------------------------------------------------------------------
# start
# ----------------------------------------------------------------------------
render_config() {
  local tmpl="$TEMPLATE_DIR/server.properties.template" line
  [[ -f "$tmpl" ]] || die "missing config template $tmpl"
  {
    echo "# GENERATED by deploy/local/kafka.sh from deploy/local/kafka/server.properties.template"
    echo "# on every start — edit the template instead."
    while IFS= read -r line || [[ -n "$line" ]]; do
      line="${line//@HOST@/"$HOST"}"
      line="${line//@CONTROLLER_PORT@/"$CONTROLLER_PORT"}"
      line="${line//@PORT@/"$PORT"}"
      line="${line//@LOG_DIRS@/"$KRAFT_DIR"}"
      printf '%s\n' "$line"
    done <"$tmpl"
  } >"$CONFIG.tmp"
  mv -- "$CONFIG.tmp" "$CONFIG"
}

gen_cluster_id() { # 16 random bytes, URL-safe base64 without padding (Kafka Uuid format)
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    # Kafka's own generator avoids ids starting with '-' (they look like CLI flags)
    if [[ ${#id} -eq 22 && "$id" != -* && "$id" != AAAAAAAAAAAAAAAAAAAAA* ]]; then
      echo "$id"
      return 0
    fi
  done
}

format_storage_once() {
  if [[ -f "$KRAFT_DIR/meta.properties" ]]; then
    return 0
  fi
  local id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  else
    id="$(gen_cluster_id)"
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  info "formatting KRaft storage in $KRAFT_DIR (cluster id $id)..."
  mkdir -p -- "$LOG_DIR"
  if ! "$JAVA" -Xmx256m "$(log_config_opt tools)" \
    -cp "$LIBS/*" kafka.tools.StorageTool format -t "$id" -c "$CONFIG" --ignore-formatted \
    >"$LOG_DIR/format.log" 2>&1 8>&- 9>&-; then
    cat "$LOG_DIR/format.log" >&2
    die "formatting the KRaft storage failed (see above)"
  fi
}

log_config_opt() { # broker|tools -> the JVM flag naming the logging config of KAFKA_VER's major line
  local prefix=""
  [[ "$1" == tools ]] && prefix="tools-"
  if (($(major_of "$KAFKA_VER") >= 4)); then
    echo "-Dlog4j2.configurationFile=$TEMPLATE_DIR/${prefix}log4j2.properties"
  else
    echo "-Dlog4j.configuration=file:$TEMPLATE_DIR/${prefix}log4j.properties"
  fi
}

build_java_cmd() { # foreground(0|1) -> fills global JAVA_CMD array
  local heap=() perf=() appenders="file" console="Null"
  if (($1 == 1)); then appenders="stdout, file" && console="Stdout"; fi
  read -r -a heap <<<"$HEAP_OPTS"
  read -r -a perf <<<"$JVM_PERF_OPTS"
  # kafka.log.appenders is read by the 3.x (log4j 1) config, kafka.log.console by the 4.x (log4j 2) one
  JAVA_CMD=("$JAVA" "${heap[@]}" "${perf[@]}"
    "-Dkafka.logs.dir=$LOG_DIR"
    "-Dkafka.log.appenders=$appenders"
    "-Dkafka.log.console=$console"
    "$(log_config_opt broker)"
    -cp "$LIBS/*" kafka.Kafka "$CONFIG")
}

refuse_downgrade() { # a data dir written by a newer major line cannot be read by an older broker
  [[ -f "$VERSION_FILE" ]] || return 0
  local was
  was="$(tr -d '[:space:]' <"$VERSION_FILE")"
  [[ "$was" =~ ^[0-9]+\. ]] || return 0
  if (($(major_of "$was") > $(major_of "$KAFKA_VER"))); then
    die "$DATA_DIR was last run by Kafka $was; Kafka $KAFKA_VER cannot read it. Use another KAFKA_DATA_DIR, or '$PROG reset' (deletes the data)."
  fi
}

print_failure_logs() {
  local since="${1:-0}"
  if [[ -s "$LOG_FILE" ]]; then
    echo "----- last 50 lines of $LOG_FILE -----" >&2
    if (($(line_count "$LOG_FILE") >= since)); then
      tail -n +$((since + 1)) "$LOG_FILE" | tail -n 50 >&2
    else
      tail -n 50 "$LOG_FILE" >&2
    fi
  fi
  if [[ -s "$OUT_FILE" ]]; then
    echo "----- last 20 lines of $OUT_FILE (JVM stdout/stderr) -----" >&2
    tail -n 20 "$OUT_FILE" >&2
  fi
  echo "-----" >&2
}

wait_ready() { # pid log_offset t0
  local pid="$1" offset="$2" t0="$3"
  local deadline=$((SECONDS + START_TIMEOUT)) next_note=$((SECONDS + 10)) port_up=0
  info "waiting for the broker on $HOST:$PORT to become ready (timeout ${START_TIMEOUT}s)..."
  while :; do
    if ! is_our_broker "$pid"; then
      rm -f -- "$PID_FILE"
      print_failure_logs "$offset"
      die "the Kafka process (pid $pid) exited during start-up — see the log above"
    fi
    if ((port_up == 0)) && port_open "$HOST" "$PORT"; then
      port_up=1
      info "port $PORT accepts connections after $(elapsed "$t0"); waiting for '$READY_LINE'..."
    fi
    if ((port_up == 1)) && log_has_since "$LOG_FILE" "$offset" "$READY_LINE"; then
      info "Kafka $KAFKA_VER is ready on $HOST:$PORT (pid $pid, $(elapsed "$t0"), RSS $(rss_of "$pid"))"
      info "log: $LOG_FILE"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      print_failure_logs "$offset"
      warn "broker not ready after ${START_TIMEOUT}s (raise KAFKA_START_TIMEOUT on slow machines); stopping it"
      stop_pid "$pid" || true
      die "Kafka did not become ready within ${START_TIMEOUT}s"
    fi
    if ((SECONDS >= next_note)); then
      info "... still starting ($(elapsed "$t0"))"
      next_note=$((SECONDS + 10))
    fi
    sleep 0.5
  done
}

cmd_start() {
  local foreground=0 arg
  for arg in "$@"; do
    case "$arg" in
      --foreground | -f) foreground=1 ;;
      *) die "unknown option for start: $arg" ;;
    esac
  done
  find_java
  ensure_fetched
  lock_data_dir
  local pid
  if pid="$(find_broker_pid)"; then
    echo "$pid" >"$PID_FILE"
    local adv
    adv="$(sed -n 's/^advertised\.listeners=//p' "$CONFIG" 2>/dev/null | head -n 1)"
    info "Kafka is already running (pid $pid, ${adv:-$HOST:$PORT}) — not starting another"
    return 0
  fi
  rm -f -- "$PID_FILE"
  if port_open "$HOST" "$PORT"; then
    info "something is already listening on $HOST:$PORT (not a broker started by $PROG from $DATA_DIR) — assuming it is Kafka; not starting another"
    return 0
  fi
  if port_open "$HOST" "$CONTROLLER_PORT"; then
    die "controller port $HOST:$CONTROLLER_PORT is already in use by another process; set KAFKA_CONTROLLER_PORT to a free port"
  fi

  mkdir -p -- "$DATA_DIR" "$LOG_DIR"
  refuse_downgrade
  render_config
  format_storage_once
  echo "$KAFKA_VER" >"$VERSION_FILE"

  if ((foreground == 1)); then
    build_java_cmd 1
    echo "$$" >"$PID_FILE"
    info "starting Kafka $KAFKA_VER in the foreground on $HOST:$PORT (Ctrl-C to stop; log also in $LOG_FILE)"
    exec "${JAVA_CMD[@]}" 8>&- 9>&-
  fi

  build_java_cmd 0
  local t0 offset
  t0="$(now_ms)"
  offset="$(line_count "$LOG_FILE")"
  printf '===== %s starting Kafka %s =====\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$KAFKA_VER" >>"$OUT_FILE"
  info "starting Kafka $KAFKA_VER (KRaft broker+controller, heap: $HEAP_OPTS), data in $DATA_DIR"
  # The inner bash writes its own pid and then exec's java, so the pid file is
  # right even if setsid has to fork. setsid detaches the broker from this
  # terminal's process group so Ctrl-C here does not kill it.
  local launcher=()
  if command -v setsid >/dev/null 2>&1; then launcher=(setsid); else launcher=(nohup); fi
  # shellcheck disable=SC2016  # expanded by the inner bash
  "${launcher[@]}" bash -c 'echo "$$" >"$0" && exec "$@"' "$PID_FILE" "${JAVA_CMD[@]}" \
    </dev/null >>"$OUT_FILE" 2>&1 8>&- 9>&- &
  local i
  pid=""
  for ((i = 0; i < 50; i++)); do
    if [[ -s "$PID_FILE" ]]; then
      pid="$(tr -dc '0-9' <"$PID_FILE")"
      [[ -n "$pid" ]] && break
    fi
    sleep 0.1
  done
  [[ -n "$pid" ]] || {
    print_failure_logs "$offset"
    die "the broker process did not start (no pid written to $PID_FILE)"
  }
  wait_ready "$pid" "$offset" "$t0"
}

# ----------------------------------------------------------------------------
# stop / status / reset
# ----------------------------------------------------------------------------
stop_pid() { # pid -> SIGTERM, wait, SIGKILL
  local pid="$1" t0 deadline
  t0="$(now_ms)"
  deadline=$((SECONDS + STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || true
  while is_our_broker "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "Kafka (pid $pid) did not shut down within ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      local i
      for ((i = 0; i < 50; i++)); do
        is_our_broker "$pid" || break
        sleep 0.1
      done
      rm -f -- "$PID_FILE"
      return 1
    fi
    sleep 0.2
  done
  rm -f -- "$PID_FILE"
  # Kafka writes this marker into the log dir at the very end of a clean shutdown
  if [[ -f "$KRAFT_DIR/.kafka_cleanshutdown" ]]; then
    info "Kafka stopped cleanly in $(elapsed "$t0")"
  else
    warn "Kafka exited after $(elapsed "$t0") but did not write its clean-shutdown marker; it will run log recovery on the next start (see $LOG_FILE)"
  fi
}

cmd_stop() {
  local pid
  # lock only real data dirs (never drop a .lock file into some unrelated folder)
  if [[ -f "$CONFIG" ]]; then lock_data_dir; fi
  if ! pid="$(find_broker_pid)"; then
    rm -f -- "$PID_FILE"
    if port_open "$HOST" "$PORT"; then
      info "no broker started by $PROG from $DATA_DIR is running, but something else listens on $HOST:$PORT — leaving it alone"
    else
      info "Kafka is not running (nothing to stop)"
    fi
    return 0
  fi
  info "stopping Kafka (pid $pid, SIGTERM, up to ${STOP_TIMEOUT}s)..."
  stop_pid "$pid" || true
}

cmd_status() {
  local pid v="?"
  if [[ -f "$VERSION_FILE" ]]; then v="$(cat "$VERSION_FILE")"; fi
  if pid="$(find_broker_pid)"; then
    local state="starting (port not open yet)"
    if port_open "$HOST" "$PORT"; then state="accepting connections"; fi
    info "Kafka $v is RUNNING: pid $pid, $HOST:$PORT ($state), controller :$CONTROLLER_PORT, RSS $(rss_of "$pid")"
    info "data: $DATA_DIR   log: $LOG_FILE"
    return 0
  fi
  if port_open "$HOST" "$PORT"; then
    info "no broker started by $PROG from $DATA_DIR, but something listens on $HOST:$PORT (another Kafka?)"
    return 0
  fi
  info "Kafka is NOT running (data dir: $DATA_DIR)"
  return 3
}

cmd_reset() {
  local d="$DATA_DIR"
  case "$d" in
    "" | / | "$HOME" | "$REPO_ROOT" | "$CACHE_DIR" | "$SCRIPT_DIR"*)
      die "refusing to delete suspicious data dir '$d'"
      ;;
  esac
  case "$REPO_ROOT/" in
    "$d"/*) die "refusing to delete '$d': it contains the repository" ;;
  esac
  if [[ ! -e "$d" ]]; then
    info "data dir $d does not exist; nothing to reset"
    return 0
  fi
  # only delete directories that look like ours (or are empty apart from our lock file)
  if [[ ! -e "$d/server.properties" && ! -e "$d/kraft-logs" && ! -e "$d/cluster.id" ]]; then
    local f
    for f in "$d"/* "$d"/.[!.]* "$d"/..?*; do
      if [[ -e "$f" && "$f" != "$d/.lock" ]]; then
        die "refusing to delete '$d': it does not look like a $PROG data dir"
      fi
    done
  fi
  cmd_stop
  rm -rf -- "$d"
  info "deleted $d (jars kept in $CACHE_DIR)"
}

cmd_logs() {
  [[ -f "$LOG_FILE" ]] || die "no log yet at $LOG_FILE"
  exec tail -n 100 -F "$LOG_FILE"
}

usage() {
  sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed -e 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-}"
  if [[ $# -gt 0 ]]; then shift; fi
  case "$cmd" in
    -h | --help | help | "") ;;
    *) validate_env ;;
  esac
  case "$cmd" in
    fetch) cmd_fetch "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart)
      cmd_stop
      cmd_start "$@"
      ;;
    status) cmd_status "$@" ;;
    reset) cmd_reset "$@" ;;
    logs) cmd_logs "$@" ;;
    -h | --help | help) usage ;;
    "")
      usage >&2
      exit 2
      ;;
    *)
      usage >&2
      die "unknown command '$cmd'"
      ;;
  esac
}

main "$@"
