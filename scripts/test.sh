#!/usr/bin/env bash
# Every test: `npm test` runs this, and so does CI (.ci/run). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
root=$PWD
section() { printf '\n=== %s\n' "$*"; }

# Fails unless a test runner's output (in $1) reports at least one passed test.
require_ran() {
  if ! grep -Eq "test result: ok\. [1-9][0-9]* passed" "$1"; then
    echo "error: $2 ran no test (see output above)" >&2
    exit 1
  fi
}

section "setup"
bash scripts/setup.sh

section "clippy (native and wasm32): the core must be provably panic-free"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --locked -- -D warnings

section "cargo test: the Rust core"
cargo test --locked

section "fuzz smoke run: every cargo-fuzz target for a few seconds"
bash fuzz/smoke.sh

section "build the npm package"
bash scripts/build.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
section "wasm-pack test --node: the JS boundary in Node"
wasm-pack test --node 2>&1 | tee "$log"
require_ran "$log" "wasm-pack test --node"

section "wasm-pack test --headless --chrome: the JS boundary in Chromium"
# Without WASM_BINDGEN_USE_BROWSER=1 the runner skips non-browser suites and still exits 0.
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome 2>&1 | tee "$log"
require_ran "$log" "wasm-pack test --headless --chrome"

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
