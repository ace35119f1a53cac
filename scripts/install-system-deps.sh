#!/usr/bin/env bash
# Debian packages the test suite needs beyond Node, Java and Maven: Chromium for
# the dashboard tests, promtool for the alert-rule tests. Idempotent; skips what
# is already there.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v promtool >/dev/null || need+=(prometheus)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  die "missing Debian packages: ${need[*]} (install them as root: apt-get install -y ${need[*]})"
fi
SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
say "installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
# Packages with daemons (prometheus) must not start them: we only need their tools.
printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
$SUDO rm -f /usr/sbin/policy-rc.d
