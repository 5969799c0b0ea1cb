#!/usr/bin/env bash
# Builds the npm package into pkg/dist: four wasm files (one per feature of the crate: codes,
# qr, protect, migrate), and the JavaScript in three flavours that differ only in how a wasm file
# arrives: inline base64 (every host that compiles wasm from bytes), a `.wasm` import
# (Cloudflare Workers / workerd), a `.wasm?module` import (Next.js's edge runtime).
# Needs cargo with the wasm32 target and the root devDependencies (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Build into a scratch folder and swap it in at the end, so a concurrent reader (a test
# packing the tarball) never sees a half-written pkg/dist.
out=$(mktemp -d pkg/.dist-XXXXXX)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/wasm"

# Panic locations name their source files in the wasm's data; cut the registry's long prefix.
# (The flags of .cargo/config.toml are repeated: RUSTFLAGS replaces them.)
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
export RUSTFLAGS="--cfg sha2_backend_soft=\"compact\" --cfg aes_backend_soft=\"compact\" --remap-path-prefix=$registry="
# codes at opt-level 2, qr and protect at Cargo.toml's "s": the HMAC and hash code that a verify
# spends its time in is generic, so it is compiled in this crate, at this crate's level. Measured
# (one totp_check export call, Node): "s" 5.4-5.8 us, 2 3.9 us, 3 3.6 us; codes.wasm gzipped
# 21.6, 27.1, 27.0 KB. QR codes are fast enough at "s" (29x the qrcode package). protect.wasm
# is at "s" too: its time goes to PBKDF2 and AES, and with the second edition's attempt state
# level 2 made it 137.6 KB (52.7 gzipped) against 92.0 (41.4) at "s", for a hashBackupCode
# 7-14 % faster (medians of 21, side by side). A login's database round trip dwarfs the rest.
for feature in codes qr protect migrate; do
  level=2
  [ "$feature" = codes ] || level=s
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level cargo build --release --target wasm32-unknown-unknown --lib --locked --features "$feature" --quiet
  # npm's binaryen (a devDependency); Debian's wasm-opt 108 miscompiles.
  node_modules/.bin/wasm-opt target/wasm32-unknown-unknown/release/totp_wasm.wasm -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals \
    --enable-multivalue --enable-reference-types -o "$out/wasm/$feature.wasm"
  # The same optimization with the names kept, to check that no core::fmt is left.
  node_modules/.bin/wasm-opt target/wasm32-unknown-unknown/release/totp_wasm.wasm -Oz -g -all -o "$out/named.wasm"
  node scripts/no-fmt.mjs "$out/named.wasm" >/dev/null
  rm "$out/named.wasm"
done
node scripts/flavours.mjs "$out"
# The inflater of the inline flavours: fflate's inflateSync for the web, zlib for Node's.
node_modules/.bin/esbuild pkg/src/inflate/web.js --bundle --format=esm --minify --log-level=warning \
  --outfile="$out/web/_inflate.js"
cp pkg/src/inflate/node.js "$out/node/_inflate.js"
# Bundled from a fixed path, since esbuild names each bundled file in a comment.
rm -rf target/flavour && mkdir -p target/flavour && mv "$out/node" target/flavour/node

# Node gets one file per entry (Node takes about 0.3 ms for each module it loads), and
# require() gets CommonJS bundles of the same code.
for entry in index codes qr protect migrate; do
  node_modules/.bin/esbuild "target/flavour/node/$entry.js" --bundle --format=cjs --platform=node --log-level=warning \
    --outfile="$out/$entry.cjs"
done
node_modules/.bin/esbuild target/flavour/node/index.js --bundle --format=esm --platform=node --log-level=warning \
  --outfile="$out/node.mjs"
rm -rf target/flavour
chmod 755 "$out"

rm -rf pkg/dist.old
[ -d pkg/dist ] && mv pkg/dist pkg/dist.old
mv "$out" pkg/dist
rm -rf pkg/dist.old
cp README.md pkg/README.md
for feature in codes qr protect migrate; do
  wasm=pkg/dist/wasm/$feature.wasm
  echo "build: $feature.wasm $(wc -c < "$wasm") bytes ($(gzip -9c "$wasm" | wc -c) gzipped)"
done
