#!/usr/bin/env bash
# Validates deploy/helm/flowpilot with real Helm (embedded by helm-java, from
# Maven Central): `helm lint --strict` and `helm template` with the default
# values and with a production values file ($2, default
# deploy/helm/values-production.yaml). The rendered manifests go to the
# folder given as $1 (default: test-output/helm).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK="$ROOT/deploy/helm-check"
OUT="${1:-$ROOT/test-output/helm}"
VALUES="${2:-$ROOT/deploy/helm/values-production.yaml}"

command -v java >/dev/null || { echo "helm-check: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "helm-check: mvn is required" >&2; exit 1; }

# Build once; rebuild only when the checker's sources change.
JAR="$CHECK/target/helm-check-1.0.0.jar"
if [[ ! -f "$JAR" || -n "$(find "$CHECK/pom.xml" "$CHECK/src" -newer "$JAR" -print -quit)" ]]; then
  mvn -q -B -f "$CHECK/pom.xml" package dependency:copy-dependencies -DincludeScope=runtime >&2
fi

exec java -cp "$JAR:$CHECK/target/dependency/*" dev.flowpilot.helmcheck.HelmCheck \
  "$ROOT/deploy/helm/flowpilot" "$VALUES" "$OUT"
