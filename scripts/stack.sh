#!/usr/bin/env bash
# Local infrastructure for Flowpilot's integration and end-to-end tests: a single-node KRaft
# Kafka broker and Camunda 7 CE engines from Maven Central, on the machine's PostgreSQL.
# All state lives in .stack/ (gitignored). See scripts/stack/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/stack.sh <command> [component...]

Commands
  up [component...]       start what is not running yet (default: postgres, kafka and
                          camunda-node1..CAMUNDA_NODES), reuse what is; then create the Kafka
                          topics (scripts/create-topics.js, if present) and deploy processes/*.bpmn
  down [component...]     stop what this stack started (default: everything it started)
  start|stop <component>  same as up/down for the named components
  restart <component...>  stop, then start
  kill <component...>     SIGKILL what this stack started (crash simulation for fault-injection tests)
  status                  table of component, pid, port, state, url (exit 3 if something is not up)
  logs <component> [-f] [lines]   print the last lines of a component's log (-f follows)

Components
  postgres, kafka, camunda (= camunda-node1..CAMUNDA_NODES), camunda-node<N> (N = 1..9)
  operaton-node<N>   Operaton 1.0.3 on PostgreSQL (database <OPERATON_DB_PREFIX>N), port OPERATON_PORT+N-1
  mariadb-node<N>    Operaton 1.0.3 on the machine's MariaDB/MySQL, port MARIADB_NODE_PORT+N-1
  fleet              the operaton and mariadb nodes that OPERATON_NODES / MARIADB_NODES ask for
  cibseven-node<N>   refused: CIB seven's REST API and starters are not on Maven Central (see README)

Environment (defaults in brackets)
  KAFKA_PORT [9092]  KAFKA_CONTROLLER_PORT [9093]  KAFKA_VERSION [4.3.1]  KAFKA_HEAP [512m]
  CAMUNDA_NODES [2]  CAMUNDA_PORT [8080] (node N listens on CAMUNDA_PORT+N-1)
  CAMUNDA_HEAP [768m]  CAMUNDA_DB_PREFIX [camunda_node] (node N uses database <prefix>N)
  PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD []  FLOWPILOT_DB [flowpilot]
  STACK_DIR [<repo>/.stack]  STACK_DIST_DIR [STACK_DIR/dist]  STACK_TIMEOUT [180] seconds to wait for a component to become healthy
  STACK_ALLOW_EXTERNAL [0]  1 = reuse a healthy server on a port this stack does not own
  FLEET [camunda]  mixed = OPERATON_NODES and MARIADB_NODES default to 1, so `up` starts a mixed fleet
  OPERATON_NODES [0, 1 with FLEET=mixed]  OPERATON_PORT [8090]  OPERATON_DB_PREFIX [operaton_node]
  MARIADB_NODES [0, 1 with FLEET=mixed]  MARIADB_NODE_PORT [8095]  MARIADB_DB_PREFIX [operaton_maria]
  MARIADB_HOST [127.0.0.1]  MARIADB_PORT [3306]  MARIADB_USER [root]  MARIADB_PASSWORD []
  JAVA_HOME  MVN [mvn]
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_SRC="$ROOT/scripts/stack"
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
# Built Kafka/Camunda jars; a private stack (fault tests) points this at the shared stack's dist to skip the build.
DIST_DIR="${STACK_DIST_DIR:-$STACK_DIR/dist}"

KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
CAMUNDA_VERSION=7.24.0 # fixed by scripts/stack/camunda/pom.xml
CAMUNDA_NODES="${CAMUNDA_NODES:-2}"
CAMUNDA_PORT="${CAMUNDA_PORT:-8080}"
CAMUNDA_HEAP="${CAMUNDA_HEAP:-768m}"
CAMUNDA_DB_PREFIX="${CAMUNDA_DB_PREFIX:-camunda_node}"
# Mixed fleets (Operaton next to Camunda 7; an engine on MariaDB): off by default so `up` stays fast.
FLEET="${FLEET:-camunda}"
case $FLEET in camunda) fleet_default=0 ;; mixed) fleet_default=1 ;; *) echo "stack: error: FLEET must be camunda or mixed (got '$FLEET')" >&2; exit 1 ;; esac
OPERATON_VERSION=1.0.3 # fixed by scripts/stack/operaton/pom.xml
OPERATON_NODES="${OPERATON_NODES:-$fleet_default}"
OPERATON_PORT="${OPERATON_PORT:-8090}"
OPERATON_DB_PREFIX="${OPERATON_DB_PREFIX:-operaton_node}"
MARIADB_NODES="${MARIADB_NODES:-$fleet_default}"
MARIADB_NODE_PORT="${MARIADB_NODE_PORT:-8095}"
MARIADB_DB_PREFIX="${MARIADB_DB_PREFIX:-operaton_maria}"
MARIADB_HOST="${MARIADB_HOST:-127.0.0.1}"
MARIADB_PORT="${MARIADB_PORT:-3306}"
MARIADB_USER="${MARIADB_USER:-root}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
FLOWPILOT_DB="${FLOWPILOT_DB:-flowpilot}"
STACK_TIMEOUT="${STACK_TIMEOUT:-180}"
STACK_STOP_TIMEOUT="${STACK_STOP_TIMEOUT:-30}"
STACK_ALLOW_EXTERNAL="${STACK_ALLOW_EXTERNAL:-0}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MVN="${MVN:-mvn}"

KAFKA_DIST="$DIST_DIR/kafka-$KAFKA_VERSION"
CAMUNDA_DIST="$DIST_DIR/camunda-$CAMUNDA_VERSION"
CAMUNDA_JAR="$CAMUNDA_DIST/flowpilot-camunda-$CAMUNDA_VERSION.jar"
OPERATON_DIST="$DIST_DIR/operaton-$OPERATON_VERSION"
OPERATON_JAR="$OPERATON_DIST/flowpilot-operaton-$OPERATON_VERSION.jar"

# ---------------------------------------------------------------- helpers

die() { echo "stack: error: $*" >&2; exit 1; }
info() { echo "stack: $*"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01d s' $(( ms / 1000 )) $(( ms % 1000 / 100 )); }

for v in CAMUNDA_NODES OPERATON_NODES MARIADB_NODES; do
  [[ ${!v} =~ ^[0-9]$ ]] || die "$v must be 0..9 (got '${!v}')"
done
for v in KAFKA_PORT KAFKA_CONTROLLER_PORT CAMUNDA_PORT OPERATON_PORT MARIADB_NODE_PORT MARIADB_PORT PGPORT STACK_TIMEOUT STACK_STOP_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done

JAVA_CHECKED=0
require_java() {
  (( JAVA_CHECKED )) && return 0
  command -v "$JAVA" >/dev/null 2>&1 || die "Java not found ('$JAVA'). Install a JDK 17+ (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  local out ver major
  out="$("$JAVA" -version 2>&1)" || die "'$JAVA -version' failed: $out"
  ver="$(sed -n 's/.* version "\([^"]*\)".*/\1/p' <<<"$out" | head -n1)"
  major="${ver%%.*}"
  [[ $major == 1 ]] && major="$(cut -d. -f2 <<<"$ver")"
  [[ $major =~ ^[0-9]+$ ]] || die "cannot read the Java version from: $out"
  (( major >= 17 )) || die "Java 17+ is required by Kafka 4 and Camunda 7.24; '$(command -v "$JAVA")' is $ver. Set JAVA_HOME to a newer JDK."
  JAVA_CHECKED=1
}

require_mvn() {
  command -v "$MVN" >/dev/null 2>&1 || die "Maven not found ('$MVN'); it is needed once to download Kafka and Camunda from Maven Central into ~/.m2. Install it (apt-get install maven) or set MVN."
  local ver
  ver="$("$MVN" -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/^Apache Maven \([0-9.]*\).*/\1/p' | head -n1)"
  [[ -z $ver ]] || printf '%s\n3.6.3\n' "$ver" | sort -V -C -r 2>/dev/null \
    || die "Maven 3.6.3+ is required (found $ver)"
}

require_pg_client() {
  if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
    die "psql/pg_isready not found: install the PostgreSQL client (apt-get install postgresql-client)"
  fi
}

# Short fingerprint of the files a dist was made from, so editing them triggers a rebuild.
# Paths relative to scripts/stack, so checkouts in other folders sharing one STACK_DIST_DIR agree on the stamp.
src_hash() { (cd "$STACK_SRC" && find "${@#"$STACK_SRC"/}" -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

# Runs Maven with its output in .stack/logs/maven.log; shows the tail and dies on failure.
run_mvn() {
  local what=$1; shift
  echo "==== $(date -Is) mvn $*" >>"$LOG_DIR/maven.log"
  if ! "$MVN" -B -ntp "$@" >>"$LOG_DIR/maven.log" 2>&1; then
    tail -n 30 "$LOG_DIR/maven.log" >&2
    die "Maven failed while $what (full output: $LOG_DIR/maven.log). Is Maven Central reachable, or is a mirror set in ~/.m2/settings.xml?"
  fi
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# Every process the stack starts carries these two markers on its command line; they are how
# pid files are trusted (no pid reuse) and how another checkout's stack is recognised.
markers() { echo "-Dflowpilot.stack.component=$1" "-Dflowpilot.stack.dir=$STACK_DIR"; }
is_ours() {
  local cl; cl="$(cmdline_of "$2")"
  [[ $cl == *"-Dflowpilot.stack.component=$1 "* && $cl == *"-Dflowpilot.stack.dir=$STACK_DIR "* ]]
}
our_pid() {
  local f="$RUN_DIR/$1.pid" pid
  [[ -f $f ]] || return 1
  pid="$(<"$f")"
  if pid_alive "$pid" && is_ours "$1" "$pid"; then echo "$pid"; else rm -f "$f" "$RUN_DIR/$1.port"; return 1; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2; } || true
}
describe_pid() {
  [[ -n ${1:-} ]] || { echo "an unknown process (install iproute2's ss to see which)"; return; }
  echo "pid $1 ($(cmdline_of "$1" | cut -c1-160))"
}

# ---------------------------------------------------------------- components

camunda_node_of() { echo "${1##*-node}"; }
# Every engine component: camunda-nodeN (Camunda 7), operaton-nodeN and mariadb-nodeN (Operaton).
is_engine() { [[ $1 == camunda-node* || $1 == operaton-node* || $1 == mariadb-node* ]]; }
webapp_path_of() { case $1 in camunda-node*) echo /camunda ;; *) echo /operaton ;; esac; }
# The database an engine component keeps its ACT_* tables in.
engine_db_of() {
  local n; n="$(camunda_node_of "$1")"
  case $1 in
    camunda-node*) echo "$CAMUNDA_DB_PREFIX$n" ;;
    operaton-node*) echo "$OPERATON_DB_PREFIX$n" ;;
    mariadb-node*) echo "$MARIADB_DB_PREFIX$n" ;;
  esac
}
port_of() {
  case $1 in
    kafka) echo "$KAFKA_PORT" ;;
    postgres) echo "$PGPORT" ;;
    camunda-node*) echo $(( CAMUNDA_PORT + $(camunda_node_of "$1") - 1 )) ;;
    operaton-node*) echo $(( OPERATON_PORT + $(camunda_node_of "$1") - 1 )) ;;
    mariadb-node*) echo $(( MARIADB_NODE_PORT + $(camunda_node_of "$1") - 1 )) ;;
  esac
}
url_of() {
  local port; port="$(port_of "$1")"
  case $1 in
    kafka) echo "127.0.0.1:$port" ;;
    postgres) echo "postgresql://$PGUSER@$PGHOST:$port/$FLOWPILOT_DB" ;;
    camunda-node*|operaton-node*|mariadb-node*) echo "http://localhost:$port/engine-rest" ;;
  esac
}

healthy() {
  local port; port="$(port_of "$1")"
  case $1 in
    kafka)
      if command -v node >/dev/null 2>&1; then node "$STACK_SRC/kafka-ping.cjs" 127.0.0.1 "$port" 2000
      else port_open "$port"; fi ;;
    postgres) pg_isready -q -h "$PGHOST" -p "$port" -t 3 ;;
    camunda-node*|operaton-node*|mariadb-node*) curl -sf -m 3 "http://127.0.0.1:$port/engine-rest/engine" 2>/dev/null | grep -q '"name"' ;;
  esac
}

# Sets STATE (up|starting|down|shared|foreign) and SPID for a managed component.
#   starting = started by this stack, process alive, not healthy yet
#   shared   = the same component started by the stack of another checkout (reused, never stopped)
#   foreign  = something else holds the port
probe() {
  local name=$1 port lp cl
  port="$(port_of "$name")"
  if SPID="$(our_pid "$name")"; then
    if healthy "$name"; then STATE=up; else STATE=starting; fi
    return 0
  fi
  lp="$(port_pid "$port")"
  if [[ -n $lp ]]; then
    SPID=$lp
    cl="$(cmdline_of "$lp")"
    if [[ $cl == *"-Dflowpilot.stack.component=$name "* ]]; then STATE=shared; else STATE=foreign; fi
  elif port_open "$port"; then
    SPID="" STATE=foreign
  else
    SPID="" STATE=down
  fi
}

# Starts "$@" detached (own session, survives the caller) with output appended to the log.
spawn() {
  local name=$1 cwd=$2; shift 2
  local log="$LOG_DIR/$name.log" pidfile="$RUN_DIR/$name.pid"
  if [[ -f $log && $(stat -c %s "$log") -gt 52428800 ]]; then mv -f "$log" "$log.1"; fi
  echo "==== $(date -Is) stack.sh starting $name" >>"$log"
  rm -f "$pidfile"
  # fd 9 is the stack lock: the long-lived child must not inherit it.
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  (cd "$cwd" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1 9>&-) &
  local _
  for _ in $(seq 50); do [[ -s $pidfile ]] && break; sleep 0.1; done
  [[ -s $pidfile ]] || die "$name did not start (see $log)"
  port_of "$name" >"$RUN_DIR/$name.port"
}

wait_healthy() {
  local name=$1 t0 pid
  t0="$(now_ms)"
  pid="$(our_pid "$name")" || die "$name exited right after start; last log lines:$(echo; tail -n 40 "$LOG_DIR/$name.log")"
  until healthy "$name"; do
    if ! pid_alive "$pid"; then
      tail -n 40 "$LOG_DIR/$name.log" >&2
      rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.port"
      die "$name (pid $pid) exited during start-up; full log: $LOG_DIR/$name.log"
    fi
    if (( $(now_ms) - t0 > STACK_TIMEOUT * 1000 )); then
      tail -n 20 "$LOG_DIR/$name.log" >&2
      die "$name (pid $pid) is not healthy after ${STACK_TIMEOUT}s; it is left running, see $LOG_DIR/$name.log (stack.sh stop $name)"
    fi
    sleep 0.5
  done
}

stop_component() {
  local name=$1 pid
  if [[ $name == postgres ]]; then stop_postgres; return; fi
  if ! pid="$(our_pid "$name")"; then
    probe "$name"
    case $STATE in
      shared|foreign) info "$name: not stopped, port $(port_of "$name") belongs to $(describe_pid "$SPID") which this stack did not start" ;;
      *) info "$name: not running" ;;
    esac
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  echo "$name:$pid"
}

# Waits for the "name:pid" pairs printed by stop_component, escalating to SIGKILL after the timeout.
await_stopped() {
  local entry name pid t0
  t0="$(now_ms)"
  for entry in "$@"; do
    name="${entry%%:*}" pid="${entry##*:}"
    while pid_alive "$pid"; do
      if (( $(now_ms) - t0 > STACK_STOP_TIMEOUT * 1000 )); then
        info "$name (pid $pid) ignored SIGTERM for ${STACK_STOP_TIMEOUT}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
        break
      fi
      sleep 0.2
    done
    rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.port"
    info "$name: stopped"
  done
}

# ---------------------------------------------------------------- postgres

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -At "$@"; }

# Prints "<version> <cluster> <logfile>" of the Debian-managed local cluster serving PGPORT, if any.
local_cluster() {
  [[ $PGHOST == 127.0.0.1 || $PGHOST == localhost || $PGHOST == /* ]] || return 1
  command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  local found
  found="$(pg_lsclusters -h 2>/dev/null | awk -v port="$PGPORT" '$3 == port { print $1, $2, $7; exit }')"
  [[ -n $found ]] || return 1
  echo "$found"
}

ensure_postgres() {
  require_pg_client
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 3; then
    local ver cluster logfile
    read -r ver cluster logfile < <(local_cluster) || true
    [[ -n ${ver:-} ]] || die "PostgreSQL at $PGHOST:$PGPORT is not reachable ($(pg_isready -h "$PGHOST" -p "$PGPORT" 2>&1 || true)) and no local cluster on port $PGPORT could be started (pg_lsclusters). Start it, or set PGHOST/PGPORT."
    info "PostgreSQL is down; starting local cluster $ver/$cluster"
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start || die "could not start PostgreSQL cluster $ver/$cluster (see $logfile)"
    echo "$ver $cluster" >"$RUN_DIR/postgres.started"
    local _
    for _ in $(seq 60); do pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 1 && break; sleep 0.5; done
    pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 3 || die "PostgreSQL cluster $ver/$cluster started but $PGHOST:$PGPORT does not answer (see $logfile)"
  fi
  local db
  for db in "$@"; do
    psql_admin -c "SELECT 1" >/dev/null 2>&1 || die "PostgreSQL at $PGHOST:$PGPORT refuses user '$PGUSER': $(psql_admin -c 'SELECT 1' 2>&1 || true)"
    if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      psql_admin -c "CREATE DATABASE \"$db\"" || die "could not create database $db"
      info "created database $db"
    fi
  done
}

stop_postgres() {
  if [[ ! -f $RUN_DIR/postgres.started ]]; then
    info "postgres: left running (this stack did not start it)"
    return 0
  fi
  local ver cluster
  read -r ver cluster <"$RUN_DIR/postgres.started"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" stop || die "could not stop PostgreSQL cluster $ver/$cluster"
  rm -f "$RUN_DIR/postgres.started"
  info "postgres: stopped (this stack had started it)"
}

# ---------------------------------------------------------------- kafka

ensure_kafka_dist() {
  local stamp; stamp="$KAFKA_VERSION-$(src_hash "$STACK_SRC/kafka/pom.xml")"
  [[ -f $KAFKA_DIST/.complete && "$(<"$KAFKA_DIST/.complete")" == "$stamp" ]] && return 0
  require_mvn
  info "resolving Apache Kafka $KAFKA_VERSION jars from Maven Central (once; cached in ~/.m2 and $KAFKA_DIST)"
  rm -rf "$KAFKA_DIST.tmp"
  run_mvn "resolving Kafka $KAFKA_VERSION" -f "$STACK_SRC/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$KAFKA_DIST.tmp/libs"
  rm -rf "$KAFKA_DIST"
  mv "$KAFKA_DIST.tmp" "$KAFKA_DIST"
  echo "$stamp" >"$KAFKA_DIST/.complete"
}

kafka_java() { "$JAVA" -Xmx256m -cp "$KAFKA_DIST/libs/*" -Dlog4j2.configurationFile="$STACK_DIR/kafka/log4j2.properties" "$@"; }

prepare_kafka() {
  local dir="$STACK_DIR/kafka"
  mkdir -p "$dir/data"
  cp "$STACK_SRC/kafka/log4j2.properties" "$dir/log4j2.properties"
  cat >"$dir/server.properties" <<EOF
# Generated by scripts/stack.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=168
EOF
  if [[ ! -f $dir/data/meta.properties ]]; then
    [[ -s $dir/cluster-id ]] || kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 >"$dir/cluster-id"
    [[ -s $dir/cluster-id ]] || die "could not generate a Kafka cluster id"
    kafka_java kafka.tools.StorageTool format --ignore-formatted -t "$(<"$dir/cluster-id")" -c "$dir/server.properties" \
      >>"$LOG_DIR/kafka.log" 2>&1 || { tail -n 20 "$LOG_DIR/kafka.log" >&2; die "formatting Kafka storage failed"; }
    info "formatted Kafka storage (cluster id $(<"$dir/cluster-id"))"
  fi
}

launch_kafka() {
  local dir="$STACK_DIR/kafka"
  # shellcheck disable=SC2046 # markers are two separate arguments
  spawn kafka "$dir" "$JAVA" -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true $(markers kafka) \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    -cp "$KAFKA_DIST/libs/*" kafka.Kafka "$dir/server.properties"
}

create_topics() {
  [[ -f $ROOT/scripts/create-topics.js ]] || return 0
  command -v node >/dev/null 2>&1 || die "node not found; needed to run scripts/create-topics.js"
  info "creating topics (node scripts/create-topics.js)"
  (cd "$ROOT" && KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node scripts/create-topics.js) \
    || die "scripts/create-topics.js failed (exit $?) against Kafka 127.0.0.1:$KAFKA_PORT; see its output above"
}

# ---------------------------------------------------------------- engines (Camunda 7, Operaton; the MariaDB node runs Operaton)

# camunda for camunda-nodeN; operaton for operaton-nodeN and mariadb-nodeN.
flavour_of() { case $1 in camunda-node*) echo camunda ;; *) echo operaton ;; esac; }
engine_dir_of() { echo "$STACK_DIR/${1%%-node*}/node$(camunda_node_of "$1")"; }

# Builds the flavour's Spring Boot engine app (its pom.xml under STACK_SRC) once per change of its sources.
ensure_engine_dist() {
  local flavour=$1 label version dist jar stamp
  case $flavour in
    camunda) label=Camunda version=$CAMUNDA_VERSION dist=$CAMUNDA_DIST jar=$CAMUNDA_JAR ;;
    operaton) label=Operaton version=$OPERATON_VERSION dist=$OPERATON_DIST jar=$OPERATON_JAR ;;
  esac
  stamp="$(src_hash "$STACK_SRC/$flavour")"
  [[ -f $dist/.complete && "$(<"$dist/.complete")" == "$stamp" && -f $jar ]] && return 0
  require_mvn
  info "building the $label $version engine (Spring Boot REST + webapp starters from Maven Central; once)"
  run_mvn "building the $label engine app" -f "$STACK_SRC/$flavour/pom.xml" \
    -Dstack.build.dir="$STACK_DIR/build/$flavour" -DskipTests package
  mkdir -p "$dist"
  cp "$STACK_DIR/build/$flavour/flowpilot-$flavour-$version.jar" "$jar"
  echo "$stamp" >"$dist/.complete"
}

yaml_str() { printf "'%s'" "${1//\'/\'\'}"; }

mysql_admin() {
  MYSQL_PWD="${MARIADB_PASSWORD:-}" mysql --protocol=TCP -h "$MARIADB_HOST" -P "$MARIADB_PORT" -u "$MARIADB_USER" -N -B "$@"
}

ensure_mariadb() {
  command -v mysql >/dev/null 2>&1 || die "the mysql/mariadb client is not installed (apt-get install mariadb-client); it creates the MariaDB node's database"
  local db out
  for db in "$@"; do
    out="$(mysql_admin -e "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" 2>&1)" \
      || die "MariaDB/MySQL at $MARIADB_HOST:$MARIADB_PORT (user $MARIADB_USER) refused to create database $db: $out. Start it, or set MARIADB_HOST/MARIADB_PORT/MARIADB_USER/MARIADB_PASSWORD."
  done
}

prepare_engine() {
  local name=$1 flavour port dir url user password type isolation=''
  flavour="$(flavour_of "$name")" port="$(port_of "$name")" dir="$(engine_dir_of "$name")"
  case $name in
    mariadb-node*)
      type=mariadb user=$MARIADB_USER password=${MARIADB_PASSWORD:-}
      url="jdbc:mariadb://$MARIADB_HOST:$MARIADB_PORT/$(engine_db_of "$name")" ;;
    *)
      type=postgres user=$PGUSER password=${PGPASSWORD:-}
      url="jdbc:postgresql://$PGHOST:$PGPORT/$(engine_db_of "$name")" ;;
  esac
  # Operaton refuses MariaDB/MySQL's default REPEATABLE_READ (ENGINE-12019); its nodes all read committed.
  if [[ $flavour == operaton ]]; then
    isolation=$'\n      transaction-isolation: TRANSACTION_READ_COMMITTED'
  fi
  mkdir -p "$dir"
  cat >"$dir/application.yml" <<EOF
# Generated by scripts/stack.sh on every start; edits are overwritten.
server:
  port: $port
  address: 127.0.0.1
spring:
  application:
    name: $name
  datasource:
    url: $(yaml_str "$url")
    username: $(yaml_str "$user")
    password: $(yaml_str "$password")
    hikari:
      maximum-pool-size: 10$isolation
  jersey:
    application-path: /engine-rest
$flavour:
  bpm:
    process-engine-name: default
    admin-user:
      id: demo
      password: demo
      first-name: Demo
      last-name: User
    filter:
      create: All tasks
    history-level: full
    database:
      type: $type
      schema-update: true
    job-execution:
      enabled: true
    # Processes come from processes/ through the REST API, never from the classpath.
    auto-deployment-enabled: false
    webapp:
      application-path: $(webapp_path_of "$name")
      index-redirect-enabled: true
EOF
}

launch_engine() {
  local name=$1 dir jar jvm
  dir="$(engine_dir_of "$name")"
  case $(flavour_of "$name") in
    camunda) jar=$CAMUNDA_JAR jvm=(-Xms256m -Xmx"$CAMUNDA_HEAP" -Djava.awt.headless=true) ;;
    # UTC: the engine writes zone-less DATETIMEs in its JVM zone, which the collector's CAMUNDA_DB_TIME_ZONE names.
    operaton) jar=$OPERATON_JAR jvm=(-Xms192m -Xmx"$CAMUNDA_HEAP" -Djava.awt.headless=true -Duser.timezone=UTC) ;;
  esac
  # shellcheck disable=SC2046 # markers are two separate arguments
  spawn "$name" "$dir" "$JAVA" "${jvm[@]}" $(markers "$name") \
    -jar "$jar" --spring.config.additional-location="file:$dir/application.yml"
}

deploy_processes() {
  local name=$1 port dir="$ROOT/processes"
  [[ -d $dir ]] || return 0
  port="$(port_of "$name")"
  local files=() f
  while IFS= read -r f; do files+=("$f"); done < <(cd "$dir" && find . -type f \( -name '*.bpmn' -o -name '*.dmn' \) | sed 's|^\./||' | sort)
  (( ${#files[@]} )) || return 0
  local args=(-F deployment-name=flowpilot-processes -F enable-duplicate-filtering=true
    -F deploy-changed-only=true -F deployment-source=flowpilot-stack)
  for f in "${files[@]}"; do args+=(-F "$f=@$dir/$f;filename=$f"); done
  local out code
  out="$(mktemp)"
  code="$(curl -sS -m 60 -o "$out" -w '%{http_code}' "${args[@]}" "http://127.0.0.1:$port/engine-rest/deployment/create")" || code=000
  if [[ $code != 200 ]]; then
    cat "$out" >&2; echo >&2; rm -f "$out"
    die "deploying processes/ to $name failed (HTTP $code)"
  fi
  local defs
  defs="$({ grep -o '"key":"[^"]*"' "$out" || true; } | sort -u | wc -l)"
  rm -f "$out"
  info "$name: deployed processes/ (${#files[@]} file(s); $defs new or changed definition(s))"
}

# ---------------------------------------------------------------- commands

configured_camunda() {
  local n
  for (( n = 1; n <= CAMUNDA_NODES; n++ )); do echo "camunda-node$n"; done
  for (( n = 1; n <= OPERATON_NODES; n++ )); do echo "operaton-node$n"; done
  for (( n = 1; n <= MARIADB_NODES; n++ )); do echo "mariadb-node$n"; done
}

# Expands aliases and validates names into COMPONENTS, in start order, without duplicates.
resolve_components() {
  local c n
  COMPONENTS=()
  # FLEET=mixed / OPERATON_NODES / MARIADB_NODES add the other flavours to the default set.
  (( $# )) || set -- postgres kafka camunda fleet
  for c in "$@"; do
    case $c in
      postgres|kafka|camunda-node[1-9]|operaton-node[1-9]|mariadb-node[1-9]) add_component "$c" ;;
      camunda) for (( n = 1; n <= CAMUNDA_NODES; n++ )); do add_component "camunda-node$n"; done ;;
      fleet)
        for (( n = 1; n <= OPERATON_NODES; n++ )); do add_component "operaton-node$n"; done
        for (( n = 1; n <= MARIADB_NODES; n++ )); do add_component "mariadb-node$n"; done ;;
      cibseven|cibseven-node[1-9])
        die "$c: CIB seven cannot run here: Maven Central serves org.cibseven.bpm:cibseven-engine (1.1.0, 2.0.0) but not its REST API (cibseven-engine-rest*), Spring Boot starters or webapps; see scripts/stack/README.md" ;;
      *) die "unknown component '$c' (postgres, kafka, camunda, camunda-node<N>, operaton-node<N>, mariadb-node<N>, fleet; N = 1..9)" ;;
    esac
  done
}
add_component() { [[ " ${COMPONENTS[*]} " == *" $1 "* ]] || COMPONENTS+=("$1"); }

lock() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DIST_DIR"
  exec 9>"$RUN_DIR/stack.lock"
  flock -w 600 9 || die "another stack.sh is still running (lock $RUN_DIR/stack.lock)"
}

cmd_up() {
  local t0 c comps=() launch=() reused=() wait_for=()
  t0="$(now_ms)"
  lock
  resolve_components "$@"
  comps=("${COMPONENTS[@]}")

  local dbs=() maria_dbs=() need_pg=0
  for c in "${comps[@]}"; do
    case $c in
      postgres) need_pg=1; dbs+=("$FLOWPILOT_DB") ;;
      camunda-node*|operaton-node*) need_pg=1; dbs+=("$(engine_db_of "$c")") ;;
      mariadb-node*) maria_dbs+=("$(engine_db_of "$c")") ;;
    esac
  done
  (( need_pg )) && ensure_postgres "${dbs[@]}"
  (( ${#maria_dbs[@]} )) && ensure_mariadb "${maria_dbs[@]}"

  for c in "${comps[@]}"; do
    [[ $c == postgres ]] && continue
    probe "$c"
    case $STATE in
      up|starting)
        local started_port
        started_port="$(cat "$RUN_DIR/$c.port" 2>/dev/null || true)"
        [[ -z $started_port || $started_port == "$(port_of "$c")" ]] \
          || die "$c is running on port $started_port, not $(port_of "$c"); run: scripts/stack.sh restart $c"
        [[ $STATE == up ]] && reused+=("$c") || wait_for+=("$c") ;;
      shared)
        healthy "$c" || die "$c: port $(port_of "$c") is held by $(describe_pid "$SPID"), a stack started from another checkout, and it is not healthy"
        info "$c: reusing the one started by another checkout's stack ($(describe_pid "$SPID"))"
        reused+=("$c") ;;
      foreign)
        if [[ $STACK_ALLOW_EXTERNAL == 1 ]] && healthy "$c"; then
          info "$c: reusing the healthy server on port $(port_of "$c") (STACK_ALLOW_EXTERNAL=1)"
          reused+=("$c")
        else
          die "$c: port $(port_of "$c") is taken by $(describe_pid "$SPID"). Stop it, choose another port ($( [[ $c == kafka ]] && echo KAFKA_PORT || echo CAMUNDA_PORT )), or set STACK_ALLOW_EXTERNAL=1 to reuse a compatible server."
        fi ;;
      down) launch+=("$c") ;;
    esac
  done

  if (( ${#launch[@]} )); then
    require_java
    for c in "${launch[@]}"; do
      case $c in
        kafka)
          [[ $KAFKA_CONTROLLER_PORT != "$KAFKA_PORT" ]] || die "KAFKA_CONTROLLER_PORT must differ from KAFKA_PORT"
          if port_open "$KAFKA_CONTROLLER_PORT"; then
            die "kafka: controller port $KAFKA_CONTROLLER_PORT is taken by $(describe_pid "$(port_pid "$KAFKA_CONTROLLER_PORT")"); set KAFKA_CONTROLLER_PORT"
          fi
          ensure_kafka_dist ;;
        camunda-node*|operaton-node*|mariadb-node*) ensure_engine_dist "$(flavour_of "$c")" ;;
      esac
    done
    for c in "${launch[@]}"; do
      case $c in
        kafka) prepare_kafka; launch_kafka ;;
        camunda-node*|operaton-node*|mariadb-node*) prepare_engine "$c"; launch_engine "$c" ;;
      esac
      info "$c: starting (pid $(<"$RUN_DIR/$c.pid"), log $LOG_DIR/$c.log)"
      wait_for+=("$c")
    done
  fi
  if (( ${#reused[@]} )); then info "already running: ${reused[*]}"; fi

  # Kafka first: it is the fastest, and topic creation can overlap the engines' start-up.
  for c in "${comps[@]}"; do
    [[ $c == postgres ]] && continue
    if [[ " ${wait_for[*]} " == *" $c "* ]]; then
      local tc; tc="$(now_ms)"
      wait_healthy "$c"
      info "$c: healthy after $(secs_since "$tc") of waiting"
    fi
    case $c in
      kafka) create_topics ;;
      camunda-node*|operaton-node*|mariadb-node*) deploy_processes "$c" ;;
    esac
  done

  summary "$(secs_since "$t0")" "${comps[@]}"
}

summary() {
  local took=$1; shift
  local c port
  echo
  echo "Flowpilot stack is up ($took)"
  for c in "$@"; do
    port="$(port_of "$c")"
    case $c in
      kafka) printf '  %-14s bootstrap 127.0.0.1:%s  (Apache Kafka %s, KRaft)\n' kafka "$port" "$KAFKA_VERSION" ;;
      postgres) printf '  %-14s postgresql://%s@%s:%s  databases: %s %s\n' postgres "$PGUSER" "$PGHOST" "$PGPORT" "$FLOWPILOT_DB" \
        "$(configured_camunda | sed "s/^camunda-node/$CAMUNDA_DB_PREFIX/" | tr '\n' ' ')" ;;
      camunda-node*|operaton-node*|mariadb-node*)
        printf '  %-14s REST http://localhost:%s/engine-rest   Cockpit http://localhost:%s%s/app/cockpit/ (demo/demo)   DB %s%s\n' \
          "$c" "$port" "$port" "$(webapp_path_of "$c")" "$(engine_db_of "$c")" "$( [[ $c == mariadb-node* ]] && echo " (MariaDB $MARIADB_HOST:$MARIADB_PORT)")" ;;
    esac
  done
  echo "  state $STACK_DIR   logs $LOG_DIR/<component>.log"
}

cmd_down() {
  local c comps=() pending=() line t0
  t0="$(now_ms)"
  lock
  if (( $# )); then
    resolve_components "$@"
    comps=("${COMPONENTS[@]}")
  else
    # Everything this stack started, whatever CAMUNDA_NODES says now; engines before Kafka.
    local f
    for f in "$RUN_DIR"/camunda-node*.pid "$RUN_DIR"/operaton-node*.pid "$RUN_DIR"/mariadb-node*.pid; do
      [[ -e $f ]] && comps+=("$(basename "$f" .pid)")
    done
    comps+=(kafka postgres)
  fi
  for c in "${comps[@]}"; do
    [[ $c == postgres ]] && continue
    while IFS= read -r line; do
      if [[ $line == "$c:"* ]]; then pending+=("$line"); else echo "$line"; fi
    done < <(stop_component "$c")
  done
  if (( ${#pending[@]} )); then await_stopped "${pending[@]}"; fi
  if [[ " ${comps[*]} " == *" postgres "* ]]; then stop_postgres; fi
  info "down in $(secs_since "$t0")"
}

cmd_kill() {
  local c pid
  (( $# )) || die "usage: stack.sh kill <component...>"
  lock
  resolve_components "$@"
  for c in "${COMPONENTS[@]}"; do
    [[ $c == postgres ]] && die "stack.sh will not kill PostgreSQL"
    if pid="$(our_pid "$c")"; then
      kill -KILL "$pid"
      while pid_alive "$pid"; do sleep 0.1; done
      rm -f "$RUN_DIR/$c.pid" "$RUN_DIR/$c.port"
      info "$c: killed (pid $pid, SIGKILL)"
    else
      info "$c: not running (or not started by this stack)"
    fi
  done
}

cmd_status() {
  local comps=(postgres kafka) c f all_up=1
  while IFS= read -r c; do comps+=("$c"); done < <(configured_camunda)
  for f in "$RUN_DIR"/camunda-node*.pid "$RUN_DIR"/operaton-node*.pid "$RUN_DIR"/mariadb-node*.pid; do
    [[ -e $f ]] || continue
    c="$(basename "$f" .pid)"
    [[ " ${comps[*]} " == *" $c "* ]] || comps+=("$c")
  done
  printf '%-15s %-8s %-6s %-9s %s\n' COMPONENT PID PORT STATE URL
  for c in "${comps[@]}"; do
    local url; url="$(url_of "$c")"
    if [[ $c == postgres ]]; then
      SPID="$(port_pid "$PGPORT")"
      if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 2; then STATE=up; else STATE=down; fi
      [[ -f $RUN_DIR/postgres.started ]] || url="$url (machine's server, not managed)"
    else
      probe "$c"
      if is_engine "$c" && [[ $STATE == up ]]; then url="$url  cockpit http://localhost:$(port_of "$c")$(webapp_path_of "$c")/app/cockpit/"; fi
    fi
    [[ $STATE == up || $STATE == shared ]] || all_up=0
    printf '%-15s %-8s %-6s %-9s %s\n' "$c" "${SPID:--}" "$(port_of "$c")" "$STATE" "$url"
  done
  (( all_up )) || return 3
}

cmd_logs() {
  local follow=0 lines=100 name="" a
  for a in "$@"; do
    case $a in
      -f|--follow) follow=1 ;;
      [0-9]*) lines=$a ;;
      *) name=$a ;;
    esac
  done
  [[ -n $name ]] || die "usage: stack.sh logs <component> [-f] [lines]"
  local log="$LOG_DIR/$name.log"
  if [[ $name == postgres ]]; then
    local ver cluster
    read -r ver cluster log < <(local_cluster) || true
    [[ -n ${log:-} ]] || die "no local PostgreSQL cluster on port $PGPORT, so no log to show"
  elif [[ $name == maven ]]; then :
  else
    resolve_components "$name"
  fi
  [[ -f $log ]] || die "no log yet for $name ($log)"
  if (( follow )); then exec tail -n "$lines" -F "$log"; else tail -n "$lines" "$log"; fi
}

main() {
  local cmd=${1:-}
  (( $# )) && shift
  case $cmd in
    up|start) cmd_up "$@" ;;
    down|stop) cmd_down "$@" ;;
    restart) (( $# )) || die "usage: stack.sh restart <component...>"; cmd_down "$@"; exec 9>&-; cmd_up "$@" ;;
    kill) cmd_kill "$@" ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    -h|--help|help) usage ;;
    "") usage >&2; exit 2 ;;
    *) echo "stack: unknown command '$cmd'" >&2; usage >&2; exit 2 ;;
  esac
}

main "$@"
