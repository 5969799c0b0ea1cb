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

/** Secrets under 80 bits, which every function refuses: [base32, bits]. */
export const TOO_SHORT_SECRETS = [
  ['MY', 8],
  ['MZXW6YTBOI', 48], // "foobar"
  ['GEZDGNBVGY3TQOI', 72], // "123456789", one byte short of 80 bits
];
/** 120 bits: accepted by the code functions, refused by provisioningUri without allowShortSecret. */
export const SECRET_120 = 'GEZDGNBVGY3TQOJQGEZDGNBV'; // "123456789012345"
/** 128 bits, the shortest secret provisioningUri takes without allowShortSecret. */
export const SECRET_128 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY'; // "1234567890123456"

/**
 * Values sealed by 0.1 (format v1) under the key of 32 bytes of 7 for the secret SHORT_SECRET:
 * they must keep opening. Recomputed independently with node:crypto's AES-256-GCM, AAD
 * "totp-wasm sealed secret v1\0" + context, nonce 12 bytes of 1 (of 2 for the empty context).
 */
export const SEALED_V1 = {
  key: 7,
  secret: SHORT_SECRET,
  'user:42': 'v1.AQEBAQEBAQEBAQEBPoTl2_-eMqNvO5inPLYAgiaAc6s_no_fj8U',
  '': 'v1.AgICAgICAgICAgICUtGFazTKa4qkv78oP-TSMdZROAUqxi5dWrY',
};

/**
 * Backup-code hashes in 0.1's format (no selector; PBKDF2-HMAC-SHA256, 20000 iterations, salt
 * "0123456789abcdef") for two 12-symbol codes from 0.1, computed with node:crypto's pbkdf2Sync.
 */
export const LEGACY_BACKUP = [
  {
    code: 'K7QM-2XPD-9HFR',
    hash: '$pbkdf2-sha256$i=20000,l=32$MDEyMzQ1Njc4OWFiY2RlZg$10vLYtPQAiUvitPrgK2auH8govGol2B98Rb8JwCdZ/A',
  },
  {
    code: 'ABCD-2345-6789',
    hash: '$pbkdf2-sha256$i=20000,l=32$MDEyMzQ1Njc4OWFiY2RlZg$v+UcTV0GE57IRpptXCQ+TpMJu84krKiG5pdPA50Hlgc',
  },
];
