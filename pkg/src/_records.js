// A parsed account as the wasm writes it (src/wasm.rs `parsed_record`), for parseUri and
// parseMigrationUri.
const decoder = new TextDecoder();
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];

/** The account whose record starts at `at` in `record`. */
export function _parsedAccount(record, at) {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  let cursor = at + 24;
  const text = () => {
    const size = view.getUint32(cursor, true);
    const value = decoder.decode(record.subarray(cursor + 4, cursor + 4 + size));
    cursor += 4 + size;
    return value;
  };
  const [secret, account, issuer, image] = [text(), text(), text(), text()];
  const hotp = record[at] === 1;
  return {
    type: hotp ? 'hotp' : 'totp',
    secret,
    account,
    issuer: record[at + 3] ? issuer : null,
    algorithm: ALGORITHMS[record[at + 1]],
    digits: record[at + 2],
    // Five characters: Steam Guard (encoder=steam, or a TOTP issued by Steam).
    encoder: record[at + 2] === 5 ? 'steam' : null,
    period: view.getFloat64(at + 8, true),
    counter: hotp ? view.getFloat64(at + 16, true) : null,
    image: record[at + 4] ? image : null,
  };
}
