// Debian's Chromium through playwright-core, serving pages from 127.0.0.1 on an ephemeral port:
// (1) decode every library's QR SVG with a QR reader, (2) page load to first code, totp-wasm vs
// otpauth, in a fresh browser context per load (no HTTP or compiled-code cache carried over).
// The throughput page is driven from browser-throughput.mjs.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { SECRET, NOW_SECONDS, NOW_CODE } from './fixtures.mjs';
import { median } from './timing.mjs';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const MIME = { '.html': 'text/html', '.js': 'text/javascript' };

const time = NOW_SECONDS * 1000;
const readyPages = {
  'totp-wasm': `
    import { generateTotp } from 'totp-wasm';
    const code = generateTotp('${SECRET}', { time: ${time} });
    window.ready = { code, ms: performance.now() };`,
  otpauth: `
    import { TOTP, Secret } from 'otpauth';
    const code = TOTP.generate({ secret: Secret.fromBase32('${SECRET}'), timestamp: ${time} });
    window.ready = { code, ms: performance.now() };`,
};

async function bundlePage(dir, name, entry) {
  await esbuild.build({
    ...entry,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(dir, `${name}.js`),
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, `${name}.html`),
    `<!doctype html><meta charset="utf-8"><script type="module" src="${name}.js"></script>`,
  );
}

async function buildSite(dir) {
  for (const [name, source] of Object.entries(readyPages)) {
    await bundlePage(dir, name, { stdin: { contents: source, resolveDir: benchDir, loader: 'js' } });
  }
  // totp-wasm and the floor carry their wasm inline: the bundles are all there is to serve.
  await bundlePage(dir, 'throughput', { entryPoints: [join(benchDir, 'lib/throughput-page.mjs')] });
  writeFileSync(join(dir, 'qr.html'), '<!doctype html><meta charset="utf-8"><body></body>');
  copyFileSync(join(benchDir, 'node_modules/jsqr/dist/jsQR.js'), join(dir, 'jsQR.js'));
}

function serve(dir) {
  const server = createServer((request, response) => {
    const file = join(dir, new URL(request.url, 'http://x').pathname.replace(/^\/+/, '') || 'index.html');
    try {
      const body = readFileSync(file);
      response.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Renders each SVG through an <img> onto a white canvas (as on a page: @paulmillr/qr draws no
 * background) at 8 px per module and reads it with jsQR.
 */
export async function decodeQrSvgs(page, base, svgs) {
  await page.goto(`${base}/qr.html`);
  await page.addScriptTag({ url: `${base}/jsQR.js` });
  return page.evaluate(async (svgs) => {
    const decoded = {};
    for (const [name, svg] of Object.entries(svgs)) {
      const image = new Image();
      image.src = 'data:image/svg+xml;base64,' + btoa(svg);
      await image.decode();
      const modules = Number(/viewBox="0 0 (\d+)/.exec(svg)[1]);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = modules * 8;
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      decoded[name] = window.jsQR(pixels.data, canvas.width, canvas.height)?.data ?? null;
    }
    return decoded;
  }, svgs);
}

async function loadToFirstCode(browser, base, name) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/${name}.html`);
    const ready = await page.waitForFunction(() => window.ready, null, { timeout: 30_000 }).then((h) => h.jsonValue());
    if (ready.code !== NOW_CODE) throw new Error(`${name} page returned code ${ready.code}, expected ${NOW_CODE}`);
    return ready.ms;
  } finally {
    await context.close();
  }
}

/** Runs `work(browser, base)` with Chromium and the site up, and always tears both down. */
export async function withBrowser(work) {
  const dir = mkdtempSync(join(tmpdir(), 'totp-wasm-bench-'));
  let server;
  let browser;
  try {
    await buildSite(dir);
    server = await serve(dir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    return await work(browser, `http://127.0.0.1:${server.address().port}`);
  } finally {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Throws unless every SVG in `decoded` (name -> decoded text) decoded back to `text`. */
export function expectDecodes(decoded, text) {
  for (const [name, value] of Object.entries(decoded)) {
    if (value !== text)
      throw new Error(
        `check failed: ${name} qrSvg decodes to ${JSON.stringify(value)}, expected ${JSON.stringify(text)}`,
      );
  }
}

/** Throws unless every SVG decodes back to `text`. */
export async function checkQrDecodes(text, svgs) {
  const decoded = await withBrowser(async (browser, base) => {
    const page = await (await browser.newContext()).newPage();
    return decodeQrSvgs(page, base, svgs);
  });
  expectDecodes(decoded, text);
}

/** Median ms from navigation start to the first code, over `loads` alternating loads of each page. */
export async function measureBrowserStartup(loads) {
  return withBrowser(async (browser, base) => {
    const names = Object.keys(readyPages);
    for (const name of names) await loadToFirstCode(browser, base, name);
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    for (let i = 0; i < loads; i++) {
      for (const name of i % 2 ? [...names].reverse() : names)
        samples[name].push(await loadToFirstCode(browser, base, name));
    }
    return {
      chromium: browser.version(),
      readyMs: Object.fromEntries(names.map((name) => [name, median(samples[name])])),
    };
  });
}
