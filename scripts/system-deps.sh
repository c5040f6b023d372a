#!/usr/bin/env bash
# Installs what the tests need outside Python: Debian's chromium (browser tests),
# Debian's bubblewrap (the code-answer sandbox) and, with npm ci from package-lock.json,
# the npm packages axe-core (accessibility check), esbuild (bundles the widget modules;
# the test that the committed bundles are up to date runs it) and TypeScript (make lint's
# type check of the widget modules).
# Never downloads a browser build of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium (apt-get)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "chromium is missing and this user cannot install it; run: apt-get install chromium" >&2
    exit 1
  fi
fi

if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's bubblewrap (apt-get)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get install -y -qq --no-install-recommends bubblewrap
  else
    echo "bubblewrap is missing and this user cannot install it; run: apt-get install bubblewrap" >&2
    exit 1
  fi
fi

if [ -f package.json ] && { [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/esbuild/package.json ] || [ ! -f node_modules/typescript/package.json ]; }; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent
  else
    echo "npm is missing: the tests need the npm packages axe-core, esbuild and typescript (npm ci)" >&2
    exit 1
  fi
fi
