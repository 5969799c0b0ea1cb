// Known answers. The RFC and project vectors are the shared data in tests/vectors/*.json, which
// the Rust tests read too; the few values below are for cases those files do not cover.
import base32 from '../../vectors/base32.json' with { type: 'json' };
import rfc4226 from '../../vectors/rfc4226.json' with { type: 'json' };
import rfc6238 from '../../vectors/rfc6238.json' with { type: 'json' };
import uri from '../../vectors/uri.json' with { type: 'json' };
import windowCases from '../../vectors/window.json' with { type: 'json' };

export const SHARED = { base32, rfc4226, rfc6238, uri, window: windowCases };

export const SECRETS = Object.fromEntries(
  Object.entries(rfc6238.secrets).map(([algorithm, { base32: secret }]) => [algorithm, secret]),
);
export const SHA1_SECRET = SECRETS.SHA1; // "12345678901234567890"
export const SHA256_SECRET = SECRETS.SHA256;

/** RFC 4226 Appendix D: HOTP-SHA1, 6 digits, counters 0..9. */
export const RFC4226 = rfc4226.cases.map(({ code }) => code);

/** HOTP-SHA1 of SHA1_SECRET past 32 bits; computed with Node's crypto and with otpauth 9.5, which agree. */
export const LARGE_COUNTERS = [
  { counter: 2 ** 32 - 1, code: '117190' },
  { counter: 2 ** 32, code: '999456' },
  { counter: Number.MAX_SAFE_INTEGER, code: '891307' },
];

/** An 80-bit secret as many services deploy; HOTP-SHA1 counters 0..2 (otpauth 9.5). */
export const SHORT_SECRET = 'JBSWY3DPEHPK3PXP';
export const SHORT_SECRET_HOTP = ['282760', '996554', '602287'];
