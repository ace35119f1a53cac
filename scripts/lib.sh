# Shared helpers for the project's scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs node_modules exactly from the lockfile when they are missing or stale (fresh clones, CI).
ensure_node_modules() {
  command -v node >/dev/null || die "Node.js is not installed (need 20.19+)"
  local stamp="$ROOT/node_modules/.flowpilot-lock-hash" hash
  hash=$(sha1sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
    say "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$hash" > "$stamp"
  fi
}

build_apps() {
  say "building the six apps (tsc)"
  (cd "$ROOT" && npm run --silent build)
}
