import { fileURLToPath } from 'node:url';
import { defineConfig, searchForWorkspaceRoot } from 'vite';

export default defineConfig({
  // The package instantiates its wasm with top-level await and new URL(..., import.meta.url);
  // esbuild's dependency pre-bundling would break that URL, so the dev server serves it as is.
  optimizeDeps: { exclude: ['totp-wasm'] },
  server: {
    host: '127.0.0.1',
    // 'totp-wasm' is a file: dependency, a symlink to ../pkg outside this folder.
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), fileURLToPath(new URL('../pkg', import.meta.url))] },
  },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022' },
});
