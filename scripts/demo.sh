#!/usr/bin/env bash
# `npm run demo`: builds the package and the demo page, then serves it on 127.0.0.1.
# Installs what is missing first (the browser is not needed to serve the page).
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=0 bash scripts/setup.sh
bash scripts/build.sh
cd www
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx vite build --logLevel warn
exec node serve.mjs
