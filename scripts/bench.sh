#!/usr/bin/env bash
# `npm run bench`: builds the package, installs the peers (bench/package.json), and runs the
# side-by-side benchmark. Not part of `npm test`. `npm run bench -- --quick` for a fast check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash bench/floor/build.sh
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund)
fi
node bench/run.mjs "$@"
