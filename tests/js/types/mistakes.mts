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
// The second edition's protection API.
import { decryptSecret, encryptSecret, generateEncryptionKey, verifyBackupAttempt, verifyTotpAttempt } from 'totp-wasm';
const key = generateEncryptionKey();
const state = { lastStep: null, failures: 0, lockedUntil: null };
// @ts-expect-error TS2554 the state is required (null for a user with no attempts yet)
verifyTotpAttempt(secret, '123456');
// @ts-expect-error TS2322 a device token is a string
verifyTotpAttempt(secret, '123456', null, { device: 42 });
// @ts-expect-error TS2322 rememberDevice is a boolean
verifyTotpAttempt(secret, '123456', null, { rememberDevice: 'yes' });
// @ts-expect-error TS2353|TS2561 `remember` is not an option
verifyTotpAttempt(secret, '123456', null, { remember: true });
// @ts-expect-error TS2345|TS2741 a state has lockedUntil
verifyTotpAttempt(secret, '123456', { lastStep: null, failures: 0 });
// @ts-expect-error TS2322 state.backup.failures is a number
verifyTotpAttempt(secret, '123456', { ...state, backup: { failures: '0', lockedUntil: null } });
// @ts-expect-error TS2741 a remembered device has lastUsed
verifyTotpAttempt(secret, '123456', { ...state, devices: [{ id: 'AAAAAAAAAAAAAAAAAAAAAA', failures: 0, lockedUntil: null }] });
// @ts-expect-error TS2353|TS2561 verifyBackupAttempt takes no device
verifyBackupAttempt('K7QM2-XPD9H-FRW3N', [], null, { device: 'd1.x' });
// @ts-expect-error TS2345 hashes are an array
verifyBackupAttempt('K7QM2-XPD9H-FRW3N', '$pbkdf2-sha256$', null);
// @ts-expect-error TS2339 a backup attempt has an index, not a delta
console.log(verifyBackupAttempt('K7QM2-XPD9H-FRW3N', [], null).delta);
// @ts-expect-error TS2322|TS2367 a backup code is never 'replayed'
const replayed: 'replayed' = verifyBackupAttempt('K7QM2-XPD9H-FRW3N', [], null).reason;
// @ts-expect-error TS2554 the context is required
encryptSecret(secret, key);
// @ts-expect-error TS2345 a context is a string, a number or a bigint
encryptSecret(secret, key, null);
// @ts-expect-error TS2353|TS2561 `keyid` is a typo of `keyId`
encryptSecret(secret, key, 'user:1', { keyid: 'k1' });
// @ts-expect-error TS2322 keyId is a string
encryptSecret(secret, key, 'user:1', { keyId: 1 });
// @ts-expect-error TS2322|TS2345 a keyring holds Uint8Array keys
decryptSecret('v2.x', { k1: 'key' }, 'user:1');
// @ts-expect-error TS2554 the context is required
decryptSecret('v2.x', key);
// @ts-expect-error TS2322 allowShortSecret is a boolean
provisioningUri({ secret, account: 'a', allowShortSecret: 'yes' });
// @ts-expect-error TS2554 generateEncryptionKey takes nothing
generateEncryptionKey(32);
console.log(replayed);
