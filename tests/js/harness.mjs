// Shared by the *.test.mjs runners: the packed tarball installed into a fresh project exactly as
// a user installs it, a static HTTP server on 127.0.0.1, and Debian's Chromium.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Runs a program; rejects with its exit status and full output, so a failing test shows why. */
export async function run(file, args, options = {}) {
  try {
    return await promisify(execFile)(file, args, { maxBuffer: 64 << 20, timeout: 240_000, ...options });
  } catch (error) {
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n').trim();
    throw new Error(
      `${[file, ...args].join(' ')} failed (${error.code ?? error.signal}) in ${options.cwd ?? process.cwd()}:\n${output}`,
    );
  }
}

/** Files whose change makes a tarball in target/pack stale. */
function newestSourceMtime() {
  const inputs = ['Cargo.toml', 'Cargo.lock', 'scripts/build.sh', 'scripts/flavours.mjs', 'pkg/package.json'];
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
  const files = [
    ...inputs.map((file) => path.join(ROOT, file)),
    ...['src', 'pkg/src', 'pkg/types'].flatMap((dir) => walk(path.join(ROOT, dir))),
  ].filter(existsSync);
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

/**
 * The tarball users install: $TOTP_WASM_TARBALL (set by scripts/test.sh), else target/pack's,
 * built and packed first when missing or older than the sources.
 */
export async function tarball() {
  const fromEnv = process.env.TOTP_WASM_TARBALL;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TOTP_WASM_TARBALL=${fromEnv} does not exist`);
    return path.resolve(fromEnv);
  }
  const packDir = path.join(ROOT, 'target', 'pack');
  const packed = () =>
    existsSync(packDir) ? readdirSync(packDir).filter((name) => /^totp-wasm-.*\.tgz$/.test(name)) : [];
  const [current] = packed();
  const fresh = current && statSync(path.join(packDir, current)).mtimeMs > newestSourceMtime();
  if (fresh) return path.join(packDir, current);
  await run('bash', ['scripts/build.sh'], { cwd: ROOT, timeout: 540_000 });
  await mkdir(packDir, { recursive: true });
  for (const old of packed()) await rm(path.join(packDir, old));
  await run('npm', ['pack', path.join(ROOT, 'pkg'), '--silent'], { cwd: packDir });
  const [built] = packed();
  if (!built) throw new Error(`npm pack left no tarball in ${packDir}`);
  return path.join(packDir, built);
}

/**
 * A fresh project in the OS temp folder with the tarball installed by plain `npm install`.
 * `remove()` deletes it; set KEEP_CONSUMER=1 to keep it for debugging.
 */
export async function consumerProject() {
  const tgz = await tarball();
  const dir = await mkdtemp(path.join(tmpdir(), 'totp-wasm-consumer-'));
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tgz], { cwd: dir });
  return {
    dir,
    tarball: tgz,
    file: (...parts) => path.join(dir, ...parts),
    write: async (relative, text) => {
      await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
      await writeFile(path.join(dir, relative), text);
    },
    remove: () => (process.env.KEEP_CONSUMER ? undefined : rm(dir, { recursive: true, force: true })),
  };
}

/** Copies the spec, its JSON vectors and the page entry into the project, keeping relative imports. */
export async function copySpecInto(project) {
  await cp(path.join(ROOT, 'tests', 'vectors'), project.file('vectors'), { recursive: true });
  await cp(path.join(HERE, 'spec.mjs'), project.file('app', 'spec.mjs'));
  await cp(path.join(HERE, 'spec'), project.file('app', 'spec'), { recursive: true });
  await cp(path.join(HERE, 'browser'), project.file('app', 'browser'), { recursive: true });
}

/** A page that runs `src` as a module; the empty icon keeps Chromium from asking for /favicon.ico. */
export const html = ({ head = '', src, inline }) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>totp-wasm test</title>${head}</head>
<body>${src ? `<script type="module" src="${src}"></script>` : `<script type="module">${inline}</script>`}</body></html>
`;

/** Resolves the bare specifier to the installed package's browser entry, as a no-build site would. */
export const IMPORT_MAP =
  '<script type="importmap">{"imports":{"totp-wasm":"/node_modules/totp-wasm/dist/web/index.js"}}</script>';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.png': 'image/png',
};

/** Serves `root` on 127.0.0.1 with an ephemeral port; records every request. */
export async function serveStatic(root) {
  const requests = [];
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    let status = 200;
    try {
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file');
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(await readFile(file));
    } catch {
      status = 404;
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
    requests.push({ path: pathname, status, type: status === 200 ? type : null });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** Debian's Chromium (never a downloaded browser); playwright gives it a fresh profile. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** A new page that collects console errors, page errors, failed requests and HTTP errors. */
export async function watchedPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

/**
 * Serves `root`, opens `pagePath` in Chromium and waits for the page's spec results
 * (window.__specResults, set by browser/main.mjs). Everything started here is closed again.
 */
export async function runSpecInChromium(root, pagePath) {
  const server = await serveStatic(root);
  const browser = await launchChromium();
  try {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${server.url}${pagePath}`);
    const done = page.waitForFunction(() => window.__specResults, null, { timeout: 90_000 });
    // A page that fails to load its modules never sets the results: stop at its first error.
    const failed = new Promise((_, reject) =>
      page.once('pageerror', (error) => reject(new Error(`page error before results: ${error.message}`))),
    );
    await Promise.race([done, failed]);
    const results = await page.evaluate(() => window.__specResults);
    return { results, problems, requests: server.requests, browserVersion: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Throws the page's own failure message for spec case `name`. */
export function assertCasePassed(outcome, name) {
  const result = outcome.results.find((entry) => entry.name === name);
  if (!result) throw new Error(`the page reported no result for "${name}"`);
  if (!result.ok) throw new Error(`in Chromium: ${result.error}`);
}
