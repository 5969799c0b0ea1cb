#!/usr/bin/env bash
# Builds the npm package into pkg/dist: one .wasm shared by the web (ESM) glue and the
# nodejs (CommonJS) glue. Needs the toolchain from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --target wasm32-unknown-unknown --lib
wasm=target/wasm32-unknown-unknown/release/totp_wasm.wasm
# Build into a scratch folder and swap it in at the end, so a concurrent reader (a test
# packing the tarball) never sees a half-written pkg/dist.
tmp=$(mktemp -d)
out=$(mktemp -d pkg/.dist-XXXXXX)
trap 'rm -rf "$tmp" "$out"' EXIT

wasm-bindgen "$wasm" --target web --out-dir "$out"
wasm-bindgen "$wasm" --target nodejs --out-dir "$tmp"
# The two targets must share one binary: only the JS glue differs.
cmp "$tmp/totp_wasm_bg.wasm" "$out/totp_wasm_bg.wasm"
mv "$tmp/totp_wasm.js" "$out/totp_wasm.cjs"
mv "$tmp/totp_wasm.d.ts" "$out/totp_wasm.d.cts"
rm -f "$out/totp_wasm_bg.wasm.d.ts" "$out/.gitignore"
# The raw wasm exports in InitOutput are typed `any` by wasm-bindgen; nothing public needs that.
sed -i -E "s/(: |=> )any\b/\1unknown/g" "$out/totp_wasm.d.ts"
# wasm-bindgen declares [Symbol.dispose](); say which lib declares it, so strict projects
# without @types/node type-check.
for types in "$out/totp_wasm.d.ts" "$out/totp_wasm.d.cts"; do
  sed -i '1i /// <reference lib="esnext.disposable" />' "$types"
done

# npm's binaryen (a devDependency); Debian's wasm-opt 108 corrupts the externref table.
node_modules/.bin/wasm-opt "$out/totp_wasm_bg.wasm" -Oz --enable-reference-types --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  -o "$out/totp_wasm_bg.wasm.opt"
mv "$out/totp_wasm_bg.wasm.opt" "$out/totp_wasm_bg.wasm"
# TOTPService and the codes' fast path are plain JS (pkg/service.js, pkg/fast.js); require()
# gets CommonJS copies of them.
node_modules/.bin/esbuild pkg/service.js --format=cjs --log-level=warning --outfile="$out/service.cjs"
node_modules/.bin/esbuild pkg/fast.js --format=cjs --log-level=warning --outfile="$out/fast.cjs"
# Node's ESM entry as one file (pkg/node.mjs with the glue and its other modules inlined): Node takes
# about 0.3 ms per module it loads, and one file instead of five is over 1 ms (a tenth) off
# import-to-first-code. The wasm then sits next to the entry, not in ./dist/. It is bundled
# from a copy whose ./dist is the new build (pkg/dist is still the old one, or missing), at a
# fixed path, because esbuild names each bundled file in a comment.
entry=target/node-entry
rm -rf "$entry"
mkdir -p "$entry"
cp pkg/node.mjs pkg/published.js pkg/fast.js pkg/service.js "$entry/"
ln -s "$PWD/$out" "$entry/dist"
node_modules/.bin/esbuild "$entry/node.mjs" --bundle --preserve-symlinks --format=esm --platform=node \
  --log-level=warning --outfile="$out/node.mjs"
rm -rf "$entry"
sed -i "s#'./dist/totp_wasm_bg.wasm'#'./totp_wasm_bg.wasm'#; s#\"./dist/totp_wasm_bg.wasm\"#\"./totp_wasm_bg.wasm\"#" "$out/node.mjs"
if ! grep -q "['\"]./totp_wasm_bg.wasm['\"]" "$out/node.mjs"; then
  echo "build: the bundled node.mjs does not load ./totp_wasm_bg.wasm" >&2
  exit 1
fi
chmod 755 "$out"

rm -rf pkg/dist.old
[ -d pkg/dist ] && mv pkg/dist pkg/dist.old
mv "$out" pkg/dist
rm -rf pkg/dist.old
cp README.md pkg/README.md
wasm=pkg/dist/totp_wasm_bg.wasm
echo "build: $(wc -c < "$wasm") bytes wasm ($(gzip -9c "$wasm" | wc -c) gzipped)"
