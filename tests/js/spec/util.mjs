// Helpers shared by the spec modules; they use only the assert API the runner passes in.

/**
 * Runs `fn`, which must throw an Error of class `name` (null: any Error class) whose message
 * names `arg`. A WebAssembly trap never counts as the expected error.
 */
export function expectError(assert, fn, name, arg) {
  let error;
  let threw = false;
  try {
    fn();
  } catch (caught) {
    threw = true;
    error = caught;
  }
  assert.ok(threw, `expected ${name ?? 'an Error'} naming '${arg}', but nothing was thrown`);
  assert.ok(error instanceof Error, `expected an Error object, got ${typeof error}: ${String(error)}`);
  assert.ok(!isTrap(error), `the wasm module trapped: ${error.message}`);
  if (name) assert.equal(error.name, name, `error class (message: ${error.message})`);
  assert.ok(
    new RegExp(`(^|\\W)${escapeRegExp(arg)}(\\W|$)`).test(error.message),
    `the message should name '${arg}': ${JSON.stringify(error.message)}`,
  );
  return error;
}

export const isTrap = (error) =>
  error?.name === 'RuntimeError' || (globalThis.WebAssembly?.RuntimeError && error instanceof WebAssembly.RuntimeError);

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Milliseconds of the start of TOTP step `step`. */
export const stepTime = (step, period = 30) => step * period * 1000;

/** The query parameters of an otpauth URI as raw (still percent-encoded) strings. */
export function rawParams(uri) {
  const query = uri.slice(uri.indexOf('?') + 1);
  return query.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

/** The label of an otpauth URI, still percent-encoded. */
export const rawLabel = (uri) => uri.slice(uri.indexOf('/', 'otpauth://'.length) + 1, uri.indexOf('?'));

/** Decodes standard base64 to a string of UTF-8 text. */
export function base64ToText(base64) {
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of `bytes`, upper case and unpadded (test data; independent of the package). */
export function base32Encode(bytes) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32_ALPHABET[(value << (5 - bits)) & 31] : out;
}

/** RFC 4648 base32 to bytes, tolerating case, spaces and padding as the package does. */
export function base32Decode(text) {
  const symbols = text.toUpperCase().replace(/[\s=]/g, '');
  const out = [];
  let bits = 0;
  let value = 0;
  for (const symbol of symbols) {
    value = ((value << 5) | BASE32_ALPHABET.indexOf(symbol)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** How many key bits a base32 secret decodes to. */
export const secretBits = (text) => base32Decode(text).length * 8;

/** The exact message for a secret under 80 bits. */
export const tooShortMessage = (bits) => `must be at least 80 bits (16 base32 characters), got ${bits} bits`;

/** mulberry32: small and seedable; test data only. */
export function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
