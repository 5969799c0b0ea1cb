// What every zero-config case runs, in whatever host it is built for: named imports from the
// package's main entry, as a user writes them, and a JSON-serialisable report that check.mjs reads.
// Plain ESM with no top-level await, so that it runs as a module, a Web Worker, a Service Worker,
// a Next.js route or a Cloudflare Worker alike.
import { generateSecret, generateTotp, parseUri, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm';

/** RFC 6238 Appendix B, SHA-1: the ASCII key "12345678901234567890". */
const RFC6238_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

export function probe() {
  const report = { host: typeof navigator === 'object' ? navigator.userAgent : 'no navigator' };
  try {
    report.rfc6238 = [59, 1111111109, 1234567890, 2000000000].map((seconds) =>
      generateTotp(RFC6238_SECRET, { time: seconds * 1000, digits: 8 }),
    );
    report.verified = verifyTotp(RFC6238_SECRET, '94287082', { time: 59_000, digits: 8 });
    const secret = generateSecret();
    report.secretLength = secret.length;
    report.uri = provisioningUri({ secret: RFC6238_SECRET, account: 'alice@example.com', issuer: 'Zero Config' });
    report.parsedAccount = parseUri(report.uri).account;
    report.svg = qrSvg(report.uri);
  } catch (error) {
    report.unexpected = String(error?.stack ?? error);
  }
  try {
    generateTotp('not base32!');
    report.error = { thrown: false };
  } catch (error) {
    report.error = { thrown: true, isError: error instanceof Error, name: error?.name, message: error?.message };
  }
  return report;
}
