#!/usr/bin/env bash
# Installs the toolchain the build and the tests need, skipping whatever is already present.
# Debian 12, root, registries only (crates.io, npm, Debian). Safe to run again: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WITH_BROWSER=${WITH_BROWSER:-1}
step() { echo "setup: $*"; }

rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || { step "adding rust target wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

# The browser for playwright's tests, and oathtool for an interop test.
if [ "$WITH_BROWSER" = 1 ] && ! { command -v chromium && command -v chromedriver && command -v oathtool; } >/dev/null 2>&1; then
  step "installing Debian chromium, chromium-driver and oathtool (about 1 minute)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver oathtool
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm devDependencies"
  npm ci --no-audit --no-fund
fi
