#!/usr/bin/env bash
# Every test: `npm test` runs this, and so does CI (.ci/run). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
root=$PWD
section() { printf '\n=== %s\n' "$*"; }

section "setup"
bash scripts/setup.sh

section "clippy (native and wasm32): the core must be provably panic-free"
cargo clippy --all-targets --locked -- -D warnings
for feature in codes qr protect; do
  cargo clippy --lib --target wasm32-unknown-unknown --locked --features "$feature" -- -D warnings
done

section "cargo test: the Rust core"
cargo test --locked

section "fuzz smoke run: every cargo-fuzz target for a few seconds"
bash fuzz/smoke.sh

section "build the npm package"
bash scripts/build.sh

section "npm pack ./pkg"
mkdir -p target/pack
rm -f target/pack/*.tgz
(cd target/pack && npm pack "$root/pkg" --silent >/dev/null)
export TOTP_WASM_TARBALL
TOTP_WASM_TARBALL=$(ls "$root"/target/pack/totp-wasm-*.tgz)
echo "tarball: $TOTP_WASM_TARBALL ($(wc -c < "$TOTP_WASM_TARBALL") bytes)"

if [ -d tests/js ]; then
  section "JS tests against the packed tarball (Node ESM/CJS, TypeScript, esbuild, Vite, Chromium)"
  node --test --test-concurrency=1 tests/js/
fi

if [ -d www/test ]; then
  section "demo page end-to-end tests (Chromium)"
  if [ ! -d www/node_modules ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ]; then
    (cd www && npm ci --no-audit --no-fund)
  fi
  node --test --test-concurrency=1 www/test/
fi
