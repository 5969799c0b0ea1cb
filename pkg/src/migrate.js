// Google Authenticator's account transfer (`otpauth-migration://`), over the `migrate` wasm.
import migrateWasm from './wasm/migrate.js';
import { _lazyWasm } from './_wasm.js';
import { _parsedAccount } from './_records.js';
import { _MAX_SECRET, _algorithm, _describe, _integer, _integerOr, _options, _secret, _string } from './_checks.js';

const wasm = _lazyWasm(migrateWasm);
export const _migrateWasm = wasm;

const encoder = new TextEncoder();
const MAX_ACCOUNTS = 1000;
/** The longest transfer URI accepted: 50 accounts with long names fit in 64 K characters. */
const MAX_URI = 65536;
const ACCOUNT_KEYS = ['type', 'secret', 'account', 'issuer', 'algorithm', 'digits', 'encoder', 'period', 'counter', 'image'];

export function parseMigrationUri(uri) {
  _string(uri, 'uri', MAX_URI);
  const w = wasm();
  const [length] = w.put([uri]);
  const record = w.take(w.check(w.exports.migration_parse(length)));
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const count = view.getUint32(0, true);
  const accounts = [];
  let at = 20;
  for (let index = 0; index < count; index++) {
    const size = view.getUint32(at, true);
    accounts.push(_parsedAccount(record, at + 4));
    at += 4 + size;
  }
  const batch = {
    version: view.getUint32(4, true),
    batchSize: view.getUint32(8, true),
    batchIndex: view.getUint32(12, true),
    batchId: view.getInt32(16, true),
  };
  record.fill(0);
  return Object.assign(accounts, batch);
}

function u32(value) {
  return new Uint8Array(new Uint32Array([value]).buffer);
}

/** One account as src/wasm/migrate.rs `read_account` reads it. */
function accountParts(value, index) {
  const name = `accounts[${index}]`;
  const o = _options(value, name, ACCOUNT_KEYS);
  if (value === undefined || value === null) throw new TypeError(`${name}: must be an account object (what parseUri returns), got ${_describe(value)}`);
  const type = o.type === undefined ? 'totp' : o.type;
  if (type !== 'totp' && type !== 'hotp') throw new TypeError(`${name}.type: must be 'totp' or 'hotp'`);
  const hotp = type === 'hotp';
  if (hotp && (o.counter === undefined || o.counter === null)) throw new TypeError(`${name}.counter: is required for type 'hotp'`);
  _secret(o.secret);
  const account = _string(o.account, `${name}.account`, _MAX_SECRET);
  const issuer = o.issuer === undefined || o.issuer === null ? null : _string(o.issuer, `${name}.issuer`, _MAX_SECRET);
  const algorithm = _algorithm(o.algorithm);
  // Steam Guard accounts cross as 5 digits, which the core refuses for the app by name.
  const digits = o.encoder === 'steam' ? 5 : _integerOr(o.digits, `${name}.digits`, 6);
  const period = hotp || o.period === undefined || o.period === null ? 30 : _integer(o.period, `${name}.period`);
  const counter = hotp ? _integer(o.counter, `${name}.counter`) : 0;
  const header = new Uint8Array([hotp ? 1 : 0, algorithm, Math.min(digits, 255), issuer === null ? 0 : 1]);
  const numbers = new Uint8Array(new Float64Array([period, counter]).buffer);
  const texts = [o.secret, account, issuer ?? ''].flatMap((text) => {
    const bytes = encoder.encode(text);
    return [u32(bytes.length), bytes];
  });
  return [header, numbers, ...texts];
}

export function migrationUris(accounts, options) {
  if (!Array.isArray(accounts)) throw new TypeError(`accounts: must be an array of accounts, got ${_describe(accounts)}`);
  if (accounts.length > MAX_ACCOUNTS) throw new RangeError(`accounts: must have at most ${MAX_ACCOUNTS} items`);
  const o = _options(options, 'options', ['batchSize']);
  const batchSize = _integerOr(o.batchSize, 'batchSize', 4);
  const parts = accounts.flatMap(accountParts);
  const w = wasm();
  const lengths = w.put(parts);
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const text = w.text(w.check(w.exports.migration_write(total, accounts.length, batchSize)));
  for (const part of parts) part.fill(0);
  return text.split('\n');
}
