import { fileURLToPath } from 'node:url';
import { defineConfig, searchForWorkspaceRoot } from 'vite';

export default defineConfig({
  server: {
    host: '127.0.0.1',
    // The package is a file: dependency, a symlink to ../pkg outside this folder.
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), fileURLToPath(new URL('../pkg', import.meta.url))] },
  },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022' },
});
