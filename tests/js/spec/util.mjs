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
