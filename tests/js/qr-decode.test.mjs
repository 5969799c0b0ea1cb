// The QR codes scan: Chromium renders qrDataUrl as an <img> and qrSvg inline, each is
// screenshotted, and jsQR (root devDependency) decodes the screenshot's pixels back to the URI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jsQRModule from 'jsqr';
import { IMPORT_MAP, consumerProject, html, launchChromium, serveStatic, watchedPage } from './harness.mjs';

const jsQR = jsQRModule.default ?? jsQRModule;

const CASES = [
  {
    name: 'a typical TOTP URI, default options, an 80-bit secret re-issued (allowShortSecret)',
    uri: { secret: 'JBSWY3DPEHPK3PXP', account: 'alice@example.com', issuer: 'Example', allowShortSecret: true },
  },
  {
    name: 'a long URI: unicode issuer and account, 512-bit secret, SHA512',
    uri: {
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA',
      account: 'jürgen.müller+2fa@例え.テスト',
      issuer: 'Ünïcödé Bank – 東京支店 🔐',
      algorithm: 'SHA512',
      digits: 8,
      period: 60,
    },
    qr: { size: 400 },
  },
  {
    name: 'custom colours, ecc H, margin 2',
    uri: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', account: 'bob', issuer: 'Colours', type: 'hotp', counter: 42, allowShortSecret: true },
    qr: { dark: '#1a237e', light: '#fff59d', ecc: 'H', margin: 2, size: 300 },
  },
  {
    name: 'a keyword colour on a transparent background',
    uri: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', account: 'carol', issuer: 'Transparent' },
    qr: { dark: 'rebeccapurple', light: 'transparent', size: 240 },
  },
];

/** Draws a PNG into a canvas in the page and returns its RGBA pixels. */
async function pixels(page, png) {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    // Base64 crosses the page boundary far faster than an array of numbers.
    let binary = '';
    for (let at = 0; at < data.length; at += 0x8000) binary += String.fromCharCode(...data.subarray(at, at + 0x8000));
    return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
  }, png.toString('base64'));
}

async function decodeElement(page, selector) {
  const png = await page.locator(selector).screenshot();
  const { width, height, rgba } = await pixels(page, png);
  const found = jsQR(new Uint8ClampedArray(Buffer.from(rgba, 'base64')), width, height);
  assert.ok(found, `jsQR found no QR code in the ${width}x${height} screenshot of ${selector}`);
  return found.data;
}

describe('QR codes decode back to the URI (Chromium screenshot + jsQR)', () => {
  let project;
  let server;
  let browser;
  let page;
  let problems;
  before(async () => {
    project = await consumerProject();
    await project.write(
      'qr.html',
      html({
        head: `${IMPORT_MAP}<style>body { margin: 0; background: #fff } div { display: inline-block; line-height: 0 }</style>`,
        inline: "import * as totp from 'totp-wasm'; window.totp = totp;",
      }),
    );
    server = await serveStatic(project.dir);
    browser = await launchChromium();
    ({ page, problems } = await watchedPage(browser));
    await page.goto(`${server.url}/qr.html`);
    await page.waitForFunction(() => window.totp, null, { timeout: 60_000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await project?.remove();
  });

  for (const { name, uri, qr } of CASES) {
    it(name, async () => {
      const text = await page.evaluate(
        ({ uri: options, qr: qrOptions }) => {
          const uriText = window.totp.provisioningUri(options);
          document.body.innerHTML = `<img id="as-img" alt=""><div id="inline">${window.totp.qrSvg(uriText, qrOptions)}</div>`;
          document.getElementById('as-img').src = window.totp.qrDataUrl(uriText, qrOptions);
          return document
            .getElementById('as-img')
            .decode()
            .then(() => uriText);
        },
        { uri, qr },
      );
      assert.equal(await decodeElement(page, '#as-img'), text, 'the <img src=qrDataUrl> decodes to the URI');
      assert.equal(await decodeElement(page, '#inline > svg'), text, 'the inline qrSvg decodes to the URI');
    });
  }

  it('no console errors, page errors or failed requests', () => assert.deepEqual(problems, []));
});
