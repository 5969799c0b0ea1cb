// How the inline wasm is unpacked in browsers, workers and every other host: base64, then raw
// DEFLATE undone by fflate's inflateSync. The build bundles this into dist/web/_inflate.js.
import { inflateSync } from 'fflate';

export function inflateBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  return inflateSync(bytes);
}
