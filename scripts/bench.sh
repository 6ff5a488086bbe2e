#!/usr/bin/env bash
# `npm run bench -- <name> [args]`: runs bench/<name>.ts. The last line printed is one JSON object.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-}
if [ -z "$name" ] || [ ! -f "bench/$name.ts" ]; then
  echo "usage: npm run bench -- <name>; one of: $(ls bench/*.ts | xargs -n1 basename | sed 's/\.ts$//' | tr '\n' ' ')" >&2
  exit 2
fi
shift
bash scripts/ensure-deps.sh >/dev/null
exec npx tsx "bench/$name.ts" "$@"
