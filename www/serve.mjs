// Serves the built demo (www/dist) on 127.0.0.1 with a strict Content-Security-Policy:
// only this origin, plus 'wasm-unsafe-eval' so the page may compile its WebAssembly.
// Usage: node www/serve.mjs   (PORT=8080 to change the port; DIST=path to serve another build)
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

async function resolveFile(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (file !== root && !file.startsWith(root + sep)) return null; // no way out of the root
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) return resolveFile(root, `${path}/`);
  return info?.isFile() ? { file, size: info.size } : null;
}

/** Resolves to a listening http.Server for `root`; port 0 picks a free port. */
export function startServer({ root, port = 0, host = '127.0.0.1' }) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(request.url, 'http://localhost');
    const found = await resolveFile(base, pathname);
    if (!found) {
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(found.file)] ?? 'application/octet-stream',
      'Content-Length': found.size,
      // Vite puts a content hash in every name under assets/; the HTML must always be fresh.
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(found.file).pipe(response);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveServer(server));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.env.DIST ?? fileURLToPath(new URL('./dist', import.meta.url));
  const port = Number(process.env.PORT ?? 5173);
  if (!(await stat(join(root, 'index.html')).catch(() => null))) {
    console.error(`error: ${root}/index.html is missing; build the page first (cd www && npx vite build)`);
    process.exit(1);
  }
  try {
    const server = await startServer({ root, port });
    console.log(`totp-wasm demo: http://127.0.0.1:${server.address().port}/  (Ctrl+C to stop)`);
  } catch (error) {
    console.error(error.code === 'EADDRINUSE'
      ? `error: port ${port} is in use; pick another with PORT=<port>`
      : `error: ${error.message}`);
    process.exit(1);
  }
}
