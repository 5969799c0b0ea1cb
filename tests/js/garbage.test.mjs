// The garbage spec (spec/garbage.mjs) against the installed tarball, in Node ESM, Node CJS and
// Chromium (an esbuild bundle, as browser-esbuild.test.mjs builds it). Each case gets a fresh
// module instance - a Worker in Node, a page load in Chromium - since a trapped instance stays
// unusable and would fail every later case for the wrong reason.
// GARBAGE_SEED=<integer> replays the random run with another seed.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bin, consumerProject, copySpecInto, html, launchChromium, run, serveStatic, watchedPage } from './harness.mjs';
import { DEFAULT_SEED, garbageCases } from './spec/garbage.mjs';

const seed = process.env.GARBAGE_SEED ? Number(process.env.GARBAGE_SEED) : DEFAULT_SEED;
const SPEC_URL = new URL('./spec/garbage.mjs', import.meta.url).href;

// Eval'd Worker code is CommonJS; the ESM entry comes in through import().
const WORKER = `
const { parentPort, workerData: { entry, spec, name, seed } } = require('node:worker_threads');
(async () => {
  try {
    const { totp } = entry.endsWith('.cjs') ? require(entry) : await import(entry);
    const { garbageCases } = await import(spec);
    const [, run] = garbageCases.find(([caseName]) => caseName === name);
    parentPort.postMessage({ ok: true, summary: await run(totp, require('node:assert/strict'), { seed }) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: error instanceof Error ? error.stack : String(error) });
  }
})();
`;

async function runInWorker(entry, name) {
  const worker = new Worker(WORKER, { eval: true, workerData: { entry, spec: SPEC_URL, name, seed } });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) without a result`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** Fails with the case's own message; prints the random run's counts. */
function report(t, outcome) {
  if (!outcome.ok) throw new Error(outcome.error);
  const { failures, ...counts } = outcome.summary ?? {};
  if (counts.returned !== undefined) t.diagnostic(JSON.stringify(counts));
}

let project;
before(async () => {
  project = await consumerProject();
  await project.write('entry.mjs', "import * as totp from 'totp-wasm';\nexport { totp };\n");
  await project.write('entry.cjs', "module.exports = { totp: require('totp-wasm') };\n");
});
after(() => project?.remove());

for (const [runtime, file] of [
  ['Node ESM: import', 'entry.mjs'],
  ['Node CJS: require', 'entry.cjs'],
]) {
  describe(`${runtime}, garbage in, Error out (a Worker per case)`, () => {
    const entry = () => (file.endsWith('.cjs') ? project.file(file) : pathToFileURL(project.file(file)).href);
    for (const [name] of garbageCases) it(name, async (t) => report(t, await runInWorker(entry(), name)));
  });
}

describe('Chromium: esbuild bundle, garbage in, Error out (a page load per case)', () => {
  let server;
  let browser;
  before(async () => {
    await copySpecInto(project);
    await project.write(
      'app/garbage-page.mjs',
      [
        "import * as totp from 'totp-wasm';",
        "import * as assert from './spec/assert.mjs';",
        "import { garbageCases } from './spec/garbage.mjs';",
        '',
        'const query = new URLSearchParams(location.search);',
        "const [, run] = garbageCases.find(([name]) => name === query.get('case'));",
        'try {',
        "  window.__garbage = { ok: true, summary: await run(totp, assert, { seed: Number(query.get('seed')) }) };",
        '} catch (error) {',
        '  const described = `${error.name}: ${error.message}\\n${error.stack}`;',
        '  window.__garbage = { ok: false, error: error.stack?.includes(error.message) ? error.stack : described };',
        '}',
        '',
      ].join('\n'),
    );
    await mkdir(project.file('www'));
    const esbuild = ['--bundle', '--format=esm', '--platform=browser', '--outfile=www/app.js', '--log-level=warning'];
    await run(bin('esbuild'), ['app/garbage-page.mjs', ...esbuild], { cwd: project.dir });
    await project.write('www/index.html', html({ src: '/app.js' }));
    server = await serveStatic(project.file('www'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name] of garbageCases) {
    it(name, async (t) => {
      const { page, problems } = await watchedPage(browser);
      try {
        await page.goto(`${server.url}/index.html?${new URLSearchParams({ case: name, seed })}`);
        const done = page.waitForFunction(() => window.__garbage, null, { timeout: 120_000 });
        const failed = new Promise((_, reject) =>
          page.once('pageerror', (error) => reject(new Error(`page error before results: ${error.message}`))),
        );
        await Promise.race([done, failed]);
        report(t, await page.evaluate(() => window.__garbage));
        assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
      } finally {
        await page.close();
      }
    });
  }
});
