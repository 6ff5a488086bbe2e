#!/usr/bin/env bash
# `npm run demo`: installs what is missing, migrates and seeds the SQLite database, starts the
# Shopify emulator (three stores) and the app, and prints the one URL to open. Ctrl-C stops both;
# so does either server stopping on its own (a crash, a kill): the other is stopped with it.
# DEMO_SKIP_BUILD=1 reuses an existing build (and installed packages); DEMO_PIDFILE=path writes
# the two servers' process ids there (the demo script's test uses both).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${DEMO_SKIP_BUILD:-0}" = 1 ] || bash scripts/ensure-deps.sh
source scripts/dev-env.sh
export DATABASE_URL=${DATABASE_URL:-file:./prisma/data/demo.sqlite}
export NODE_ENV=production

# The servers are started as `node` itself (not npx → tsx → node), so that the id kept here is the
# server's: stopping it stops the server, not a wrapper that leaves it running (issue 12).
pids=()
stop_all() {
  trap - EXIT INT TERM HUP
  local p alive
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do # up to 5 s to finish what they are doing, then SIGKILL
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

echo "» database: $DATABASE_URL"
npx tsx scripts/db.ts migrate >/dev/null
if [ "${DEMO_SKIP_BUILD:-0}" = 1 ] && [ -f build/server/index.js ]; then
  echo "» using the existing build"
else
  echo "» building the app"
  npx remix vite:build >/dev/null
  npx tsx scripts/build-extensions.ts >/dev/null # the order page's admin extensions (issue 19)
fi
node --import tsx emulator/main.ts & pids+=($!)
HOST=127.0.0.1 PORT=$APP_PORT node server.mjs >/dev/null & pids+=($!)
[ -z "${DEMO_PIDFILE:-}" ] || echo "emulator=${pids[0]} app=${pids[1]}" >"$DEMO_PIDFILE"
npx tsx scripts/wait-for.ts "$SHOPIFY_EMULATOR_URL/_emulator/webhooks" "$SHOPIFY_APP_URL/"
npx tsx scripts/seed-demo.ts
cat <<MSG

  Creator Codes demo is running.
  Open  $SHOPIFY_EMULATOR_URL/  (the emulated Shopify admin for us-store, with the app embedded;
  switch to ca-store or uk-store with the store switcher at the top right).
  Emails sent to members arrive at  $MAILBOX_URL  (the local mailbox, SMTP on 127.0.0.1:$MAILBOX_SMTP_PORT).
  Ctrl-C stops the app and the emulator.

MSG
set +e
wait -n "${pids[@]}"
status=$?
echo "» a server stopped (exit $status): stopping the other" >&2
exit $((status == 0 ? 1 : status))
