#!/usr/bin/env bash
# Builds the floor crate like scripts/build.sh builds the package and prints its sizes.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --target wasm32-unknown-unknown --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen target/wasm32-unknown-unknown/release/floor.wasm --target web --out-dir "$out"
../../node_modules/.bin/wasm-opt "$out/floor_bg.wasm" -Oz --enable-reference-types --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  -o "$out/floor.opt.wasm"
gz() { gzip -9c "$1" | wc -c; }
echo "floor: wasm $(wc -c < "$out/floor.opt.wasm") B ($(gz "$out/floor.opt.wasm") B gzipped), glue $(wc -c < "$out/floor.js") B ($(gz "$out/floor.js") B gzipped)"
