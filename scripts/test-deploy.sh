#!/usr/bin/env bash
# The deployment artefacts' tests (run by scripts/test.sh after the others):
# the Helm chart through real Helm (scripts/helm-check.sh), the alert rules
# through promtool, the dashboards, docker-compose.yml. Needs Java, Maven and
# promtool (scripts/install-system-deps.sh), not the stack.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
mkdir -p test-output
npx jest --selectProjects deploy --json --outputFile=test-output/deploy.json
