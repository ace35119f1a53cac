#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, lint, types, build,
# unit tests, then the real stack (Kafka, PostgreSQL, Camunda 7.24) and the
# integration and end-to-end tests against it, the fault and malformed-input
# suites on private stacks, and the mixed-fleet matrix (Operaton, MariaDB).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_node_modules
bash scripts/install-system-deps.sh

say "lint, format and type check"
npx eslint . --max-warnings=0
npx prettier --check . --log-level warn
npx tsc -p tsconfig.json --noEmit

say "dependency audit (policy: docs/security.md)"
node scripts/audit.js

build_apps

mkdir -p test-output
status=0
say "unit tests and deployment artefacts (Helm chart via helm-java, promtool, dashboards, compose)"
npx jest --selectProjects unit deploy --json --outputFile=test-output/unit.json || status=1
bash scripts/test-on-image-node.sh || status=1

say "starting the local stack"
bash scripts/stack.sh up

say "integration and end-to-end tests (real Kafka, PostgreSQL, Camunda)"
FLOWPILOT_SKIP_STACK=1 npx jest --selectProjects integration e2e --runInBand --json --outputFile=test-output/integration.json || status=1

say "fault injection (private stack: Kafka, Camunda and PostgreSQL killed and restarted; see docs/reliability.md)"
npx jest --selectProjects faults --runInBand --json --outputFile=test-output/faults.json || status=1

say "malformed Kafka input (private Kafka on 29092, so no shared topic gets garbage; test/isolated)"
npx jest --selectProjects isolated --runInBand --json --outputFile=test-output/isolated.json || status=1

say "mixed fleet: Camunda 7.24, Operaton on PostgreSQL and on MariaDB, same checks on each (private Kafka; test/fleet)"
npx jest --selectProjects fleet --runInBand --json --outputFile=test-output/fleet.json || status=1

node scripts/summarize-tests.js test-output/unit.json test-output/integration.json test-output/faults.json test-output/isolated.json test-output/fleet.json
exit $status
