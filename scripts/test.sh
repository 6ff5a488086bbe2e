#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages; Debian chromium and postgresql), then runs
# typecheck, lint, the format check, migration drift checks, the vitest suite on SQLite and again on a throwaway
# PostgreSQL cluster (with the multi-worker crash test), and the browser tests (Playwright + /usr/bin/chromium). Every phase runs
# even when an earlier one fails; the last line is the summary: "summary: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --system || exit 1
export PRISMA_HIDE_UPDATE_MESSAGE=1
results=.tmp/test-results
rm -rf "$results" && mkdir -p "$results" prisma/data
failed_phases=()
phase() {
  local name=$1; shift
  echo; echo "━━ $name"
  local start=$SECONDS
  if "$@"; then echo "✔ $name ($((SECONDS - start)) s)"; else echo "✘ $name ($((SECONDS - start)) s)"; failed_phases+=("$name"); fi
}
vitest_json() { local out=$1; shift; npx vitest run --reporter=default --reporter=json --outputFile.json="$results/$out.json" "$@"; }

phase "typecheck (tsc strict)" npx tsc --noEmit
# Issue 19: the admin UI extensions, type-checked with their own tsconfig and bundled (esbuild, as Shopify CLI).
phase "admin extensions (tsc + esbuild)" npx tsx scripts/build-extensions.ts
phase "lint (eslint)" npx eslint --max-warnings 0 .
phase "format (prettier --check)" npx prettier --check --log-level warn .
phase "migrations match the models (SQLite)" npx tsx scripts/db.ts check
phase "unit + integration tests on SQLite" env DATABASE_URL=file:./prisma/data/test-template.sqlite bash -c "$(declare -f vitest_json); results=$results; vitest_json sqlite"
# R34/R20: a bulk refresh whose one worker process is killed at each stage, on SQLite too.
phase "refresh crash test on SQLite" env DATABASE_URL=file:./prisma/data/test-template.sqlite bash -c "$(declare -f vitest_json); results=$results; vitest_json crash-sqlite --config vitest.crash.config.ts test/crash/refresh-crash.test.ts"
phase "browser tests (Playwright, Debian chromium)" bash -c "$(declare -f vitest_json); results=$results; vitest_json e2e --config vitest.e2e.config.ts"
pg_suite() {
  npx tsx scripts/db.ts generate >/dev/null || return 1
  local status=0
  npx tsx scripts/db.ts check || status=1
  vitest_json postgresql || status=1
  # R34: three worker processes, killed with SIGKILL at random, on this PostgreSQL (and the
  # refresh crash test, R20).
  vitest_json crash --config vitest.crash.config.ts || status=1
  return $status
}
phase "unit + integration tests on PostgreSQL" scripts/with-postgres.sh bash -c "$(declare -f vitest_json pg_suite); results=$results; pg_suite"
# Leave the generated client for the default database (SQLite).
npx tsx scripts/db.ts generate >/dev/null

echo
node scripts/test-summary.mjs "$results" "${failed_phases[@]}"
