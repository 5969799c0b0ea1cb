// Each marked line is a mistake the types must catch. The directive names the TS error code(s)
// that types.test.mjs expects on the next line once the directives are removed, so a mistake
// caught for an unrelated reason (say, a missing export) does not count.
import { checkHotp, generateTotp, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm';

const secret = 'JBSWY3DPEHPK3PXP';
// @ts-expect-error TS2353|TS2561 `windows` is a typo of `window`
verifyTotp(secret, '123456', { windows: 2 });
// @ts-expect-error TS2345 a token must be a string (leading zeros)
verifyTotp(secret, 123456);
// @ts-expect-error TS2322|TS2820 not one of 'SHA1' | 'SHA256' | 'SHA512'
generateTotp(secret, { algorithm: 'sha1' });
// @ts-expect-error TS2322 digits is a number
generateTotp(secret, { digits: '8' });
// @ts-expect-error TS2345 checkHotp's token is a string too
checkHotp(secret, 755224, 0);
// @ts-expect-error TS2345|TS2741 account is required
provisioningUri({ secret });
// @ts-expect-error TS2322 only 'totp' | 'hotp'
provisioningUri({ secret, account: 'a', type: 'motp' });
// @ts-expect-error TS2322 only 'L' | 'M' | 'Q' | 'H'
qrSvg('text', { ecc: 'X' });
