// Typed named imports as a TypeScript user writes them; an ES module (the project is "type": "module").
import { generateSecret, generateTotp, parseUri, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm';
import { generateTotp as totpOnly } from 'totp-wasm/codes';
import { generateBackupCodes } from 'totp-wasm/protect';
import { qrDataUrl } from 'totp-wasm/qr';

const secret: string = generateSecret();
const code: string = generateTotp(secret, { time: Date.now(), digits: 8 });
const valid: boolean = verifyTotp(secret, code, { digits: 8 });
const uri: string = provisioningUri({ secret, account: 'alice@example.com', issuer: 'Zero Config' });
const account: string = parseUri(uri).account;
const svg: string = qrSvg(uri);
const fromSubpath: string = totpOnly(secret);
const dataUrl: string = qrDataUrl(uri);
const backupCodes: string[] = generateBackupCodes(10);
console.log(valid, account, svg.length, fromSubpath, dataUrl, backupCodes);

// The declarations are really there (an untyped or unresolved import would make these `any`):
// @ts-expect-error the secret is a string
generateTotp(42);
// @ts-expect-error verifyTotp returns a boolean
const wrong: string = verifyTotp(secret, code);
console.log(wrong);
// @ts-expect-error the count is a number
generateBackupCodes('10');
