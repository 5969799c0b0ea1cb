// Backup codes and the TOTPService drop-in class.
import { base64ToText, expectError } from './util.mjs';
import { LEGACY_BACKUP, SHA1_SECRET } from './vectors.mjs';

const LOOK_ALIKES = /[01ILO]/;
const SYMBOL = '[2-9A-HJKMNP-Z]';
// Second edition: 15 symbols of 31 (74 bits) in three groups of five.
const FORMAT = new RegExp(`^${SYMBOL}{5}-${SYMBOL}{5}-${SYMBOL}{5}$`);
const PHC = /^\$pbkdf2-sha256\$i=20000,l=32,s=([2-9A-HJKMNP-Z]{2})\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** A hash in the stored format with other parameters (nothing matches its derived bytes). */
const phc = (params) => `$pbkdf2-sha256$${params}$MDEyMzQ1Njc4OWFiY2RlZg$${'A'.repeat(43)}`;
/** The same code typed on a phone's CJK keyboard: full-width letters and digits. */
const fullWidth = (text) =>
  [...text].map((ch) => (/[A-Za-z0-9]/.test(ch) ? String.fromCodePoint(ch.codePointAt(0) + 0xfee0) : ch)).join('');

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
        assert.equal(code.length, 17, 'XXXXX-XXXXX-XXXXX');
      }
    },
  ],

  [
    'generateBackupCodes: the codes of one batch have distinct selectors (first two symbols), even 100 of them',
    (totp, assert) => {
      for (const count of [10, 100]) {
        const selectors = totp.generateBackupCodes(count).map((code) => code.slice(0, 2));
        assert.equal(new Set(selectors).size, count, `${count} codes`);
      }
    },
  ],

  [
    'generateBackupCodes: each code carries 74 bits: 15 symbols of an alphabet of 31',
    (totp, assert) => {
      const codes = Array.from({ length: 5 }, () => totp.generateBackupCodes(100)).flat();
      assert.equal(new Set(codes).size, codes.length, '500 codes are distinct');
      const symbols = codes[0].replaceAll('-', '').length;
      assert.equal(symbols, 15);
      // The alphabet as used: 7500 draws leave no symbol of an alphabet of up to 64 unseen.
      const alphabet = new Set(codes.join('').replaceAll('-', ''));
      assert.deepEqual([...alphabet].sort().join(''), ALPHABET, 'the 31 symbols without look-alikes');
      const bits = symbols * Math.log2(alphabet.size);
      assert.ok(bits >= 74, `${symbols} symbols from an alphabet of ${alphabet.size} give ${bits.toFixed(1)} bits`);
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
    'hashBackupCode: a salted PBKDF2 PHC string naming the selector, not containing the code',
    (totp, assert) => {
      const [code] = totp.generateBackupCodes(1);
      const first = totp.hashBackupCode(code);
      const second = totp.hashBackupCode(code);
      assert.match(first, PHC, 'PHC format: i=20000, l=32, s=<two symbols>, salt, hash');
      assert.equal(PHC.exec(first)[1], code.slice(0, 2), 'the selector is the first two symbols');
      assert.notEqual(first, second, 'salted: two hashes of one code differ');
      const plain = code.replaceAll('-', '');
      for (const hash of [first, second]) {
        assert.ok(!hash.includes(code) && !hash.includes(plain), 'the code is not in the hash');
        assert.ok(!hash.includes(plain.slice(0, 5)) && !hash.includes(plain.slice(2)), 'nor its groups past the selector');
      }
      const typed = totp.hashBackupCode(` ${code.toLowerCase().replaceAll('-', '\u2013')} `);
      assert.equal(PHC.exec(typed)[1], code.slice(0, 2), 'hashed after normalization');
      assert.equal(totp.verifyBackupCode(code, [typed]), 0);
      expectError(assert, () => totp.hashBackupCode(123456789012), 'TypeError', 'code');
    },
  ],

  [
    'hashBackupCode: anything but a 15-symbol (or 0.1 12-symbol) code throws TypeError naming code',
    (totp, assert) => {
      const [code] = totp.generateBackupCodes(1);
      const plain = code.replaceAll('-', '');
      for (const bad of [
        '',
        'ABCD',
        plain.slice(0, 14),
        `${plain}2`,
        plain.slice(0, 11),
        plain.slice(0, 13),
        `${plain.slice(0, 14)}O`,
        `${plain.slice(0, 14)}1`,
        `${plain.slice(0, 14)}I`,
        `${plain.slice(0, 14)}L`,
        `${plain.slice(0, 14)}0`,
        `${plain.slice(0, 5)}.${plain.slice(5)}`,
        `${plain.slice(0, 5)}_${plain.slice(5)}`,
        `${plain.slice(0, 14)}é`,
      ]) {
        const error = expectError(assert, () => totp.hashBackupCode(bad), 'TypeError', 'code');
        assert.match(error.message, /backup code/, JSON.stringify(bad));
      }
      const legacy = totp.hashBackupCode(LEGACY_BACKUP[0].code);
      assert.match(legacy, PHC, 'a 12-symbol code from 0.1 hashes in the new format');
      assert.equal(totp.verifyBackupCode(LEGACY_BACKUP[0].code.toLowerCase(), [legacy]), 0);
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
      assert.equal(totp.verifyBackupCode(codes[0].slice(0, -1), hashes), -1, 'one character less');
      const sameSelector = `${plain.slice(0, 2)}${plain.slice(2).split('').reverse().join('')}`;
      if (sameSelector !== plain) assert.equal(totp.verifyBackupCode(sameSelector, hashes), -1, 'the same selector');
    },
  ],

  [
    'verifyBackupCode: pasted and phone-typed separators and full-width characters normalize',
    (totp, assert) => {
      const [code] = totp.generateBackupCodes(1);
      const hashes = [totp.hashBackupCode(totp.generateBackupCodes(1)[0]), totp.hashBackupCode(code)];
      const groups = code.split('-');
      const separators = {
        'en dash': '\u2013',
        'em dash': '\u2014',
        'minus sign': '\u2212',
        'non-breaking hyphen': '\u2011',
        NBSP: '\u00a0',
        tab: '\t',
        newline: '\n',
        'narrow NBSP': '\u202f',
        'ideographic space': '\u3000',
        'zero-width space': '\u200b',
        'full-width hyphen': '\uff0d',
      };
      for (const [name, separator] of Object.entries(separators)) {
        assert.equal(totp.verifyBackupCode(groups.join(separator), hashes), 1, name);
        assert.equal(totp.verifyBackupCode(`${separator}${groups.join(`${separator} `)}${separator}`, hashes), 1, `${name} around`);
      }
      assert.equal(totp.verifyBackupCode(fullWidth(code), hashes), 1, 'full-width letters and digits');
      assert.equal(totp.verifyBackupCode(fullWidth(code.toLowerCase()), hashes), 1, 'full-width lower case');
      assert.equal(totp.verifyBackupCode(fullWidth(code).replaceAll('-', '\u3000'), hashes), 1, 'full-width with ideographic spaces');
      for (const [name, separator] of [['full stop', '.'], ['underscore', '_'], ['slash', '/'], ['letter O', 'O']])
        assert.equal(totp.verifyBackupCode(groups.join(separator), hashes), -1, `${name} is not a separator`);
    },
  ],

  [
    'verifyBackupCode: 12-symbol codes and hashes from 0.1 (no selector) still verify',
    (totp, assert) => {
      const fresh = totp.generateBackupCodes(2);
      const hashes = [totp.hashBackupCode(fresh[0]), LEGACY_BACKUP[0].hash, totp.hashBackupCode(fresh[1]), LEGACY_BACKUP[1].hash];
      for (const [index, { code }] of [[1, LEGACY_BACKUP[0]], [3, LEGACY_BACKUP[1]]]) {
        const plain = code.replaceAll('-', '');
        for (const typed of [code, plain, plain.toLowerCase(), `${plain.slice(0, 6)} ${plain.slice(6)}`, fullWidth(code)])
          assert.equal(totp.verifyBackupCode(typed, hashes), index, JSON.stringify(typed));
      }
      assert.equal(totp.verifyBackupCode(fresh[1], hashes), 2, 'new codes beside old hashes');
      assert.equal(totp.verifyBackupCode('K7QM-2XPD-9HFS', hashes), -1, 'one symbol changed');
      assert.equal(totp.verifyBackupCode('K7QM-2XPD-9HFR-2', hashes), -1, '13 symbols');
      assert.equal(totp.verifyBackupCode('K7QM-2XPD-9HFR', hashes.slice(2)), -1, 'its hash was deleted');
    },
  ],

  [
    'verifyBackupCode: hashes claiming iterations outside 10000..=40000 throw RangeError naming the hash',
    (totp, assert) => {
      const [code] = totp.generateBackupCodes(1);
      const good = totp.hashBackupCode(code);
      for (const iterations of [1, 1000, 9999, 40001, 100000, 1000000]) {
        for (const params of [`i=${iterations},l=32`, `i=${iterations},l=32,s=${code.slice(0, 2)}`]) {
          const error = expectError(assert, () => totp.verifyBackupCode(code, [good, phc(params)]), 'RangeError', 'hashes[1]');
          assert.match(error.message, /10000 to 40000/, params);
        }
      }
      for (const iterations of [10000, 40000]) {
        assert.equal(totp.verifyBackupCode(code, [phc(`i=${iterations},l=32,s=ZZ`), good]), 1, `i=${iterations} is read`);
      }
    },
  ],

  [
    'verifyBackupCode: malformed hashes and tables that would need over 100 derivations throw naming hashes',
    (totp, assert) => {
      const [code] = totp.generateBackupCodes(1);
      const good = totp.hashBackupCode(code);
      for (const bad of [
        '',
        'not a hash',
        good.replace('$pbkdf2-sha256$', '$pbkdf2-sha512$'),
        good.replace(',l=32', ',l=64'),
        good.replace(/,s=../, ',s=Z1'),
        good.replace(/,s=../, ',s=zz'),
        good.replace(/,s=../, ',s=ZZZ'),
        good.replace(/,s=../, ',s='),
        `${good}$extra`,
        good.slice(0, -2),
        phc('i=,l=32'),
        phc('i=2e4,l=32'),
      ]) {
        expectError(assert, () => totp.verifyBackupCode(code, [good, bad]), 'TypeError', 'hashes[1]');
      }
      const legacyTable = Array(101).fill(LEGACY_BACKUP[0].hash);
      expectError(assert, () => totp.verifyBackupCode(LEGACY_BACKUP[0].code, legacyTable), 'TypeError', 'hashes');
      expectError(assert, () => totp.verifyBackupCode(code, Array(101).fill(good)), 'TypeError', 'hashes');
      const otherSelectors = Array(101).fill(good.replace(/,s=../, code.startsWith('ZZ') ? ',s=YY' : ',s=ZZ'));
      assert.equal(totp.verifyBackupCode(code, [...otherSelectors, good]), 101, 'other selectors cost nothing');
      expectError(assert, () => totp.verifyBackupCode(code, Array(1001).fill(good)), 'RangeError', 'hashes');
    },
  ],

  [
    'verifyBackupCode: the code must be a string and hashes an array of strings',
    (totp, assert) => {
      const hashes = [totp.hashBackupCode(totp.generateBackupCodes(1)[0])];
      expectError(assert, () => totp.verifyBackupCode(123456789012, hashes), 'TypeError', 'code');
      expectError(assert, () => totp.verifyBackupCode('AAAA-BBBB-CCCC', 'not an array'), 'TypeError', 'hashes');
      expectError(assert, () => totp.verifyBackupCode('AAAA-BBBB-CCCC', [42]), 'TypeError', 'hashes');
      expectError(assert, () => totp.verifyBackupCode('AAAA-BBBB-CCCC', [hashes[0], null]), 'TypeError', 'hashes[1]');
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
