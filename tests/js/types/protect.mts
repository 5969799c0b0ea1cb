// Typed use of the second edition's protection API, plus exact-type checks: any `any`, a
// widened or a narrowed type fails. Through the main entry and the `totp-wasm/protect` subpath.
import {
  type AttemptCounter,
  type AttemptOptions,
  type AttemptReason,
  type AttemptResult,
  type AttemptState,
  type BackupAttemptOptions,
  type BackupAttemptResult,
  type EncryptOptions,
  type Keyring,
  type ProvisioningUriOptions,
  type RememberedDevice,
  type SealContext,
  decryptSecret,
  encryptSecret,
  generateBackupCodes,
  generateEncryptionKey,
  hashBackupCode,
  provisioningUri,
  verifyBackupAttempt,
  verifyTotpAttempt,
} from 'totp-wasm';
import * as protect from 'totp-wasm/protect';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function exact<A, B>(_proof: Equal<A, B>): void {}
type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
type Time = Date | number;

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// A login: the stored state (null at first), the device cookie, and what to store back.
const stored: AttemptState | null = null;
const first = verifyTotpAttempt(secret, '123456', stored, { time: Date.now(), rememberDevice: true });
const cookie: string | null = first.deviceToken;
const again = verifyTotpAttempt(secret, '654321', first.state, {
  window: 1,
  maxFailures: 5,
  lockoutSeconds: 300,
  device: cookie,
  rememberDevice: false,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});
if (!again.ok && again.reason === 'locked' && again.retryAfterSeconds !== null) console.log(again.retryAfterSeconds + 1);
if (again.delta !== null) console.log(again.delta.toFixed(0));
// A 0.1 state, and a full one.
const old: AttemptState = { lastStep: 3, failures: 0, lockedUntil: null };
const full: AttemptState = {
  lastStep: null,
  failures: 2,
  lockedUntil: 1_700_000_000_000,
  backup: { failures: 1, lockedUntil: null },
  devices: [{ id: 'AAAAAAAAAAAAAAAAAAAAAA', failures: 0, lockedUntil: null, lastUsed: 0 }],
};
verifyTotpAttempt(secret, '123456', old, { device: undefined });
verifyTotpAttempt(secret, '123456', full, { device: null });
verifyTotpAttempt(secret, '123456', null);
for (const device of full.devices ?? []) console.log(device.id, device.lastUsed);

// Backup codes: the attempt, then delete hashes[index] with the new state.
const codes = generateBackupCodes(10);
const hashes: readonly string[] = codes.map((code) => hashBackupCode(code));
const backup = verifyBackupAttempt(codes[0] ?? '', hashes, full, { time: new Date(), maxFailures: 10, lockoutSeconds: 60, rememberDevice: true });
if (backup.ok && backup.index !== null) console.log(hashes.filter((_, i) => i !== backup.index), backup.state, backup.deviceToken);
verifyBackupAttempt('K7QM2-XPD9H-FRW3N', [], null);

// Sealing: a context of each kind, key ids and a keyring.
const key: Uint8Array = generateEncryptionKey();
const newKey = protect.generateEncryptionKey();
const sealed: string = encryptSecret(secret, key, 'user:42');
encryptSecret(secret, key, 42);
encryptSecret(secret, key, 42n, { keyId: '2026-12' });
const options: EncryptOptions = {};
encryptSecret(secret, newKey, 7, options);
const ring: Keyring = { '2026-12': key, '2027-06': newKey };
console.log(decryptSecret(sealed, key, 'user:42'), decryptSecret(sealed, ring, 42), protect.decryptSecret(sealed, { k: key }, 42n));
const context: SealContext = Math.random() < 0.5 ? 'user:1' : 1n;
console.log(decryptSecret(sealed, ring, context));
provisioningUri({ secret, account: 'alice', allowShortSecret: true });

exact<Parameters<typeof verifyTotpAttempt>, [secret: string, token: string, state: AttemptState | null, options?: AttemptOptions]>(true);
exact<ReturnType<typeof verifyTotpAttempt>, AttemptResult>(true);
exact<AttemptResult['ok'], boolean>(true);
exact<AttemptResult['reason'], 'ok' | 'invalid' | 'replayed' | 'locked' | 'malformed'>(true);
exact<AttemptReason, AttemptResult['reason']>(true);
exact<AttemptResult['delta'], number | null>(true);
exact<AttemptResult['state'], AttemptState>(true);
exact<AttemptResult['retryAfterSeconds'], number | null>(true);
exact<AttemptResult['deviceId'], string | null>(true);
exact<AttemptResult['deviceToken'], string | null>(true);
exact<keyof AttemptResult, 'ok' | 'reason' | 'delta' | 'state' | 'retryAfterSeconds' | 'deviceId' | 'deviceToken'>(true);
exact<
  keyof AttemptOptions,
  'algorithm' | 'digits' | 'encoder' | 'period' | 'time' | 'window' | 'maxFailures' | 'lockoutSeconds' | 'device' | 'rememberDevice'
>(true);
exact<AttemptOptions['device'], string | null | undefined>(true);
exact<AttemptOptions['rememberDevice'], boolean | undefined>(true);
exact<AttemptOptions['algorithm'], Algorithm | undefined>(true);
exact<AttemptOptions['time'], Time | undefined>(true);
exact<AttemptOptions['maxFailures'], number | undefined>(true);
exact<keyof AttemptState, 'lastStep' | 'failures' | 'lockedUntil' | 'backup' | 'devices'>(true);
exact<AttemptState['lastStep'], number | null>(true);
exact<AttemptState['failures'], number>(true);
exact<AttemptState['lockedUntil'], number | null>(true);
exact<AttemptState['backup'], AttemptCounter | undefined>(true);
exact<AttemptState['devices'], RememberedDevice[] | undefined>(true);
exact<keyof AttemptCounter, 'failures' | 'lockedUntil'>(true);
exact<AttemptCounter['lockedUntil'], number | null>(true);
exact<keyof RememberedDevice, 'id' | 'failures' | 'lockedUntil' | 'lastUsed'>(true);
exact<RememberedDevice['id'], string>(true);
exact<RememberedDevice['lastUsed'], number>(true);

exact<
  Parameters<typeof verifyBackupAttempt>,
  [code: string, hashes: readonly string[], state: AttemptState | null, options?: BackupAttemptOptions]
>(true);
exact<ReturnType<typeof verifyBackupAttempt>, BackupAttemptResult>(true);
exact<BackupAttemptResult['reason'], 'ok' | 'invalid' | 'locked' | 'malformed'>(true);
exact<BackupAttemptResult['index'], number | null>(true);
exact<BackupAttemptResult['state'], AttemptState>(true);
exact<BackupAttemptResult['deviceToken'], string | null>(true);
exact<keyof BackupAttemptResult, 'ok' | 'reason' | 'index' | 'state' | 'retryAfterSeconds' | 'deviceId' | 'deviceToken'>(true);
exact<keyof BackupAttemptOptions, 'time' | 'maxFailures' | 'lockoutSeconds' | 'rememberDevice'>(true);
exact<BackupAttemptOptions['rememberDevice'], boolean | undefined>(true);
exact<BackupAttemptOptions['time'], Time | undefined>(true);

exact<SealContext, string | number | bigint>(true);
exact<Keyring, Record<string, Uint8Array>>(true);
exact<keyof EncryptOptions, 'keyId'>(true);
exact<EncryptOptions['keyId'], string | undefined>(true);
exact<Parameters<typeof encryptSecret>, [secret: string, key: Uint8Array, context: SealContext, options?: EncryptOptions]>(true);
exact<ReturnType<typeof encryptSecret>, string>(true);
exact<Parameters<typeof decryptSecret>, [sealed: string, key: Uint8Array | Keyring, context: SealContext]>(true);
exact<ReturnType<typeof decryptSecret>, string>(true);
exact<ReturnType<typeof generateEncryptionKey>, Uint8Array>(true);
exact<ProvisioningUriOptions['allowShortSecret'], boolean | undefined>(true);

// The subpath entry declares the same functions and types.
exact<typeof protect.verifyTotpAttempt, typeof verifyTotpAttempt>(true);
exact<typeof protect.verifyBackupAttempt, typeof verifyBackupAttempt>(true);
exact<typeof protect.encryptSecret, typeof encryptSecret>(true);
exact<typeof protect.decryptSecret, typeof decryptSecret>(true);
exact<protect.AttemptState, AttemptState>(true);
exact<protect.Keyring, Keyring>(true);
