#!/usr/bin/env bash
# `npm run demo`: installs what is missing, migrates and seeds the SQLite database, starts the
# Shopify emulator (three stores) and the app, and prints the one URL to open. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
source scripts/dev-env.sh
export DATABASE_URL=${DATABASE_URL:-file:./prisma/data/demo.sqlite}
export NODE_ENV=production

pids=()
cleanup() { trap - EXIT INT TERM; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "» database: $DATABASE_URL"
npx tsx scripts/db.ts migrate >/dev/null
echo "» building the app"
npx remix vite:build >/dev/null
npx tsx emulator/main.ts & pids+=($!)
HOST=127.0.0.1 PORT=$APP_PORT node server.mjs >/dev/null & pids+=($!)
npx tsx scripts/wait-for.ts "$SHOPIFY_EMULATOR_URL/_emulator/webhooks" "$SHOPIFY_APP_URL/"
npx tsx scripts/seed-demo.ts
cat <<MSG

  Creator Codes demo is running.
  Open  $SHOPIFY_EMULATOR_URL/  (the emulated Shopify admin for us-store, with the app embedded;
  switch to ca-store or uk-store with the store switcher at the top right).
  Ctrl-C stops the app and the emulator.

MSG
wait -n "${pids[@]}"
