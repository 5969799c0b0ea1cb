// Zero config in browsers: the packed tarball in a fresh project per case, a tiny app importing
// probe() from tests/zero-config/probe.js (named imports from 'totp-wasm'), built by each tool
// with its DEFAULT settings, served on 127.0.0.1 and run in Debian's Chromium; the report is
// checked by tests/zero-config/check.mjs. No config file here names the package, no case copies
// a .wasm or sets an alias, and no page may fetch a .wasm: the wasm is inlined in the JS.
//
// The tools (Vite 8, webpack 5, Rollup 4, Parcel 2) live in tests/zero-config/browser/, installed
// here with `npm ci` when its node_modules is missing or older than its lock; Vite 7 and esbuild
// are the root devDependencies. Every server and process started here is stopped here.
// Workers and Service Workers are bundled by esbuild (an import map does not reach a worker).
// Cost on 2 cores: ~35 s for the first `npm ci`, then ~80 s for the file (3-10 s a case).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { checkProbe } from '../zero-config/check.mjs';
import { ROOT, bin, consumerProject, launchChromium, run, serveStatic, watchedPage } from './harness.mjs';

const TOOLS = path.join(ROOT, 'tests', 'zero-config', 'browser');
const PROBE = path.join(ROOT, 'tests', 'zero-config', 'probe.js');
const tool = (...parts) => path.join(TOOLS, 'node_modules', ...parts);
const VITE7 = bin('vite');
const VITE8 = tool('vite8', 'bin', 'vite.js');
const WEBPACK = tool('webpack-cli', 'bin', 'cli.js');
const ROLLUP = tool('rollup', 'dist', 'bin', 'rollup');
const PARCEL = tool('parcel', 'lib', 'bin.js');
const ESBUILD = bin('esbuild');

const CASE = { timeout: 240_000 };
const ICON = '<link rel="icon" href="data:,">';
const page = ({ script, module = true, head = '' }) =>
  `<!doctype html>\n<html><head><meta charset="utf-8">${ICON}<title>zero config</title>${head}</head>\n` +
  `<body><script${module ? ' type="module"' : ''} src="${script}"></script></body></html>\n`;
/** The page app: the probe's report on window.__probe, where the test reads it. */
const APP = `import { probe } from './probe.js';\nwindow.__probe = probe();\n`;

/** Installs the tool fixture's lock when node_modules is missing or older than it. */
async function ensureTools() {
  const lock = path.join(TOOLS, 'package-lock.json');
  const stamp = tool('.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOLS, timeout: 540_000 });
}

/** A fresh consumer project with the tarball installed and probe.js at `dir`; removed after `body`. */
async function withProject(dir, body) {
  const project = await consumerProject();
  try {
    await project.write(path.join(dir, 'probe.js'), await readFile(PROBE, 'utf8'));
    return await body(project);
  } finally {
    await project.remove();
  }
}

const CONFIG_NAME = /^(\.\w*rc(\.\w+)?|[\w-]+\.config\.[cm]?[jt]s|tsconfig\.json|jsconfig\.json|\.babelrc)$/;
async function filesUnder(dir, skip = /^(node_modules|dist|\.parcel-cache|\.vite)$/) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skip.test(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full, skip)));
    else out.push(full);
  }
  return out;
}
/** The project was built with the tool's defaults: no config file in it at all. */
async function assertNoConfigIn(project) {
  const configs = (await filesUnder(project.dir)).filter((file) => CONFIG_NAME.test(path.basename(file)));
  assert.deepEqual(configs, [], 'a zero-config case has no config file');
}

/** A free port on 127.0.0.1 for a tool's own dev server. */
async function freePort() {
  const server = createNetServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a tool's dev server (`node script ...args`) in its own process group and waits until
 * `url` answers 200. stop() ends that group (by its id) and waits for it to exit.
 */
async function startDevServer(script, args, cwd, url) {
  const child = spawn(process.execPath, [script, ...args], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  let done = false;
  exited.then(() => (done = true));
  const stop = async () => {
    if (done) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    if ((await Promise.race([exited.then(() => 'exited'), delay(8000)])) !== 'exited') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      await exited;
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (done) throw new Error(`${path.basename(script)} ${args.join(' ')} exited (${await exited}):\n${output}`);
    const status = await fetch(url).then(
      (response) => response.body.cancel().then(() => response.status),
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${url} did not answer 200 within 120 s (last ${status}):\n${output}`);
    }
    await delay(250);
  }
  return { stop, output: () => output };
}

/** A static server like the harness's, with extra response headers (for the CSP cases). */
async function serveWithHeaders(root, headers) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' }[path.extname(file)];
    try {
      if (!file.startsWith(root) || !type || !(await stat(file)).isFile()) throw new Error('not served');
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      response.end(await readFile(file));
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

let browser;

/**
 * Opens `url` in a fresh context and waits for window.__probe (or the page's first error).
 * Returns the report, the watched problems and every URL the page (and its workers) requested.
 */
async function probeAt(url, { waitFor = '__probe', settle = 0 } = {}) {
  const { page, problems } = await watchedPage(browser);
  const requested = [];
  page.context().on('request', (request) => requested.push(request.url()));
  try {
    const failed = new Promise((_, reject) =>
      page.once('pageerror', (error) => reject(new Error(`page error before the report: ${error.stack ?? error}`))),
    );
    failed.catch(() => {});
    await page.goto(url);
    await Promise.race([page.waitForFunction((name) => window[name], waitFor, { timeout: 90_000 }), failed]);
    if (settle) await delay(settle);
    const report = await page.evaluate((name) => window[name], waitFor);
    const violations = await page.evaluate(() => window.__violations ?? []);
    return { report, problems, requested, violations };
  } finally {
    await page.context().close();
  }
}

/** checkProbe, then: no page errors, failed requests or HTTP errors, and no .wasm fetched. */
function assertProbePassed(outcome, where) {
  checkProbe(outcome.report, where);
  assert.match(outcome.report.host, /Chrome\//, `${where}: ran in Chromium`);
  assert.deepEqual(outcome.problems, [], `${where}: no console errors, page errors or failed requests`);
  const wasm = outcome.requested.filter((url) => new URL(url).pathname.endsWith('.wasm'));
  assert.deepEqual(wasm, [], `${where}: no .wasm fetched (the wasm is inlined)`);
}

/** Serves `root` with the harness server, probes `pagePath`, closes the server. */
async function probeStatic(root, pagePath, where, options) {
  const server = await serveStatic(root);
  try {
    const outcome = await probeAt(`${server.url}${pagePath}`, options);
    assertProbePassed(outcome, where);
    return { ...outcome, served: server.requests };
  } finally {
    await server.close();
  }
}

before(async () => {
  await ensureTools();
  browser = await launchChromium();
}, { timeout: 600_000 });
after(() => browser?.close());

it('tools and browser', async (t) => {
  const version = async (packageJson) => JSON.parse(await readFile(packageJson, 'utf8')).version;
  const versions = [
    ['Vite 7', path.join(ROOT, 'node_modules', 'vite', 'package.json')],
    ['Vite 8', tool('vite8', 'package.json')],
    ['webpack', tool('webpack', 'package.json')],
    ['webpack-cli', tool('webpack-cli', 'package.json')],
    ['Rollup', tool('rollup', 'package.json')],
    ['node-resolve', tool('@rollup', 'plugin-node-resolve', 'package.json')],
    ['Parcel', tool('parcel', 'package.json')],
    ['esbuild', path.join(ROOT, 'node_modules', 'esbuild', 'package.json')],
  ];
  const found = await Promise.all(versions.map(async ([name, file]) => `${name} ${await version(file)}`));
  t.diagnostic(`${found.join(', ')}; Chromium ${browser.version()}`);
});

it('no fixture or config file mentions totp-wasm', async () => {
  const files = await filesUnder(TOOLS);
  assert.ok(files.some((file) => file.endsWith('rollup.config.mjs')), files.join('\n'));
  for (const file of files) {
    assert.doesNotMatch(await readFile(file, 'utf8'), /totp-wasm/i, `${path.relative(ROOT, file)} names the package`);
  }
});

/** A static app at the project root: index.html loading app.js as a module. */
async function writeModuleApp(project) {
  await project.write('index.html', page({ script: '/app.js' }));
  await project.write('app.js', APP);
}

for (const [name, vite] of [
  ['Vite 7', VITE7],
  ['Vite 8', VITE8],
]) {
  describe(`${name} (no config file)`, () => {
    it('vite build, served static', CASE, () =>
      withProject('.', async (project) => {
        await writeModuleApp(project);
        await run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: project.dir });
        await assertNoConfigIn(project);
        const packageJson = path.join(path.dirname(realpathSync(vite)), '..', 'package.json');
        const { version } = JSON.parse(await readFile(packageJson, 'utf8'));
        assert.equal(version.split('.')[0], name.split(' ')[1], `${vite} is ${name}`);
        await probeStatic(project.file('dist'), '/', `${name} build`);
      }),
    );

    it('vite dev server on 127.0.0.1', CASE, () =>
      withProject('.', async (project) => {
        await writeModuleApp(project);
        const port = await freePort();
        const url = `http://127.0.0.1:${port}/`;
        const args = ['--host', '127.0.0.1', '--port', `${port}`, '--strictPort'];
        const server = await startDevServer(vite, args, project.dir, url);
        try {
          await assertNoConfigIn(project);
          assertProbePassed(await probeAt(url), `${name} dev`);
        } catch (error) {
          error.message += `\n--- dev server output:\n${server.output()}`;
          throw error;
        } finally {
          await server.stop();
        }
      }),
    );
  });
}

describe('webpack 5 (no config file: ./src/index.js to ./dist/main.js)', () => {
  it('webpack --mode production, served static', CASE, () =>
    withProject('src', async (project) => {
      await project.write('src/index.js', APP);
      await project.write('dist/index.html', page({ script: '/main.js', module: false }));
      await run(process.execPath, [WEBPACK, '--mode', 'production'], { cwd: project.dir });
      await assertNoConfigIn(project);
      await probeStatic(project.file('dist'), '/', 'webpack 5');
    }),
  );
});

describe('Rollup 4 with @rollup/plugin-node-resolve, its defaults', () => {
  it('rollup -c (tests/zero-config/browser/rollup.config.mjs), served static', CASE, () =>
    withProject('.', async (project) => {
      await project.write('app.js', APP);
      await project.write('dist/index.html', page({ script: '/app.js' }));
      await run(process.execPath, [ROLLUP, '-c', path.join(TOOLS, 'rollup.config.mjs')], { cwd: project.dir });
      await assertNoConfigIn(project);
      await probeStatic(project.file('dist'), '/', 'Rollup 4 + node-resolve');
    }),
  );
});

describe('esbuild --bundle', () => {
  it('default format (IIFE), a classic script', CASE, () =>
    withProject('.', async (project) => {
      await project.write('app.js', APP);
      await project.write('dist/index.html', page({ script: '/app.js', module: false }));
      await run(ESBUILD, ['app.js', '--bundle', '--outfile=dist/app.js', '--log-level=warning'], { cwd: project.dir });
      assert.match(await readFile(project.file('dist', 'app.js'), 'utf8'), /^\(\(\) => \{/, 'an IIFE');
      await probeStatic(project.file('dist'), '/', 'esbuild (default format)');
    }),
  );

  it('--format=esm, a module script', CASE, () =>
    withProject('.', async (project) => {
      await project.write('app.js', APP);
      await project.write('dist/index.html', page({ script: '/app.js' }));
      await run(ESBUILD, ['app.js', '--bundle', '--format=esm', '--outfile=dist/app.js', '--log-level=warning'], {
        cwd: project.dir,
      });
      await probeStatic(project.file('dist'), '/', 'esbuild --format=esm');
    }),
  );
});

describe('Parcel 2 (no .parcelrc) on index.html', () => {
  it('parcel build, served static', CASE, () =>
    withProject('.', async (project) => {
      await writeModuleApp(project);
      await run(process.execPath, [PARCEL, 'build', 'index.html', '--log-level', 'warn'], { cwd: project.dir });
      await assertNoConfigIn(project);
      await probeStatic(project.file('dist'), '/', 'Parcel build');
    }),
  );

  it('parcel serve on 127.0.0.1', CASE, () =>
    withProject('.', async (project) => {
      await writeModuleApp(project);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const server = await startDevServer(
        PARCEL,
        ['serve', 'index.html', '--host', '127.0.0.1', '--port', `${port}`],
        project.dir,
        url,
      );
      try {
        await assertNoConfigIn(project);
        assertProbePassed(await probeAt(url), 'Parcel serve');
      } catch (error) {
        error.message += `\n--- dev server output:\n${server.output()}`;
        throw error;
      } finally {
        await server.stop();
      }
    }),
  );
});

describe('module Web Worker (esbuild --bundle --format=esm), messaged right after construction', () => {
  // The page needs no bundling: it only starts the worker, posts in the same task, and waits.
  const MAIN = `const worker = new Worker('/worker.js', { type: 'module' });
worker.postMessage('probe');
const lost = setTimeout(() => (window.__probe = { unexpected: 'no reply within 10 s: the message was lost' }), 10000);
worker.onmessage = ({ data }) => { clearTimeout(lost); window.__probe = data; };
worker.onerror = (event) => { clearTimeout(lost); window.__probe = { unexpected: 'worker error: ' + event.message }; };
`;
  const WORKER = `import { probe } from './probe.js';
self.onmessage = () => self.postMessage({ scope: self.constructor.name, report: probe() });
`;
  it('answers the first message, 5 fresh pages out of 5', CASE, () =>
    withProject('.', async (project) => {
      await project.write('worker-src.js', WORKER);
      await project.write('dist/main.js', MAIN);
      await project.write('dist/index.html', page({ script: '/main.js' }));
      const args = ['worker-src.js', '--bundle', '--format=esm', '--outfile=dist/worker.js', '--log-level=warning'];
      await run(ESBUILD, args, { cwd: project.dir });
      const server = await serveStatic(project.file('dist'));
      try {
        for (let round = 1; round <= 5; round++) {
          const where = `module worker, round ${round} of 5`;
          const outcome = await probeAt(`${server.url}/`);
          assert.equal(outcome.report.unexpected, undefined, `${where}: ${outcome.report.unexpected}`);
          assert.equal(outcome.report.scope, 'DedicatedWorkerGlobalScope', where);
          assertProbePassed({ ...outcome, report: outcome.report.report }, where);
        }
      } finally {
        await server.close();
      }
    }),
  );
});

describe('Service Worker (scope /) answering /probe.json with the report', () => {
  const SW = `import { probe } from './probe.js';
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname !== '/probe.json') return;
  const body = JSON.stringify({ scope: self.constructor.name, report: probe() });
  event.respondWith(new Response(body, { headers: { 'content-type': 'application/json' } }));
});
`;
  // Registers the worker named in ?sw= (module when ?type=module), waits until it controls the
  // page, then fetches /probe.json through it.
  const MAIN = `const query = new URLSearchParams(location.search);
async function main() {
  const sw = navigator.serviceWorker;
  if (!sw.controller) {
    const controlled = new Promise((resolve) => sw.addEventListener('controllerchange', resolve, { once: true }));
    await sw.register(query.get('sw'), { scope: '/', type: query.get('type') ?? 'classic' });
    await controlled;
  }
  const response = await fetch('/probe.json');
  if (!response.ok) throw new Error('/probe.json: HTTP ' + response.status);
  return response.json();
}
main().then(
  (report) => (window.__probe = report),
  (error) => (window.__probe = { unexpected: 'page: ' + (error?.stack ?? error) }),
);
`;
  for (const [label, format, type] of [
    ['classic SW from the default esbuild bundle (IIFE)', [], 'classic'],
    ['module SW (type: module) from esbuild --format=esm', ['--format=esm'], 'module'],
  ]) {
    it(label, CASE, () =>
      withProject('.', async (project) => {
        await project.write('sw-src.js', SW);
        await project.write('dist/main.js', MAIN);
        await project.write('dist/index.html', page({ script: '/main.js' }));
        await run(ESBUILD, ['sw-src.js', '--bundle', ...format, '--outfile=dist/sw.js', '--log-level=warning'], {
          cwd: project.dir,
        });
        if (type === 'classic') assert.match(await readFile(project.file('dist', 'sw.js'), 'utf8'), /^\(\(\) => \{/);
        const where = `${type} Service Worker`;
        const server = await serveStatic(project.file('dist'));
        try {
          const outcome = await probeAt(`${server.url}/?sw=/sw.js&type=${type}`);
          assert.equal(outcome.report.unexpected, undefined, `${where}: ${outcome.report.unexpected}`);
          assert.equal(outcome.report.scope, 'ServiceWorkerGlobalScope', where);
          assertProbePassed({ ...outcome, report: outcome.report.report }, where);
          const hits = server.requests.map((request) => request.path);
          assert.ok(!hits.includes('/probe.json'), `${where}: /probe.json was answered by the worker, not the server`);
        } finally {
          await server.close();
        }
      }),
    );
  }
});

describe("Content-Security-Policy: script-src 'self' (esbuild --format=esm bundle)", () => {
  const CSP_APP = `import { probe } from './probe.js';
const violations = [];
document.addEventListener('securitypolicyviolation', (event) =>
  violations.push(event.effectiveDirective + ' ' + event.blockedURI),
);
window.__violations = violations;
window.__probe = probe();
`;
  async function cspOutcome(policy) {
    return withProject('.', async (project) => {
      await project.write('app.js', CSP_APP);
      await project.write('dist/index.html', page({ script: '/app.js' }));
      await run(ESBUILD, ['app.js', '--bundle', '--format=esm', '--outfile=dist/app.js', '--log-level=warning'], {
        cwd: project.dir,
      });
      const server = await serveWithHeaders(project.file('dist'), { 'content-security-policy': policy });
      try {
        // securitypolicyviolation events arrive in a later task: give them a moment.
        return await probeAt(`${server.url}/`, { settle: 500 });
      } finally {
        await server.close();
      }
    });
  }

  it("passes with 'wasm-unsafe-eval'", CASE, async () => {
    const outcome = await cspOutcome("script-src 'self' 'wasm-unsafe-eval'");
    assertProbePassed(outcome, "CSP script-src 'self' 'wasm-unsafe-eval'");
    assert.deepEqual(outcome.violations, [], 'no CSP violation');
  });

  it("fails without it, with a CSP compile error (the one documented CSP need)", CASE, async (t) => {
    const outcome = await cspOutcome("script-src 'self'");
    assert.throws(() => checkProbe(outcome.report, "CSP script-src 'self'"));
    const error = `${outcome.report.unexpected ?? ''}\n${outcome.report.error?.name}: ${outcome.report.error?.message}`;
    t.diagnostic(`without 'wasm-unsafe-eval': ${error.split('\n').slice(0, 2).join(' | ')}`);
    assert.match(error, /CompileError/, error);
    assert.match(error, /Content Security Policy|wasm-unsafe-eval|unsafe-eval/, error);
    assert.deepEqual(outcome.violations.slice(0, 1), ['script-src wasm-eval'], 'the browser reports the violation');
  });
});
