// Cross-checks the installed package against independent implementations on seeded random
// cases: the otpauth npm package (root devDependency) and, when installed, Debian's oathtool.
// Every mismatch message says which side returned or threw what, so a break is attributable.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { consumerProject } from './harness.mjs';

const SEED = 0x2fa_2fa;
const CASES = 300;
const URI_CASES = 200;
const MAX = Number.MAX_SAFE_INTEGER;
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];
// Label text: URI delimiters, percent and plus signs, and non-ASCII; never ':' (it cannot be
// carried in a label) and never a space at either end (apps trim them).
const LABEL_PIECES = [
  ...'abcXYZ0129 ._-~!$&\'()*+,;=@/?#%[]"<>\\^`{|}',
  'ü',
  'é',
  'ß',
  '日本',
  'Ωμέγα',
  '🔐',
  '😀',
  '–',
  '\u00a0',
];

/** mulberry32: a tiny seeded PRNG, so a failing case can be reproduced from its index. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  // Uniform below 2^53 needs more than 32 random bits.
  const below2to53 = () => int(0, 2 ** 21 - 1) * 2 ** 32 + int(0, 2 ** 32 - 1);
  return { next, int, pick, below2to53 };
}

/** A random base32 secret of 10 to 64 bytes: 80 bits, the least every function takes, and up. */
function randomSecret(rng) {
  const bytes = Uint8Array.from({ length: rng.int(10, 64) }, () => rng.int(0, 255));
  return new OTPAuth.Secret({ buffer: bytes.buffer }).base32;
}

/** The key bits of a base32 secret. */
const secretBits = (base32) => Math.floor((base32.replace(/=+$/, '').length * 5) / 8) * 8;

// The largest time a Date can hold (year 275760); totp-wasm accepts numbers up to
// Number.MAX_SAFE_INTEGER, but random times stay within what both sides represent as a Date.
const MAX_DATE = 8.64e15;

/** Times in ms: ordinary, around step boundaries, and large up to the end of Date's range. */
function randomTime(rng, period) {
  switch (rng.int(0, 3)) {
    case 0:
      return rng.int(0, 4102444800) * 1000 + rng.int(0, 999); // until 2100
    case 1:
      return rng.int(1, 2 ** 31) * period * 1000 - rng.int(0, 1);
    case 2:
      return rng.below2to53() % (MAX_DATE + 1);
    default:
      return rng.pick([0, MAX_DATE, MAX_DATE - 1, 253402300799999, 2 ** 32 * 1000]);
  }
}

function randomCounter(rng) {
  switch (rng.int(0, 3)) {
    case 0:
      return rng.int(0, 1000);
    case 1:
      return rng.pick([2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, MAX - 1, MAX]);
    default:
      return rng.below2to53();
  }
}

function randomLabelText(rng) {
  let text = '';
  while (text.trim() === '') text = Array.from({ length: rng.int(1, 16) }, () => rng.pick(LABEL_PIECES)).join('');
  return text.trim();
}

/** One side's answer; a thrown error is reported as that side's answer. */
function attempt(side) {
  try {
    return side();
  } catch (error) {
    return `threw ${error?.name}: ${error?.message}`;
  }
}

const both = (ours, theirs) => [attempt(ours), attempt(theirs)];

function assertNoMismatch(mismatches, total, what) {
  const shown = mismatches
    .slice(0, 5)
    .map((mismatch) => JSON.stringify(mismatch))
    .join('\n');
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${total} ${what} differ (seed ${SEED}):\n${shown}`);
}

let project;
let totp;
before(async () => {
  project = await consumerProject();
  await project.write('entry.mjs', "export * from 'totp-wasm';\n");
  totp = await import(pathToFileURL(project.file('entry.mjs')).href);
});
after(() => project?.remove());

describe('interop: otpauth 9 as an independent implementation', () => {
  it(`generateTotp and checkTotp agree with TOTP.generate on ${CASES} random cases`, () => {
    const rng = random(SEED);
    const mismatches = [];
    for (let index = 0; index < CASES; index++) {
      const secret = randomSecret(rng);
      const options = {
        algorithm: rng.pick(ALGORITHMS),
        digits: rng.int(6, 8),
        period: rng.pick([1, 15, 30, 30, 60, 90, 3600, rng.int(1, 3600)]),
      };
      options.time = randomTime(rng, options.period);
      const [ours, theirs] = both(
        () => totp.generateTotp(secret, options),
        () => OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), ...options, timestamp: options.time }),
      );
      if (ours !== theirs) mismatches.push({ index, secret, options, totpWasm: ours, otpauth: theirs });
      else if (totp.checkTotp(secret, theirs, { ...options, window: 0 }) !== 0)
        mismatches.push({ index, secret, options, checkTotp: 'rejected the otpauth code' });
    }
    assertNoMismatch(mismatches, CASES, 'TOTP codes');
  });

  it(`generateHotp and checkHotp agree with HOTP.generate on ${CASES} random cases, counters up to 2^53 - 1`, () => {
    const rng = random(SEED + 1);
    const mismatches = [];
    for (let index = 0; index < CASES; index++) {
      const secret = randomSecret(rng);
      const counter = randomCounter(rng);
      const options = { algorithm: rng.pick(ALGORITHMS), digits: rng.int(6, 8) };
      const [ours, theirs] = both(
        () => totp.generateHotp(secret, counter, options),
        () => OTPAuth.HOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), counter, ...options }),
      );
      if (ours !== theirs) mismatches.push({ index, secret, counter, options, totpWasm: ours, otpauth: theirs });
      else if (totp.checkHotp(secret, theirs, Math.max(0, counter - 3), { ...options, lookAhead: 3 }) !== counter) {
        mismatches.push({ index, secret, counter, options, checkHotp: 'did not find the otpauth code' });
      }
    }
    assertNoMismatch(mismatches, CASES, 'HOTP codes');
  });

  it(`provisioningUri output parsed by otpauth's URI.parse keeps every parameter (${URI_CASES} cases)`, () => {
    const rng = random(SEED + 2);
    const mismatches = [];
    for (let index = 0; index < URI_CASES; index++) {
      const type = rng.pick(['totp', 'hotp']);
      const options = {
        secret: randomSecret(rng),
        account: randomLabelText(rng),
        type,
        algorithm: rng.pick(ALGORITHMS),
        digits: rng.int(6, 8),
      };
      if (rng.next() < 0.8) options.issuer = randomLabelText(rng);
      if (type === 'totp') options.period = rng.int(1, 3600);
      else options.counter = randomCounter(rng);
      const expected = {
        type,
        issuer: options.issuer ?? '',
        label: options.account,
        secret: options.secret,
        algorithm: options.algorithm,
        digits: options.digits,
        [type === 'totp' ? 'period' : 'counter']: options.period ?? options.counter,
      };
      if (secretBits(options.secret) < 128) {
        // Under 128 bits only with allowShortSecret (re-issuing a secret an app already has).
        const refused = attempt(() => totp.provisioningUri(options));
        if (!refused.startsWith('threw RangeError: secret: must be at least 128 bits')) {
          mismatches.push({ index, options, withoutAllowShortSecret: refused });
          continue;
        }
        options.allowShortSecret = true;
      }
      const uri = attempt(() => totp.provisioningUri(options));
      if (!uri.startsWith('otpauth://')) {
        mismatches.push({ index, options, totpWasm: uri });
        continue;
      }
      const theirs = attempt(() => {
        const otp = OTPAuth.URI.parse(uri);
        const last = type === 'totp' ? 'period' : 'counter';
        return {
          type: otp instanceof OTPAuth.HOTP ? 'hotp' : 'totp',
          issuer: otp.issuer,
          label: otp.label,
          secret: otp.secret.base32,
          algorithm: otp.algorithm,
          digits: otp.digits,
          [last]: otp[last],
        };
      });
      if (JSON.stringify(theirs) !== JSON.stringify(expected))
        mismatches.push({ index, uri, expected, otpauth: theirs });
    }
    assertNoMismatch(mismatches, URI_CASES, 'URIs');
  });

  it(`otpauth's toString() parsed by parseUri keeps every parameter (${URI_CASES} cases)`, () => {
    const rng = random(SEED + 3);
    const mismatches = [];
    for (let index = 0; index < URI_CASES; index++) {
      const type = rng.pick(['totp', 'hotp']);
      const secret = randomSecret(rng);
      const config = {
        issuer: rng.next() < 0.8 ? randomLabelText(rng) : '',
        label: randomLabelText(rng),
        issuerInLabel: rng.next() < 0.7,
        secret: OTPAuth.Secret.fromBase32(secret),
        algorithm: rng.pick(ALGORITHMS),
        digits: rng.int(6, 8),
      };
      if (type === 'totp') config.period = rng.int(1, 3600);
      else config.counter = randomCounter(rng);
      const uri = (type === 'totp' ? new OTPAuth.TOTP(config) : new OTPAuth.HOTP(config)).toString();
      const expected = {
        type,
        secret,
        account: config.label,
        issuer: config.issuer || null,
        algorithm: config.algorithm,
        digits: config.digits,
        period: config.period ?? 30,
        counter: config.counter ?? null,
      };
      const ours = attempt(() => {
        const { type: t, secret: s, account, issuer, algorithm, digits, period, counter } = totp.parseUri(uri);
        return { type: t, secret: s, account, issuer, algorithm, digits, period, counter };
      });
      if (JSON.stringify(ours) !== JSON.stringify(expected)) mismatches.push({ index, uri, expected, totpWasm: ours });
    }
    assertNoMismatch(mismatches, URI_CASES, 'URIs');
  });
});

const oathtool = (() => {
  try {
    execFileSync('oathtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const skipOathtool = !oathtool && 'oathtool is not installed (apt-get install -y oathtool)';

describe('interop: Debian oathtool', () => {
  const oath = (args) => execFileSync('oathtool', args, { encoding: 'utf8', timeout: 10_000 }).trim();

  it('TOTP codes agree on 40 random cases, all algorithms', { skip: skipOathtool }, () => {
    const rng = random(SEED + 4);
    const mismatches = [];
    for (let index = 0; index < 40; index++) {
      const secret = randomSecret(rng);
      const options = {
        algorithm: ALGORITHMS[index % 3],
        digits: rng.int(6, 8),
        period: rng.pick([30, 60, rng.int(1, 3600)]),
      };
      const seconds = rng.pick([rng.int(0, 4102444800), rng.int(0, 253402300799)]);
      options.time = seconds * 1000 + rng.int(0, 999);
      const args = [
        `--totp=${options.algorithm.toLowerCase()}`,
        '-b',
        '-d',
        String(options.digits),
        '-s',
        `${options.period}s`,
        '-N',
        `@${seconds}`,
        secret,
      ];
      const [ours, theirs] = both(
        () => totp.generateTotp(secret, options),
        () => oath(args),
      );
      if (ours !== theirs) mismatches.push({ index, secret, options, totpWasm: ours, oathtool: theirs });
    }
    assertNoMismatch(mismatches, 40, 'TOTP codes');
  });

  it('HOTP-SHA1 codes agree on 40 random cases, counters up to 2^53 - 1', { skip: skipOathtool }, () => {
    const rng = random(SEED + 5);
    const mismatches = [];
    for (let index = 0; index < 40; index++) {
      const secret = randomSecret(rng);
      const counter = randomCounter(rng);
      const digits = rng.int(6, 8);
      const [ours, theirs] = both(
        () => totp.generateHotp(secret, counter, { digits }),
        () => oath(['--hotp', '-b', '-d', String(digits), '-c', String(counter), secret]),
      );
      if (ours !== theirs) mismatches.push({ index, secret, counter, digits, totpWasm: ours, oathtool: theirs });
    }
    assertNoMismatch(mismatches, 40, 'HOTP codes');
  });
});
