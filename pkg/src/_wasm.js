// The JavaScript half of the boundary to one wasm file (src/wasm/memory.rs is the other half):
// arguments are written as bytes at the start of the arena, an export is called with their
// lengths and plain numbers, and what it leaves at the start of the arena is read and zeroed.
// The module is compiled and instantiated synchronously on first use, from the source the
// build generated (inline bytes, or a `.wasm` module where the host imports those).
import { _coreError } from './_errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A wasm file, instantiated on first use; `source()` gives its bytes or a compiled module. */
export function _lazyWasm(source) {
  let wasm;
  let compiled;
  const get = () => (wasm ??= new Wasm(compiled ?? compile(source())));
  /** For hosts that refuse to compile synchronously: compiles off the main thread first. */
  get.ready = async () => {
    if (wasm || compiled) return;
    const from = source();
    compiled = ArrayBuffer.isView(from) ? await WebAssembly.compile(from) : from;
  };
  return get;
}

function compile(from) {
  // A host's own Module may come from another realm (Next.js's edge sandbox): no instanceof.
  return ArrayBuffer.isView(from) ? new WebAssembly.Module(from) : from;
}

/**
 * Writes `text` as UTF-8 at `at` and returns its length in bytes. Secrets, codes and most URIs
 * are ASCII, which a loop writes faster than `encodeInto` can be called on a short string.
 */
function writeText(text, bytes, at) {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return encoder.encodeInto(text, bytes.subarray(at)).written;
    bytes[at + i] = unit;
  }
  return length;
}

class Wasm {
  constructor(module) {
    const imports = {
      host: {
        // 1 when filled; 0 when the host has no generator or it throws (an exception must not
        // cross the wasm's frames: the call could not wipe its arena). The core reports it.
        random: (at, length) => {
          try {
            const view = new Uint8Array(this.memory.buffer, at, length);
            // getRandomValues fills at most 65536 bytes a call.
            for (let from = 0; from < length; from += 65536) globalThis.crypto.getRandomValues(view.subarray(from, from + 65536));
            return 1;
          } catch {
            return 0;
          }
        },
      },
    };
    this.exports = new WebAssembly.Instance(module, imports).exports;
    this.memory = this.exports.memory;
    // Where the arena starts: the same address for the instance's life.
    this.base = this.exports.reserve(0);
    this.capacity = 0;
    this.bytes = new Uint8Array(0);
  }

  /** The current view of linear memory (growing memory detaches the old one). */
  view() {
    if (this.bytes.buffer !== this.memory.buffer) this.bytes = new Uint8Array(this.memory.buffer);
    return this.bytes;
  }

  /**
   * Writes the arguments one after another at the start of the arena: strings as UTF-8,
   * byte arrays as they are, `null` as nothing (its length is -1). Returns their lengths.
   */
  put(inputs) {
    let bound = 0;
    for (const input of inputs) if (input !== null) bound += typeof input === 'string' ? input.length * 3 : input.length;
    if (bound > this.capacity) {
      this.base = this.exports.reserve(bound);
      if (this.base === 0) throw new RangeError('the arguments do not fit in WebAssembly memory');
      this.capacity = bound;
    }
    const bytes = this.view();
    const lengths = [];
    let at = this.base;
    for (const input of inputs) {
      if (input === null) {
        lengths.push(-1);
        continue;
      }
      const length = typeof input === 'string' ? writeText(input, bytes, at) : (bytes.set(input, at), input.length);
      lengths.push(length);
      at += length;
    }
    return lengths;
  }

  /** An export's answer: itself, or the error the core reported (a record in the arena). */
  check(answer) {
    if (answer === -1) throw _coreError(this.take(256));
    return answer;
  }

  /** Copies `length` bytes of output from the arena and zeroes them there. */
  take(length) {
    const bytes = this.view();
    const out = bytes.slice(this.base, this.base + length);
    bytes.fill(0, this.base, this.base + length);
    return out;
  }

  /** Output text: decoded, and zeroed in the arena. */
  text(length) {
    const bytes = this.view();
    const text = decoder.decode(bytes.subarray(this.base, this.base + length));
    bytes.fill(0, this.base, this.base + length);
    return text;
  }
}
