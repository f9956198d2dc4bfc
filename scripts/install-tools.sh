#!/usr/bin/env bash
# Debian packages the tests use as independent judges and real services: kcat, Prometheus (with promtool).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v kcat >/dev/null || missing+=(kcat)
command -v promtool >/dev/null || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]} from Debian's packages" >&2
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq >&2
mkdir -p .run && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" > .run/apt-install.log 2>&1 || { cat .run/apt-install.log >&2; exit 1; }
