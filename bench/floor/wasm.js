// The floors' whole JavaScript boundary: instantiate a floor's wasm on first use (synchronously,
// from the bytes its module carries, as the package does), write strings and bytes at input(),
// read answers at output(). Nothing is checked.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function lazyFloor(bytes) {
  let floor;
  return () => (floor ??= instantiate(bytes()));
}

function instantiate(bytes) {
  let memory;
  const host = {
    random: (at, length) => crypto.getRandomValues(new Uint8Array(memory.buffer, at, length)),
  };
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { host });
  memory = exports.memory;
  const input = exports.input();
  const output = exports.output();
  const view = () => new Uint8Array(memory.buffer);
  return {
    exports,
    /** Writes each string (UTF-8) or byte array after the last; returns their lengths. */
    put(...values) {
      const bytes = view();
      let at = input;
      return values.map((value) => {
        const length = typeof value === 'string' ? encoder.encodeInto(value, bytes.subarray(at)).written : (bytes.set(value, at), value.length);
        at += length;
        return length;
      });
    },
    text: (length) => decoder.decode(view().subarray(output, output + length)),
    bytes: (length) => view().slice(output, output + length),
  };
}
