// The whole-package floor in Node, for the startup time (bench/lib/startup-node.mjs); build.sh
// bundles it into dist/whole/node.mjs, one file like the package's Node entry.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/whole/floor-whole.js';

initSync({ module: readFileSync(new URL('./dist/whole/floor-whole_bg.wasm', import.meta.url)) });
export * from './dist/whole/floor-whole.js';
