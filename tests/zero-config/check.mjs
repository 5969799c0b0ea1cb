// Checks a probe() report (probe.js) from any host: the RFC 6238 vectors, a QR code that decodes
// back to its URI, and a bad argument that throws an Error naming the argument.
import assert from 'node:assert/strict';
import jsQRModule from 'jsqr';

const jsQR = jsQRModule.default ?? jsQRModule;
const PIXELS_PER_MODULE = 4;

/** The dark modules of qrSvg's one path: rows of runs, `M x y.5h n` then `m dx 0h n`. */
export function svgModules(svg) {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  assert.ok(viewBox, 'the SVG has a square viewBox');
  const size = Number(viewBox[1]);
  const d = /<path[^>]* d="([^"]*)"/.exec(svg)?.[1];
  assert.ok(d, 'the SVG has one <path d="...">');
  const dark = Array.from({ length: size }, () => new Uint8Array(size));
  let x = 0;
  let y = 0;
  for (const [, command, args] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const numbers = args.trim().split(/[\s,]+/).filter(Boolean).map(Number);
    if (command === 'M') [x, y] = [numbers[0], Math.floor(numbers[1])];
    else if (command === 'm') [x, y] = [x + numbers[0], y + Math.floor(numbers[1] ?? 0)];
    else {
      const end = command === 'h' ? x + numbers[0] : numbers[0];
      for (let column = x; column < end; column++) dark[y][column] = 1;
      x = end;
    }
  }
  return dark;
}

/** Decodes the QR code of an SVG from qrSvg, in Node, with jsQR. */
export function decodeSvg(svg) {
  const modules = svgModules(svg);
  const width = modules.length * PIXELS_PER_MODULE;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      if (modules[Math.floor(py / PIXELS_PER_MODULE)][Math.floor(px / PIXELS_PER_MODULE)]) {
        const at = (py * width + px) * 4;
        rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
      }
    }
  }
  return jsQR(rgba, width, width)?.data ?? null;
}

/** Asserts everything a probe report must show; `where` names the host in failure messages. */
export function checkProbe(report, where) {
  assert.ok(report && typeof report === 'object', `${where}: no report`);
  assert.equal(report.unexpected, undefined, `${where}: the probe threw: ${report.unexpected}`);
  assert.deepEqual(report.rfc6238, ['94287082', '07081804', '89005924', '69279037'], `${where}: RFC 6238 vectors`);
  assert.equal(report.verified, true, `${where}: verifyTotp accepts the RFC code`);
  assert.equal(report.secretLength, 32, `${where}: generateSecret gives 160 bits in base32`);
  assert.equal(report.parsedAccount, 'alice@example.com', `${where}: parseUri reads the account back`);
  assert.equal(decodeSvg(report.svg), report.uri, `${where}: the QR code decodes to the URI`);
  assert.deepEqual(
    { thrown: report.error?.thrown, isError: report.error?.isError, name: report.error?.name },
    { thrown: true, isError: true, name: 'TypeError' },
    `${where}: a bad secret throws a TypeError`,
  );
  assert.match(report.error.message, /^secret: /, `${where}: the error names the argument`);
}
