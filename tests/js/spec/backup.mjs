// Backup codes and the TOTPService drop-in class.
import { base64ToText, expectError } from './util.mjs';
import { SHA1_SECRET } from './vectors.mjs';

const LOOK_ALIKES = /[01ILO]/;
const FORMAT = /^[A-Z0-9]+(-[A-Z0-9]+)+$/;

export const backup = [
  [
    'generateBackupCodes: 10 distinct dash-grouped codes without look-alike characters',
    (totp, assert) => {
      const codes = totp.generateBackupCodes();
      assert.ok(Array.isArray(codes), 'an array');
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10, 'distinct');
      for (const code of codes) {
        assert.match(code, FORMAT);
        assert.doesNotMatch(code, LOOK_ALIKES, 'no 0/O or 1/I/L');
        assert.equal(code.length, codes[0].length, 'one length');
      }
    },
  ],

  [
    'generateBackupCodes: each code carries at least 50 bits',
    (totp, assert) => {
      const codes = Array.from({ length: 5 }, () => totp.generateBackupCodes(100)).flat();
      assert.equal(new Set(codes).size, codes.length, '500 codes are distinct');
      const symbols = codes[0].replaceAll('-', '').length;
      // The alphabet as used: 6000 draws leave no symbol of an alphabet of up to 64 unseen.
      const alphabet = new Set(codes.join('').replaceAll('-', ''));
      const bits = symbols * Math.log2(alphabet.size);
      assert.ok(bits >= 50, `${symbols} symbols from an alphabet of ${alphabet.size} give ${bits.toFixed(1)} bits`);
    },
  ],

  [
    'generateBackupCodes: count is 1..=100',
    (totp, assert) => {
      assert.equal(totp.generateBackupCodes(1).length, 1);
      const hundred = totp.generateBackupCodes(100);
      assert.equal(new Set(hundred).size, 100);
      for (const count of [0, 101, -1, 2.5, NaN])
        expectError(assert, () => totp.generateBackupCodes(count), 'RangeError', 'count');
      expectError(assert, () => totp.generateBackupCodes('5'), 'TypeError', 'count');
    },
  ],

  [
    'hashBackupCode: a salted PHC string that does not contain the code',
    (totp, assert) => {
      const [code] = totp.generateBackupCodes(1);
      const first = totp.hashBackupCode(code);
      const second = totp.hashBackupCode(code);
      assert.match(first, /^\$[a-z0-9-]+(\$[^$]+)+$/, 'PHC format');
      assert.notEqual(first, second, 'salted: two hashes of one code differ');
      for (const hash of [first, second]) {
        assert.ok(!hash.includes(code) && !hash.includes(code.replaceAll('-', '')), 'the code is not in the hash');
      }
      expectError(assert, () => totp.hashBackupCode(123456789012), 'TypeError', 'code');
    },
  ],

  [
    'verifyBackupCode: index of the matching hash, -1 otherwise; input normalized',
    (totp, assert) => {
      const codes = totp.generateBackupCodes(3);
      const hashes = codes.map((code) => totp.hashBackupCode(code));
      codes.forEach((code, index) => assert.equal(totp.verifyBackupCode(code, hashes), index, code));
      const plain = codes[2].replaceAll('-', '');
      for (const variant of [
        codes[2].toLowerCase(),
        plain,
        plain.toLowerCase(),
        ` ${codes[2].replaceAll('-', ' ')} `,
        plain.split('').join('-'),
      ]) {
        assert.equal(totp.verifyBackupCode(variant, hashes), 2, JSON.stringify(variant));
      }
      const [other] = totp.generateBackupCodes(1);
      assert.equal(totp.verifyBackupCode(other, hashes), -1, 'another code');
      assert.equal(totp.verifyBackupCode(codes[0], []), -1, 'no hashes');
      assert.equal(totp.verifyBackupCode(codes[0], hashes.slice(1)), -1, 'its hash was deleted');
      assert.equal(totp.verifyBackupCode('', hashes), -1, 'empty');
      assert.equal(totp.verifyBackupCode(`${codes[0]}X`, hashes), -1, 'one character more');
    },
  ],

  [
    'verifyBackupCode: the code must be a string and hashes an array of strings',
    (totp, assert) => {
      const hashes = [totp.hashBackupCode(totp.generateBackupCodes(1)[0])];
      expectError(assert, () => totp.verifyBackupCode(123456789012, hashes), 'TypeError', 'code');
      expectError(assert, () => totp.verifyBackupCode('AAAA-BBBB-CCCC', 'not an array'), 'TypeError', 'hashes');
      expectError(assert, () => totp.verifyBackupCode('AAAA-BBBB-CCCC', [42]), 'TypeError', 'hashes');
    },
  ],

  [
    'TOTPService: the recipe methods',
    async (totp, assert) => {
      const service = new totp.TOTPService();
      const secret = service.generateSecret();
      assert.match(secret, /^[A-Z2-7]{26,}$/, 'at least 128 bits of base32');
      assert.notEqual(service.generateSecret(), secret);

      const uri = service.getProvisioningUri(secret, 'alice@example.com', 'Example Co');
      const parsed = totp.parseUri(uri);
      assert.deepEqual(
        [parsed.type, parsed.secret, parsed.account, parsed.issuer, parsed.algorithm, parsed.digits, parsed.period],
        ['totp', secret, 'alice@example.com', 'Example Co', 'SHA1', 6, 30],
      );

      const pending = service.generateQRCode(uri);
      assert.ok(pending instanceof Promise, 'generateQRCode returns a Promise');
      const url = await pending;
      assert.ok(url.startsWith('data:image/svg+xml;base64,'), url.slice(0, 40));
      assert.match(base64ToText(url.slice(url.indexOf(',') + 1)), /^(<\?xml[^>]*>\s*)?<svg\b/);

      const codes = service.generateBackupCodes();
      assert.equal(codes.length, 10);
      assert.equal(service.generateBackupCodes(3).length, 3);
      for (const code of codes) assert.match(code, FORMAT);
    },
  ],

  [
    'TOTPService: verifyToken with the default and an explicit window',
    (totp, assert) => {
      const service = new totp.TOTPService();
      const now = Date.now();
      assert.equal(
        service.verifyToken(SHA1_SECRET, totp.generateTotp(SHA1_SECRET, { time: now })),
        true,
        'the current code',
      );
      // 60 s ago is 2 steps back, or 3 if a step boundary passes before verifyToken reads the clock;
      // the rejection is only asserted when no code a window could accept happens to be equal.
      const old = totp.generateTotp(SHA1_SECRET, { time: now - 60000 });
      const accepted = [-1, 0, 1, 2].map((steps) => totp.generateTotp(SHA1_SECRET, { time: now + steps * 30000 }));
      if (!accepted.includes(old)) {
        assert.equal(service.verifyToken(SHA1_SECRET, old), false, 'window 1 rejects 2-3 steps back');
      }
      assert.equal(service.verifyToken(SHA1_SECRET, old, 3), true, 'window 3 accepts it');
      assert.equal(service.verifyToken(SHA1_SECRET, 'abcdef'), false);
      expectError(assert, () => service.verifyToken(SHA1_SECRET, 123456), 'TypeError', 'token');
      expectError(assert, () => service.verifyToken(SHA1_SECRET, '123456', 11), 'RangeError', 'window');
    },
  ],
];
