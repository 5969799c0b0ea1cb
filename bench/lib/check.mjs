// Before anything is timed, every contender must give the right answer for the exact inputs it
// will be timed on, so a broken or misconfigured call can never show up as "fast". Each check takes
// the contenders (contenders.mjs in Node, contenders-common.mjs in the Chromium page): this file runs in both.
import { parseUri as wasmParseUri } from 'totp-wasm';
import { SECRET, ACCOUNT, ISSUER, RFC6238_SHA1, NOW_SECONDS, NOW_CODE, PERIOD } from './fixtures.mjs';

function expectEqual(what, actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`check failed: ${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

export function checkCodes(c) {
  for (const [name, generate] of Object.entries(c.generateTotp)) {
    for (const [seconds, code8] of RFC6238_SHA1) {
      expectEqual(`${name} generateTotp at ${seconds} s (RFC 6238)`, generate(seconds), code8.slice(-6));
    }
    expectEqual(`${name} generateTotp at the timed instant`, generate(NOW_SECONDS), NOW_CODE);
  }
  const codeAtStep = (d) => c.generateTotp['totp-wasm'](NOW_SECONDS + d * PERIOD);
  const invalid = c.invalidTokenAt(NOW_SECONDS);
  for (const [name, verify] of Object.entries(c.verifyTotp)) {
    for (const d of [-2, -1, 0, 1, 2]) {
      expectEqual(
        `${name} verifyTotp(code of step ${d}), window 1`,
        verify(codeAtStep(d), NOW_SECONDS),
        Math.abs(d) <= 1,
      );
    }
    expectEqual(`${name} verifyTotp(${invalid}), window 1`, verify(invalid, NOW_SECONDS), false);
  }
}

function checkSecrets(c) {
  for (const [name, generate] of Object.entries(c.generateSecret)) {
    const a = generate();
    const b = generate();
    expectEqual(`${name} generateSecret is 32 base32 characters`, /^[A-Z2-7]{32}$/.test(a), true);
    expectEqual(`${name} generateSecret differs between calls`, a === b, false);
  }
}

export function checkUris(c) {
  const expected = [SECRET, ACCOUNT, ISSUER];
  for (const [name, build] of Object.entries(c.provisioningUri)) {
    const p = wasmParseUri(build());
    expectEqual(
      `${name} provisioningUri, read back by totp-wasm's parseUri`,
      [p.type, p.secret, p.account, p.issuer],
      ['totp', ...expected],
    );
  }
  for (const [name, [parse, view]] of Object.entries(c.parseUri)) {
    expectEqual(`${name} parseUri(${c.TYPICAL_URI})`, view(parse(c.TYPICAL_URI)), expected);
  }
}

/** Structure only; the browser phases decode every SVG with a QR reader (see browser.mjs). */
export function checkQrStructure(c) {
  const viewBoxes = {};
  for (const [name, render] of Object.entries(c.qrSvg)) {
    const svg = render(c.TYPICAL_URI);
    expectEqual(
      `${name} qrSvg returns an <svg> document`,
      typeof svg === 'string' && /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg),
      true,
    );
    viewBoxes[name] = /viewBox="([^"]+)"/.exec(svg)?.[1];
  }
  // Same text, ECC M and a 4-module margin: the same QR version, so the same viewBox.
  for (const [name, viewBox] of Object.entries(viewBoxes)) {
    expectEqual(`qrSvg viewBox of ${name} vs totp-wasm`, viewBox, viewBoxes['totp-wasm']);
  }
}

/**
 * A conforming floor must answer as the package does, value or error class, on the cases
 * API.md spells out for these two calls; else it is no floor of a conforming build.
 */
export function checkConformance(c) {
  const t = NOW_SECONDS * 1000;
  const code = c.generateTotp['totp-wasm'](NOW_SECONDS + PERIOD);
  const code8 = c.conformance['totp-wasm'].generateTotp(SECRET, { time: t, digits: 8 });
  const outcome = (call) => {
    try {
      return JSON.stringify(call());
    } catch (error) {
      return error.name;
    }
  };
  const generateCases = [
    [SECRET, { time: t }],
    [SECRET.toLowerCase().replace(/(.{4})/g, '$1 '), { time: new Date(t) }],
    [`${SECRET}====`, undefined],
    [SECRET, null],
    [SECRET, { time: t, algorithm: 'SHA512', digits: 7, period: 60 }],
    [SECRET, { time: t, digits: 9 }],
    [SECRET, { time: t, algorithm: 'MD5' }],
    [SECRET, { time: t, period: 0 }],
    [SECRET, { time: -1 }],
    [SECRET, { time: '1' }],
    [SECRET, { window: 1 }],
    [SECRET, [t]],
    [SECRET, Object.create({ time: t })],
    [1, { time: t }],
    ['', { time: t }],
    ['AB!', { time: t }],
    ['A'.repeat(1025), { time: t }],
  ];
  const verifyCases = [
    [SECRET, code, { time: t }],
    [SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, { time: t, window: 1 }],
    [SECRET, code, { time: t, window: 0 }],
    [SECRET, code8, { time: t, digits: 8, window: 0 }],
    [SECRET, '12345', { time: t }],
    [SECRET, 'abcdef', { time: t }],
    [SECRET, `${code}0`, { time: t }],
    [SECRET, 'x'.repeat(100), { time: t }],
    [SECRET, Number(code), { time: t }],
    [SECRET, code, { time: t, window: '1' }],
    [SECRET, code, { time: t, window: 11 }],
    [SECRET, code, { time: t, windows: 1 }],
    ['AB!', code, { time: t }],
  ];
  const ours = c.conformance['totp-wasm'];
  for (const [name, floor] of Object.entries(c.conformance)) {
    for (const args of generateCases) {
      const label = `${name} generateTotp(${args.map((a) => JSON.stringify(a)?.slice(0, 40)).join(', ')})`;
      expectEqual(label, outcome(() => floor.generateTotp(...args)), outcome(() => ours.generateTotp(...args)));
    }
    for (const args of verifyCases) {
      const label = `${name} verifyTotp(${args.map((a) => JSON.stringify(a)?.slice(0, 40)).join(', ')})`;
      expectEqual(label, outcome(() => floor.verifyTotp(...args)), outcome(() => ours.verifyTotp(...args)));
    }
  }
}

export function checkAllContenders(c) {
  checkCodes(c);
  checkConformance(c);
  checkSecrets(c);
  checkUris(c);
  checkQrStructure(c);
}
