#!/usr/bin/env bash
# Stops the six services started by scripts/up.sh, then the stack it started.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
for pid_file in .stack/run/{collector,analyzer,incident-ai,bpmn-generator,workers,gateway}.pid; do
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $(basename "$pid_file" .pid)"
    kill -TERM "$pid"; for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$pid_file"
done
bash scripts/stack.sh down
