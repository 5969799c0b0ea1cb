// Typical ESM use of the typed API, plus exact-type checks: any `any` or a widened type fails.
import {
  TOTPService,
  checkHotp,
  checkTotp,
  generateBackupCodes,
  generateHotp,
  generateSecret,
  generateTotp,
  hashBackupCode,
  parseUri,
  provisioningUri,
  qrDataUrl,
  qrSvg,
  remainingSeconds,
  verifyBackupCode,
  verifyTotp,
} from 'totp-wasm';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function exact<A, B>(_proof: Equal<A, B>): void {}
type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
type Time = Date | number;

const secret: string = generateSecret();
generateSecret(32);
const code = generateTotp(secret, { algorithm: 'SHA256', digits: 8, period: 60, time: new Date() });
const valid: boolean = verifyTotp(secret, code, { window: 2, time: Date.now() });
const delta = checkTotp(secret, code, { window: 1 });
if (delta !== null) console.log(delta.toFixed(0), valid);
const hotp: string = generateHotp(secret, Number.MAX_SAFE_INTEGER, { algorithm: 'SHA512', digits: 7 });
const next = checkHotp(secret, hotp, 0, { lookAhead: 10 });
const seconds: number = remainingSeconds({ period: 30, time: 0 });
const uri = provisioningUri({
  secret,
  account: 'alice@example.com',
  issuer: 'Example',
  type: 'hotp',
  counter: 0,
  image: 'https://x/y.png',
});
const parsed = parseUri(uri);
if (parsed.type === 'hotp' && parsed.counter !== null) console.log(parsed.counter + 1);
const svg: string = qrSvg(uri, { ecc: 'H', margin: 2, size: 256, dark: '#1a237e', light: 'transparent' });
const dataUrl: string = qrDataUrl(uri);
const codes: string[] = generateBackupCodes(10);
const hashes: string[] = codes.map((backup) => hashBackupCode(backup));
const index: number = verifyBackupCode(codes[0] ?? '', hashes);
const service = new TOTPService();
const qr: Promise<string> = service.generateQRCode(service.getProvisioningUri(service.generateSecret(), 'a@b.c', 'Co'));
const accepted: boolean = service.verifyToken(secret, code, 1);
console.log(next, seconds, svg, dataUrl, index, qr, accepted, service.generateBackupCodes(2));

exact<Parameters<typeof generateSecret>, [bytes?: number]>(true);
exact<ReturnType<typeof generateSecret>, string>(true);
exact<Parameters<typeof generateTotp>[0], string>(true);
exact<ReturnType<typeof generateTotp>, string>(true);
exact<Parameters<typeof verifyTotp>[1], string>(true);
exact<ReturnType<typeof verifyTotp>, boolean>(true);
exact<Parameters<typeof checkTotp>[1], string>(true);
exact<ReturnType<typeof checkTotp>, number | null>(true);
exact<Parameters<typeof generateHotp>[1], number>(true);
exact<ReturnType<typeof generateHotp>, string>(true);
exact<Parameters<typeof checkHotp>[1], string>(true);
exact<Parameters<typeof checkHotp>[2], number>(true);
exact<ReturnType<typeof checkHotp>, number | null>(true);
exact<ReturnType<typeof remainingSeconds>, number>(true);
exact<ReturnType<typeof provisioningUri>, string>(true);
exact<Parameters<typeof parseUri>, [uri: string]>(true);
exact<ReturnType<typeof qrSvg>, string>(true);
exact<ReturnType<typeof qrDataUrl>, string>(true);
exact<ReturnType<typeof generateBackupCodes>, string[]>(true);
exact<Parameters<typeof hashBackupCode>[0], string>(true);
exact<ReturnType<typeof hashBackupCode>, string>(true);
exact<Parameters<typeof verifyBackupCode>[0], string>(true);
exact<ReturnType<typeof verifyBackupCode>, number>(true);
exact<ReturnType<TOTPService['generateQRCode']>, Promise<string>>(true);
exact<ReturnType<TOTPService['verifyToken']>, boolean>(true);
exact<ReturnType<TOTPService['generateBackupCodes']>, string[]>(true);

type VerifyOptions = NonNullable<Parameters<typeof verifyTotp>[2]>;
exact<keyof VerifyOptions, 'algorithm' | 'digits' | 'encoder' | 'period' | 'time' | 'window'>(true);
exact<VerifyOptions['algorithm'], Algorithm | undefined>(true);
exact<VerifyOptions['time'], Time | undefined>(true);
exact<VerifyOptions['window'], number | undefined>(true);
exact<keyof NonNullable<Parameters<typeof generateHotp>[2]>, 'algorithm' | 'digits'>(true);
exact<keyof NonNullable<Parameters<typeof checkHotp>[3]>, 'algorithm' | 'digits' | 'lookAhead'>(true);
exact<keyof NonNullable<Parameters<typeof remainingSeconds>[0]>, 'period' | 'time'>(true);
type UriOptions = Parameters<typeof provisioningUri>[0];
exact<UriOptions['secret'], string>(true);
exact<UriOptions['account'], string>(true);
exact<UriOptions['type'], 'totp' | 'hotp' | undefined>(true);
type Parsed = ReturnType<typeof parseUri>;
exact<Parsed['type'], 'totp' | 'hotp'>(true);
exact<Parsed['issuer'], string | null>(true);
exact<Parsed['algorithm'], Algorithm>(true);
exact<Parsed['digits'], number>(true);
exact<Parsed['counter'], number | null>(true);
type QrOptions = NonNullable<Parameters<typeof qrSvg>[1]>;
exact<QrOptions['ecc'], 'L' | 'M' | 'Q' | 'H' | undefined>(true);
exact<QrOptions['dark'], string | undefined>(true);
