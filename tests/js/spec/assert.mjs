// The subset of node:assert/strict that the spec uses, for pages where node:assert does not
// exist. Node runners pass the real node:assert/strict instead.

export class AssertionError extends Error {
  name = 'AssertionError';
}

const show = (value) => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

export function ok(value, message) {
  if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
}

export function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function notEqual(actual, expected, message) {
  if (Object.is(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected anything but ${show(expected)}`);
  }
}

function isDeepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && isDeepEqual(a[key], b[key]));
}

export function deepEqual(actual, expected, message) {
  if (!isDeepEqual(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function match(string, regexp, message) {
  if (typeof string !== 'string' || !regexp.test(string)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(string)} to match ${regexp}`);
  }
}

export function doesNotMatch(string, regexp, message) {
  if (typeof string !== 'string' || regexp.test(string)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(string)} not to match ${regexp}`);
  }
}
