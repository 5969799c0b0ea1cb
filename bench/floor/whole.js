// The whole-package floor, weighed by bench/lib/size.mjs.
import init from './dist/whole/floor-whole.js';

await init();
export * from './dist/whole/floor-whole.js';
