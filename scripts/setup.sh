#!/usr/bin/env bash
# Installs what the tests and the demo need into git-ignored caches, each part only on a cache miss.
# Usage: scripts/setup.sh [part ...]   parts: kafka kube tools (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
# npm puts node_modules/.bin first on PATH, so `node` is the project's Node 24 (the machines ship 20).
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" != 24 ]; then
  echo "setup: Node 24 is needed, found $(node --version); run through npm (npm test, npm run demo) after npm install" >&2
  exit 1
fi
[ ${#parts[@]} -gt 0 ] || parts=(kafka tools kube)
for part in "${parts[@]}"; do
  case "$part" in
    kafka) bash scripts/install-kafka.sh ;;
    tools) bash scripts/install-tools.sh ;;
    kube) bash scripts/install-kube.sh ;;
    *) echo "setup: unknown part '$part' (known: kafka tools kube)" >&2; exit 2 ;;
  esac
done
