// The one place errors get their messages: an error the core reports arrives as a record
// (src/wasm/memory.rs, `error_record`) and its text comes from the core's message table
// (src/error/messages.txt, which the build turns into ./messages.js).
import { MESSAGES } from './messages.js';

const decoder = new TextDecoder();
const CLASSES = [TypeError, RangeError, Error, Error];

/** The Error for a record from the core: problem, kind, numbers, then three texts. */
export function _coreError(record) {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  let at = 32;
  const text = () => {
    const length = record[at];
    const value = decoder.decode(record.subarray(at + 1, at + 1 + length));
    at += 1 + length;
    return value;
  };
  const [argument, name, within] = [text(), text(), text()];
  const numbers = [8, 16, 24].map((offset) => view.getFloat64(offset, true));
  const message = MESSAGES[record[0]].replace(/\{(\d|name)\}/g, (_, key) => (key === 'name' ? name : String(numbers[key])));
  return new CLASSES[record[1]](`${argument}: ${within ? `${within}: ` : ''}${message}`);
}
