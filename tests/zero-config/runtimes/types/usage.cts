// The same from a CommonJS module (compiles to require under node16/nodenext).
import { generateTotp, verifyTotp } from 'totp-wasm';
import { qrSvg } from 'totp-wasm/qr';

const code: string = generateTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { time: 59_000, digits: 8 });
const valid: boolean = verifyTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', code, { time: 59_000, digits: 8 });
console.log(valid, qrSvg('otpauth://totp/a?secret=GEZDGNBV').length);
// @ts-expect-error the secret is a string
generateTotp(42);
