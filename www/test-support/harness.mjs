// Shared by the end-to-end tests: build the page with Vite, serve it with serve.mjs on an
// ephemeral port, drive Debian's Chromium, and read QR codes out of PNG screenshots.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';

export const WWW = fileURLToPath(new URL('..', import.meta.url));
export const ARTIFACTS = join(WWW, '..', 'test-results', 'www');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

/** Builds the page into a temporary folder and serves it; `close()` undoes both. */
export async function buildAndServe() {
  if (!existsSync(join(WWW, 'node_modules', 'totp-wasm', 'dist', 'web', 'index.js'))) {
    throw new Error('www/node_modules/totp-wasm is missing or unbuilt: run `bash scripts/build.sh` at the root, then `npm ci` in www/');
  }
  const outDir = await mkdtemp(join(tmpdir(), 'totp-wasm-www-'));
  const { build } = await import('vite');
  await build({ root: WWW, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await startServer({ root: outDir, port: 0 });
  await rm(ARTIFACTS, { recursive: true, force: true }); // screenshots of this run only
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

export const launchChromium = () =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60_000 });

/**
 * Opens the page in a fresh context and records what a user could not see: console errors,
 * uncaught exceptions and every request the page makes.
 */
export async function openPage(browser, origin, viewport) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  return { context, page, problems, requests };
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are) to RGBA. */
export function decodePng(png) {
  let width;
  let height;
  let channels;
  const compressed = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      const [bitDepth, colorType, , , interlace] = data.subarray(8, 13);
      if (bitDepth !== 8 || ![2, 6].includes(colorType) || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      compressed.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const left = x >= channels ? pixels[row + x - channels] : 0;
      const up = y > 0 ? pixels[row - stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? pixels[row - stride + x - channels] : 0;
      pixels[row + x] = line[x] + [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    rgba.set(pixels.subarray(i * channels, i * channels + 3), i * 4);
    rgba[i * 4 + 3] = channels === 4 ? pixels[i * channels + 3] : 255;
  }
  return { width, height, rgba };
}

function paeth(left, up, upLeft) {
  const estimate = left + up - upLeft;
  const [dl, du, dul] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  if (dl <= du && dl <= dul) return left;
  return du <= dul ? up : upLeft;
}

/** The text of the QR code in a PNG screenshot, or null when there is none to read. */
export function readQrCode(png) {
  const { width, height, rgba } = decodePng(png);
  return jsQR(rgba, width, height)?.data ?? null;
}
