#!/usr/bin/env bash
# Builds the npm package into pkg/dist: one .wasm shared by the web (ESM) glue and the
# nodejs (CommonJS) glue. Needs the toolchain from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --target wasm32-unknown-unknown --lib
wasm=target/wasm32-unknown-unknown/release/totp_wasm.wasm
out=pkg/dist
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$out"
mkdir -p "$out"
wasm-bindgen "$wasm" --target web --out-dir "$out"
wasm-bindgen "$wasm" --target nodejs --out-dir "$tmp"
# The two targets must share one binary: only the JS glue differs.
cmp "$tmp/totp_wasm_bg.wasm" "$out/totp_wasm_bg.wasm"
mv "$tmp/totp_wasm.js" "$out/totp_wasm.cjs"
mv "$tmp/totp_wasm.d.ts" "$out/totp_wasm.d.cts"
rm -f "$out/totp_wasm_bg.wasm.d.ts" "$out/.gitignore"
# The raw wasm exports in InitOutput are typed `any` by wasm-bindgen; nothing public needs that.
sed -i -E "s/(: |=> )any\b/\1unknown/g" "$out/totp_wasm.d.ts"

# npm's binaryen (a devDependency); Debian's wasm-opt 108 corrupts the externref table.
node_modules/.bin/wasm-opt "$out/totp_wasm_bg.wasm" -Oz --enable-reference-types --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  -o "$out/totp_wasm_bg.wasm"

cp README.md pkg/README.md
echo "build: $(wc -c < "$out/totp_wasm_bg.wasm") bytes wasm ($(gzip -9c "$out/totp_wasm_bg.wasm" | wc -c) gzipped)"
