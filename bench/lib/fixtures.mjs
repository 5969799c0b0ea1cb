// The inputs every contender gets. The secret is RFC 6238's SHA-1 key (ASCII "12345678901234567890",
// 20 bytes: long enough for otplib's 16-byte guardrail), so the expected codes come from the RFC,
// not from any of the libraries under test.
export const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const SECRET_BYTES = new TextEncoder().encode('12345678901234567890');
export const ACCOUNT = 'alice@example.com';
export const ISSUER = 'Example Co';

// RFC 6238 Appendix B, SHA-1 column: [unix seconds, 8-digit code]; 6-digit codes are its last 6 digits.
export const RFC6238_SHA1 = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

// Timed calls all run at this instant; its code is the RFC's.
export const NOW_SECONDS = 1111111109;
export const NOW_CODE = '081804';
export const PERIOD = 30;

// The contenders that are not peers: bench/floor's speed build of the same call shapes (see
// bench/floor/Cargo.toml). FLOOR does no checks at all; the conforming floor does the checks
// API.md requires in JavaScript before one call into wasm with numbers, as the package does.
// What the conforming floor cannot reach, no build of totp-wasm can.
export const FLOOR = 'floor';
export const CONFORMING_FLOORS = ['floor + checks in JS'];
export const FLOORS = [FLOOR, ...CONFORMING_FLOORS];
