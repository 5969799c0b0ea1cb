#!/usr/bin/env bash
# Builds the three floors (see Cargo.toml) exactly as scripts/build.sh builds the package, into
# dist/<floor>/ (web glue and wasm-opt'd wasm, named floor-<floor>), and prints their sizes.
# The benchmark times the conforming build and weighs the enroll and whole ones.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
root=../..
gz() { gzip -9c "$1" | wc -c; }
rm -rf dist.new
for floor in code enroll whole conforming; do
  features=()
  [ "$floor" != code ] && features=(--features "$floor")
  profile=release
  [ "$floor" = conforming ] && profile=speed
  cargo build --profile "$profile" --target wasm32-unknown-unknown --quiet "${features[@]}"
  out=dist.new/$floor
  wasm-bindgen "target/wasm32-unknown-unknown/$profile/floor.wasm" --target web --out-dir "$out" --out-name "floor-$floor"
  rm -f "$out"/*.d.ts "$out/.gitignore"
  "$root/node_modules/.bin/wasm-opt" "$out/floor-${floor}_bg.wasm" -Oz --enable-reference-types --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    -o "$out/floor.opt.wasm"
  mv "$out/floor.opt.wasm" "$out/floor-${floor}_bg.wasm"
  echo "floor $floor: wasm $(wc -c < "$out/floor-${floor}_bg.wasm") B ($(gz "$out/floor-${floor}_bg.wasm") B gzipped)"
done
rm -rf dist
mv dist.new dist
# The startup floor's Node entry as one file, as the package's is (scripts/build.sh).
"$root/node_modules/.bin/esbuild" whole.node.mjs --bundle --format=esm --platform=node --log-level=warning \
  --outfile=dist/whole/node.mjs
sed -i "s#\"./dist/whole/floor-whole_bg.wasm\"#\"./floor-whole_bg.wasm\"#" dist/whole/node.mjs
grep -q '"./floor-whole_bg.wasm"' dist/whole/node.mjs
