// CommonJS use through `import = require`: resolves the package's .d.cts types.
import totp = require('totp-wasm');

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function exact<A, B>(_proof: Equal<A, B>): void {}

const secret: string = totp.generateSecret();
const code: string = totp.generateTotp(secret, { digits: 8, time: 59000 });
const delta: number | null = totp.checkTotp(secret, code, { digits: 8, window: 0, time: 59000 });
const parsed = totp.parseUri(totp.provisioningUri({ secret, account: 'bob' }));
const service = new totp.TOTPService();
console.log(delta, parsed.issuer, service.verifyToken(secret, code));

exact<ReturnType<typeof totp.generateTotp>, string>(true);
exact<Parameters<typeof totp.verifyTotp>[1], string>(true);
exact<ReturnType<typeof totp.checkTotp>, number | null>(true);
exact<ReturnType<typeof totp.checkHotp>, number | null>(true);
exact<ReturnType<typeof totp.parseUri>['counter'], number | null>(true);
exact<keyof NonNullable<Parameters<typeof totp.verifyTotp>[2]>, 'algorithm' | 'digits' | 'encoder' | 'period' | 'time' | 'window'>(
  true,
);
exact<ReturnType<typeof totp.verifyBackupCode>, number>(true);

// The protection API through require.
const attempt = totp.verifyTotpAttempt(secret, code, null, { rememberDevice: true, time: 59000, digits: 8 });
const next = totp.verifyTotpAttempt(secret, code, attempt.state, { device: attempt.deviceToken });
const key = totp.generateEncryptionKey();
const sealed = totp.encryptSecret(secret, key, 42n, { keyId: 'k1' });
console.log(next.delta, totp.decryptSecret(sealed, { k1: key }, '42'));
exact<ReturnType<typeof totp.verifyTotpAttempt>['deviceToken'], string | null>(true);
exact<ReturnType<typeof totp.verifyBackupAttempt>['index'], number | null>(true);
exact<Parameters<typeof totp.encryptSecret>[2], string | number | bigint>(true);
exact<Parameters<typeof totp.decryptSecret>[1], Uint8Array | totp.Keyring>(true);
exact<NonNullable<Parameters<typeof totp.provisioningUri>[0]['allowShortSecret']>, boolean>(true);
exact<NonNullable<totp.AttemptState['devices']>[number]['id'], string>(true);
