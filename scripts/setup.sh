#!/usr/bin/env bash
# Installs the toolchain the build and the tests need, skipping whatever is already present.
# Debian 12, root, registries only (crates.io, npm, Debian). Safe to run again: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# wasm-bindgen-cli must equal the wasm-bindgen that Cargo.toml pins (`=x.y.z`).
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_PACK_VERSION=0.15.1
WITH_BROWSER=${WITH_BROWSER:-1}
step() { echo "setup: $*"; }

rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || { step "adding rust target wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # `--locked` fails on this registry (the CLI's lockfile pins a webpki-roots version it lacks).
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  step "installing wasm-pack $WASM_PACK_VERSION (about 3 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# Debian's binaryen (wasm-opt 108) corrupts the externref table; wasm-pack would pick it from PATH.
if dpkg -s binaryen >/dev/null 2>&1; then
  step "removing Debian binaryen (its wasm-opt breaks wasm-bindgen output)"
  apt-get remove -y binaryen
fi

# The browser for wasm-pack's and playwright's tests, and oathtool for an interop test.
if [ "$WITH_BROWSER" = 1 ] && ! { command -v chromium && command -v chromedriver && command -v oathtool; } >/dev/null 2>&1; then
  step "installing Debian chromium, chromium-driver and oathtool (about 1 minute)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver oathtool
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm devDependencies"
  npm ci --no-audit --no-fund
fi
