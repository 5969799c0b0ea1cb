// The Rollup case of tests/js/zero-config-browser.test.mjs: node-resolve with its defaults and
// nothing else. Run with the consumer project as cwd, so `input` and `dist` are the project's.
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default { input: 'app.js', output: { dir: 'dist' }, plugins: [nodeResolve()] };
