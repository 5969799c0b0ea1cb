// Part of scripts/build.sh: fails if a wasm built with its names kept (wasm-opt -g) still has
// a function of core::fmt. The wasm formats nothing: errors travel as data and the panic
// handler ignores its message, so once wasm-opt has dropped what only panics referred to,
// no formatting code should be left. Lists the offenders.
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const bytes = readFileSync(file);
let at = 8;
const leb = () => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return value;
  }
};
const names = [];
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 0) {
    const nameLength = leb();
    const sectionName = bytes.subarray(at, at + nameLength).toString();
    at += nameLength;
    if (sectionName === 'name') {
      while (at < end) {
        const sub = bytes[at++];
        const subSize = leb();
        const subEnd = at + subSize;
        if (sub === 1) {
          for (let count = leb(); count > 0; count--) {
            leb();
            const length = leb();
            names.push(bytes.subarray(at, at + length).toString());
            at += length;
          }
        }
        at = subEnd;
      }
    }
  }
  at = end;
}
if (names.length === 0) {
  console.error(`no-fmt: ${file} has no function names to check`);
  process.exit(1);
}
const formatting = names.filter((name) => /core(\[[0-9a-f]+\])?::fmt|core\.\.fmt|4core3fmt/.test(name));
if (formatting.length > 0) {
  console.error(`no-fmt: ${file} still has ${formatting.length} core::fmt functions:\n  ${formatting.join('\n  ')}`);
  process.exit(1);
}
console.log(`no-fmt: ${file}: ${names.length} functions, none of core::fmt`);
