// otpauth:// URIs: provisioningUri and parseUri (Google Authenticator Key URI Format).
import { expectError, rawLabel, rawParams, tooShortMessage } from './util.mjs';
import { SECRET_120, SECRET_128, SHA1_SECRET, SHORT_SECRET, TOO_SHORT_SECRETS } from './vectors.mjs';

const MAX = Number.MAX_SAFE_INTEGER;
const DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 };
// RFC 3986 pchar minus '&' and '+' (query and form delimiters), which must arrive encoded.
const SAFE_LABEL = /^[A-Za-z0-9\-._~%!$'()*,;=:@]+$/;
const SAFE_VALUE = /^[A-Za-z0-9\-._~%!$'()*,;:@/?]*$/;

/** The fields of parseUri's result that API.md specifies (extra fields are allowed). */
const specified = ({ type, secret, account, issuer, algorithm, digits, period, counter }) => ({
  type,
  secret,
  account,
  issuer,
  algorithm,
  digits,
  period,
  counter,
});

function assertWellFormed(assert, uri) {
  assert.match(uri, /^otpauth:\/\/(totp|hotp)\/[^?]+\?[^?#]+$/, 'shape');
  assert.doesNotMatch(uri, /[\s+#]/, 'no raw space, "+" or "#" anywhere');
  assert.match(rawLabel(uri), SAFE_LABEL, 'label characters');
  assert.ok(rawLabel(uri).split(':').length <= 2, `at most one literal ":" in the label: ${rawLabel(uri)}`);
  for (const [key, value] of rawParams(uri)) {
    assert.match(key, /^[a-z]+$/, 'parameter name');
    assert.match(value, SAFE_VALUE, `parameter ${key}`);
  }
}

export const uris = [
  [
    'provisioningUri: label issuer:account with a literal ":" and the issuer parameter',
    (totp, assert) => {
      const uri = totp.provisioningUri({ secret: SHA1_SECRET, account: 'alice@example.com', issuer: 'Example Co' });
      assertWellFormed(assert, uri);
      assert.ok(uri.startsWith('otpauth://totp/Example%20Co:alice'), uri);
      const params = Object.fromEntries(rawParams(uri));
      assert.equal(params.secret, SHA1_SECRET);
      assert.equal(params.issuer, 'Example%20Co', 'issuer repeated, space as %20');
      for (const [key, value] of Object.entries(DEFAULTS)) {
        if (key in params) assert.equal(params[key], String(value), `${key} when present is the default`);
      }
      assert.equal(params.counter, undefined, 'no counter for totp');
      const alone = totp.provisioningUri({ secret: SHA1_SECRET, account: 'bob' });
      assert.ok(alone.startsWith('otpauth://totp/bob?'), alone);
      assert.equal(Object.fromEntries(rawParams(alone)).issuer, undefined, 'no issuer parameter without an issuer');
    },
  ],

  [
    'provisioningUri: spaces and &?#%+@/ are percent-encoded and round-trip',
    (totp, assert) => {
      const account = 'a b&c?d#e%f+g@h/i=j';
      const issuer = 'Q&A #1 + co/op 100%';
      const image = 'https://example.com/logo.png?size=64&v=1#x';
      const uri = totp.provisioningUri({ secret: SHA1_SECRET, account, issuer, image });
      assertWellFormed(assert, uri);
      assert.ok(rawLabel(uri).includes('%20') && rawLabel(uri).includes('%2B'), `space as %20 and "+" as %2B: ${uri}`);
      const params = Object.fromEntries(rawParams(uri));
      assert.equal(decodeURIComponent(params.issuer), issuer);
      assert.equal(decodeURIComponent(params.image), image);
      const parsed = totp.parseUri(uri);
      assert.deepEqual(specified(parsed), {
        type: 'totp',
        secret: SHA1_SECRET,
        account,
        issuer,
        ...DEFAULTS,
        counter: null,
      });
      if ('image' in parsed) assert.equal(parsed.image, image);
    },
  ],

  [
    'provisioningUri: unicode issuer and account round-trip as UTF-8',
    (totp, assert) => {
      const cases = [
        ['Bücherei 東京', 'jürgen@例え.jp'],
        ['🔐 Vault', 'emoji 😀 user'],
        ['Ελληνικά', 'ünïcødé'],
      ];
      for (const [issuer, account] of cases) {
        const uri = totp.provisioningUri({ secret: SHA1_SECRET, account, issuer });
        assertWellFormed(assert, uri);
        assert.match(uri, /^[\x21-\x7e]+$/, 'ASCII only');
        const parsed = totp.parseUri(uri);
        assert.equal(parsed.issuer, issuer);
        assert.equal(parsed.account, account);
      }
      assert.ok(totp.provisioningUri({ secret: SHA1_SECRET, account: 'ü' }).includes('/%C3%BC?'));
    },
  ],

  [
    'provisioningUri: ":" in issuer or account throws naming it',
    (totp, assert) => {
      expectError(assert, () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a:b' }), null, 'account');
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', issuer: 'I:C' }),
        null,
        'issuer',
      );
    },
  ],

  [
    'provisioningUri: hotp requires counter, totp rejects it',
    (totp, assert) => {
      for (const counter of [0, 1, 2 ** 32, MAX]) {
        const uri = totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', type: 'hotp', counter });
        assertWellFormed(assert, uri);
        assert.ok(uri.startsWith('otpauth://hotp/'), uri);
        assert.equal(Object.fromEntries(rawParams(uri)).counter, String(counter));
        assert.equal(totp.parseUri(uri).counter, counter);
        assert.equal(totp.parseUri(uri).type, 'hotp');
      }
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', type: 'hotp' }),
        'TypeError',
        'counter',
      );
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', counter: 1 }),
        'TypeError',
        'counter',
      );
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', type: 'totp', counter: 0 }),
        'TypeError',
        'counter',
      );
      for (const counter of [-1, MAX + 1, 0.5]) {
        expectError(
          assert,
          () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', type: 'hotp', counter }),
          'RangeError',
          'counter',
        );
      }
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', type: 'motp' }),
        'TypeError',
        'type',
      );
    },
  ],

  [
    'provisioningUri: the secret is normalized; a bad or missing secret or account throws',
    (totp, assert) => {
      const uri = totp.provisioningUri({ secret: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq====', account: 'a' });
      assert.equal(Object.fromEntries(rawParams(uri)).secret, SHA1_SECRET);
      const short = totp.provisioningUri({ secret: 'jbsw y3dp ehpk 3pxp======', account: 'a', allowShortSecret: true });
      assert.equal(Object.fromEntries(rawParams(short)).secret, SHORT_SECRET);
      expectError(
        assert,
        () => totp.provisioningUri({ secret: 'JBSWY3DPEHPK3PX1', account: 'a' }),
        'TypeError',
        'secret',
      );
      expectError(assert, () => totp.provisioningUri({ account: 'a' }), 'TypeError', 'secret');
      expectError(assert, () => totp.provisioningUri({ secret: SHA1_SECRET }), 'TypeError', 'account');
      expectError(assert, () => totp.provisioningUri({ secret: SHA1_SECRET, account: 42 }), 'TypeError', 'account');
      expectError(assert, () => totp.provisioningUri(), 'TypeError', 'options');
    },
  ],

  [
    'provisioningUri/parseUri: every algorithm, digits and period round-trip',
    (totp, assert) => {
      for (const algorithm of ['SHA1', 'SHA256', 'SHA512']) {
        for (const digits of [6, 7, 8]) {
          for (const period of [1, 30, 60, 3600]) {
            const options = { secret: SHA1_SECRET, account: 'user', issuer: 'Issuer', algorithm, digits, period };
            const parsed = totp.parseUri(totp.provisioningUri(options));
            assert.deepEqual(specified(parsed), {
              type: 'totp',
              secret: SHA1_SECRET,
              account: 'user',
              issuer: 'Issuer',
              algorithm,
              digits,
              period,
              counter: null,
            });
          }
          const hotp = totp.parseUri(
            totp.provisioningUri({ secret: SHA1_SECRET, account: 'u', type: 'hotp', counter: 9, algorithm, digits }),
          );
          assert.deepEqual([hotp.type, hotp.algorithm, hotp.digits, hotp.counter], ['hotp', algorithm, digits, 9]);
        }
      }
      for (const [key, value] of [
        ['digits', 9],
        ['period', 0],
        ['period', 3601],
      ]) {
        expectError(
          assert,
          () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'u', [key]: value }),
          'RangeError',
          key,
        );
      }
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'u', algorithm: 'MD5' }),
        'TypeError',
        'algorithm',
      );
    },
  ],

  [
    'parseUri: a minimal URI gets the defaults',
    (totp, assert) => {
      const parsed = totp.parseUri('otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP');
      assert.deepEqual(specified(parsed), {
        type: 'totp',
        secret: SHORT_SECRET,
        account: 'alice',
        issuer: null,
        ...DEFAULTS,
        counter: null,
      });
      assert.equal(
        totp.parseUri('otpauth://totp/alice?secret=jbswy3dpehpk3pxp%3D%3D%3D%3D%3D%3D').secret,
        SHORT_SECRET,
        'normalized',
      );
      assert.equal(
        totp.parseUri('otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&foo=bar').account,
        'alice',
        'unknown parameters ignored',
      );
    },
  ],

  [
    'parseUri: issuer from the parameter, else the label prefix, else null',
    (totp, assert) => {
      const parse = (uri) => totp.parseUri(uri);
      assert.deepEqual(
        [
          parse('otpauth://totp/Label:al?secret=JBSWY3DPEHPK3PXP&issuer=Param').issuer,
          parse('otpauth://totp/Label:al?secret=JBSWY3DPEHPK3PXP&issuer=Param').account,
        ],
        ['Param', 'al'],
      );
      assert.equal(parse('otpauth://totp/Label:al?secret=JBSWY3DPEHPK3PXP').issuer, 'Label');
      assert.equal(parse('otpauth://totp/al?secret=JBSWY3DPEHPK3PXP&issuer=Param').issuer, 'Param');
      assert.equal(parse('otpauth://totp/al?secret=JBSWY3DPEHPK3PXP').issuer, null);
      assert.equal(parse('otpauth://totp/Big%20Co:al?secret=JBSWY3DPEHPK3PXP&issuer=Big%20Co').issuer, 'Big Co');
    },
  ],

  [
    'parseUri: %3A in either case separates issuer and account',
    (totp, assert) => {
      for (const separator of ['%3A', '%3a', ':']) {
        const parsed = totp.parseUri(`otpauth://totp/Example${separator}alice%40example.com?secret=JBSWY3DPEHPK3PXP`);
        assert.deepEqual([parsed.issuer, parsed.account], ['Example', 'alice@example.com'], separator);
      }
    },
  ],

  [
    'parseUri: hotp counter rules',
    (totp, assert) => {
      const hotp = (query) => totp.parseUri(`otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP${query}`);
      assert.equal(hotp('&counter=0').counter, 0);
      assert.equal(hotp(`&counter=${MAX}`).counter, MAX);
      for (const query of [
        '',
        '&counter=',
        '&counter=-1',
        '&counter=abc',
        '&counter=1.5',
        `&counter=${MAX + 1}`,
        '&counter=99999999999999999999',
      ]) {
        expectError(assert, () => hotp(query), null, 'uri');
      }
      assert.equal(totp.parseUri('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP').counter, null);
    },
  ],

  [
    'parseUri: malformed URIs throw naming uri',
    (totp, assert) => {
      const malformed = [
        '',
        'JBSWY3DPEHPK3PXP',
        'http://totp/a?secret=JBSWY3DPEHPK3PXP',
        'otpauth:/totp/a?secret=JBSWY3DPEHPK3PXP',
        'otpauth://totp/a',
        'otpauth://totp/a?issuer=x',
        'otpauth://totp/a?secret=',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PX1',
        'otpauth://motp/a?secret=JBSWY3DPEHPK3PXP',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=5',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=9',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=six',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=3601',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5',
        'otpauth://totp/a%zz?secret=JBSWY3DPEHPK3PXP',
        'otpauth://totp/a%E0%A4?secret=JBSWY3DPEHPK3PXP',
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%',
        'otpauth://totp/a?secret=JBSW%Y3DPEHPK3PXP',
      ];
      for (const uri of malformed) expectError(assert, () => totp.parseUri(uri), null, 'uri');
      for (const uri of [42, null, undefined, {}]) expectError(assert, () => totp.parseUri(uri), 'TypeError', 'uri');
    },
  ],

  [
    'provisioningUri: a secret under 128 bits throws RangeError naming secret unless allowShortSecret: true',
    (totp, assert) => {
      for (const secret of [SHORT_SECRET, SECRET_120, 'jbsw y3dp ehpk 3pxp']) {
        for (const extra of [{}, { allowShortSecret: false }]) {
          const error = expectError(
            assert,
            () => totp.provisioningUri({ secret, account: 'a', ...extra }),
            'RangeError',
            'secret',
          );
          assert.match(error.message, /at least 128 bits/, JSON.stringify(extra));
          assert.match(error.message, /allowShortSecret/, 'the message names the way out');
        }
        const uri = totp.provisioningUri({ secret, account: 'a', issuer: 'Co', allowShortSecret: true });
        assertWellFormed(assert, uri);
        assert.equal(totp.parseUri(uri).secret, secret.toUpperCase().replaceAll(' ', ''));
        const hotp = totp.provisioningUri({ secret, account: 'a', type: 'hotp', counter: 1, allowShortSecret: true });
        assert.equal(totp.parseUri(hotp).type, 'hotp');
      }
      expectError(
        assert,
        () => totp.provisioningUri({ secret: SECRET_120, account: 'a', type: 'hotp', counter: 1 }),
        'RangeError',
        'secret',
      );
      for (const secret of [SECRET_128, SHA1_SECRET, totp.generateSecret(16), totp.generateSecret()]) {
        for (const extra of [{}, { allowShortSecret: false }, { allowShortSecret: true }]) {
          const uri = totp.provisioningUri({ secret, account: 'a', ...extra });
          assert.equal(Object.fromEntries(rawParams(uri)).secret, secret, `${secret} ${JSON.stringify(extra)}`);
        }
      }
      const service = new totp.TOTPService();
      expectError(assert, () => service.getProvisioningUri(SHORT_SECRET, 'a@b.c', 'Co'), 'RangeError', 'secret');
      assert.ok(service.getProvisioningUri(SHA1_SECRET, 'a@b.c', 'Co').startsWith('otpauth://totp/Co:a%40b.c?'));
    },
  ],

  [
    'provisioningUri: allowShortSecret must be a boolean (TypeError), and never takes a secret under 80 bits',
    (totp, assert) => {
      for (const value of [1, 0, 'true', 'false', null, {}, [], 1n]) {
        for (const secret of [SHORT_SECRET, SHA1_SECRET]) {
          expectError(
            assert,
            () => totp.provisioningUri({ secret, account: 'a', allowShortSecret: value }),
            'TypeError',
            'allowShortSecret',
          );
        }
      }
      for (const [secret, bits] of TOO_SHORT_SECRETS) {
        for (const extra of [{}, { allowShortSecret: true }]) {
          const error = expectError(
            assert,
            () => totp.provisioningUri({ secret, account: 'a', ...extra }),
            'RangeError',
            'secret',
          );
          assert.equal(error.message, `secret: ${tooShortMessage(bits)}`);
        }
      }
      expectError(assert, () => totp.provisioningUri({ secret: SHA1_SECRET, account: 'a', allowShortSecrets: true }), 'TypeError', 'allowShortSecrets');
    },
  ],

  [
    'parseUri: a URI whose secret is under 80 bits throws RangeError naming uri; 80 bits parse',
    (totp, assert) => {
      for (const [secret, bits] of TOO_SHORT_SECRETS) {
        for (const uri of [`otpauth://totp/a?secret=${secret}`, `otpauth://hotp/Co:a?secret=${secret}&counter=0&issuer=Co`]) {
          const error = expectError(assert, () => totp.parseUri(uri), 'RangeError', 'uri');
          assert.equal(error.message, `uri: secret parameter: ${tooShortMessage(bits)}`);
        }
      }
      assert.equal(totp.parseUri(`otpauth://totp/a?secret=${SHORT_SECRET}`).secret, SHORT_SECRET);
      assert.equal(totp.parseUri(`otpauth://totp/a?secret=${SECRET_120}`).secret, SECRET_120);
    },
  ],
];
