// How the inline wasm is unpacked by Node, Deno and Bun (the `node` entries): their own zlib,
// native code, an order of magnitude faster to start than a JavaScript inflater.
import { Buffer } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';

export function inflateBase64(text) {
  return inflateRawSync(Buffer.from(text, 'base64'));
}
