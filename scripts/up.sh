#!/usr/bin/env bash
# One command for the whole system on a fresh machine: dependencies, build, the
# local stack (Kafka, PostgreSQL, Camunda 7.24) and the six Flowpilot services.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

APPS=(collector analyzer incident-ai bpmn-generator workers gateway)
declare -A PORT=([gateway]=3000 [collector]=3001 [analyzer]=3002 [incident-ai]=3003 [bpmn-generator]=3004 [workers]=3005)
RUN_DIR="$ROOT/.stack/run"; LOG_DIR="$ROOT/.stack/logs"

ensure_node_modules
build_apps
bash scripts/stack.sh up
mkdir -p "$RUN_DIR" "$LOG_DIR"

# The demo admin API key: made once, kept in .stack (never committed).
KEY_FILE="$ROOT/.stack/demo-admin-key"
[ -s "$KEY_FILE" ] || node -e "console.log('fp_' + require('crypto').randomBytes(24).toString('hex'))" > "$KEY_FILE"
chmod 600 "$KEY_FILE"

set -a
# shellcheck disable=SC1091
source "$ROOT/deploy/local/flowpilot.env"
GATEWAY_BOOTSTRAP_ADMIN_KEY="$(cat "$KEY_FILE")"
# FLEET=mixed: the services also watch the stack's Operaton nodes (PostgreSQL and MariaDB); see docs/engine-flavours.md.
if [ "${FLEET:-camunda}" = mixed ]; then
  CAMUNDA_NODE_2_NAME=operaton1 CAMUNDA_NODE_2_URL=http://127.0.0.1:${OPERATON_PORT:-8090}/engine-rest
  CAMUNDA_NODE_2_DB_URL=postgres://postgres@127.0.0.1:5432/operaton_node1
  CAMUNDA_NODE_3_NAME=mariadb1 CAMUNDA_NODE_3_URL=http://127.0.0.1:${MARIADB_NODE_PORT:-8095}/engine-rest
  CAMUNDA_NODE_3_DB_URL=mariadb://root@127.0.0.1:3306/operaton_maria1
fi
set +a

PRELOAD=()
[ -f dist/libs/shared/src/telemetry/register.js ] && PRELOAD=(--require ./dist/libs/shared/src/telemetry/register.js)

ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready" 2>/dev/null; }

for app in "${APPS[@]}"; do
  port=${PORT[$app]}
  pid_file="$RUN_DIR/$app.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    say "$app already running (pid $(cat "$pid_file"))"; continue
  fi
  if ss -ltn "sport = :$port" | grep -q LISTEN; then die "port $port (for $app) is taken by another process"; fi
  say "starting $app on :$port"
  HTTP_PORT=$port OTEL_SERVICE_NAME="flowpilot-$app" nohup node "${PRELOAD[@]}" "dist/apps/$app/src/main.js" >>"$LOG_DIR/$app.log" 2>&1 &
  echo $! > "$pid_file"
done

for app in "${APPS[@]}"; do
  port=${PORT[$app]}
  for _ in $(seq 1 120); do ready "$port" && break; kill -0 "$(cat "$RUN_DIR/$app.pid")" 2>/dev/null || break; sleep 0.5; done
  ready "$port" || die "$app did not become ready; see $LOG_DIR/$app.log"
done

cat <<MSG

Flowpilot is up.
  Gateway (REST, dashboard):  http://localhost:3000/          API docs: http://localhost:3000/docs
  Admin API key:              $(cat "$KEY_FILE")   (also in .stack/demo-admin-key)
  Camunda Cockpit:            http://localhost:8080/camunda/app/cockpit/   (demo / demo)
  Camunda REST:               http://localhost:8080/engine-rest
  Kafka:                      127.0.0.1:9092      Logs: .stack/logs/<service>.log

Trigger the demo incident:    npm run demo:incident
  then: curl -H "X-API-Key: \$(cat .stack/demo-admin-key)" http://localhost:3000/api/v1/incidents
Stop everything:              npm run down
MSG
