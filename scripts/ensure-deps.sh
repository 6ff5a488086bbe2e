#!/usr/bin/env bash
# Installs what the project needs when it is missing: npm packages (from a cache keyed by the
# lockfile when one exists: better-sqlite3 compiles from source here, ~2 min), and, with
# --system, Debian's chromium and postgresql (apt-get, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
key=$( (cat package-lock.json; node --version) | sha256sum | cut -c1-16)
cache_dir=${CREATOR_CODES_CACHE:-$HOME/.cache/creator-codes}
stamp=node_modules/.creator-codes-deps
if [ "$(cat "$stamp" 2>/dev/null)" != "$key" ]; then
  if [ -f "$cache_dir/node_modules-$key.tar" ]; then
    echo "» restoring node_modules from $cache_dir (lockfile $key)"
    rm -rf node_modules && tar -xf "$cache_dir/node_modules-$key.tar"
  else
    previous=$(ls -t "$cache_dir"/node_modules-*.tar 2>/dev/null | head -1 || true)
    if [ -n "$previous" ] && [ ! -d node_modules ]; then
      # Start from the last cached install: npm then changes only what the lockfile changed,
      # instead of compiling better-sqlite3 again.
      echo "» restoring the previous node_modules, then npm install (lockfile changed)"
      tar -xf "$previous"
      npm install --no-audit --no-fund --loglevel=error
    elif [ -d node_modules ]; then
      echo "» npm install (lockfile changed)"
      npm install --no-audit --no-fund --loglevel=error
    else
      echo "» npm ci (first install compiles better-sqlite3: a few minutes)"
      npm ci --no-audit --no-fund --loglevel=error
    fi
    git diff --quiet -- package-lock.json 2>/dev/null || echo "warning: npm changed package-lock.json; commit it" >&2
    mkdir -p "$cache_dir" && rm -f "$cache_dir"/node_modules-*.tar
    tar -cf "$cache_dir/node_modules-$key.tar.tmp" node_modules && mv "$cache_dir/node_modules-$key.tar.tmp" "$cache_dir/node_modules-$key.tar"
  fi
  echo "$key" > "$stamp"
fi
# The generated Prisma client must match the database the app will use.
npx tsx scripts/db.ts generate >/dev/null

if [ "${1:-}" = "--system" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "» apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
