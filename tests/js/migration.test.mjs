// Google Authenticator's transfer URIs through the installed tarball: real exports from a public
// source, round trips, and interop with protobufjs (an independent protobuf implementation,
// reading and writing the app's published MigrationPayload definition) on random account sets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { consumerProject } from './harness.mjs';
import { base32Encode as base32, prng as random } from './spec/util.mjs';

// The message as Google Authenticator defines it (the .proto that extraction tools publish).
const PROTO = `
syntax = "proto3";
message MigrationPayload {
  enum Algorithm { ALGORITHM_UNSPECIFIED = 0; SHA1 = 1; SHA256 = 2; SHA512 = 3; MD5 = 4; }
  enum DigitCount { DIGIT_COUNT_UNSPECIFIED = 0; SIX = 1; EIGHT = 2; }
  enum OtpType { OTP_TYPE_UNSPECIFIED = 0; HOTP = 1; TOTP = 2; }
  message OtpParameters {
    bytes secret = 1; string name = 2; string issuer = 3; Algorithm algorithm = 4;
    DigitCount digits = 5; OtpType type = 6; int64 counter = 7;
  }
  repeated OtpParameters otp_parameters = 1;
  int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
}`;
const Payload = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('MigrationPayload');

// scito/extract_otp_secrets, example_export.txt at commit 242c1db (exports made with the app),
// and what that project's tests/data/print_verbose_output.txt says each holds.
const PI = '7KSQL2JTUDIS5EF65KLMRQIIGY';
const REAL = [
  ['otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B',
    [['totp', 'pi@raspberrypi', 'raspberrypi', null]], -1320898453],
  ['otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACEAEYASAAKLzjp5n4%2F%2F%2F%2F%2FwE%3D',
    [['totp', 'pi@raspberrypi', null, null]], -2094403140],
  ['otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACCjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACiQ7OOa%2Bf%2F%2F%2F%2F8B',
    [['totp', 'pi@raspberrypi', null, null], ['totp', 'pi@raspberrypi', 'raspberrypi', null]], -1822886384],
  ['otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D',
    [['hotp', 'hotp demo', null, 4]], -1558849573],
];

let project;
let totp;

before(async () => {
  project = await consumerProject();
  totp = await import(pathToFileURL(project.file('node_modules', 'totp-wasm', 'dist', 'node.mjs')).href);
});
after(() => project?.remove());

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];

function randomAccount(next) {
  const bytes = Uint8Array.from({ length: 10 + Math.floor(next() * 55) }, () => Math.floor(next() * 256));
  const words = ['alice', 'Bob', 'ünïcødé', '山田', 'e-mail@example.com', 'a b', '🙂'];
  const pick = () => words[Math.floor(next() * words.length)] + Math.floor(next() * 1000);
  const hotp = next() < 0.3;
  return {
    bytes,
    account: {
      type: hotp ? 'hotp' : 'totp',
      secret: base32(bytes),
      account: pick(),
      issuer: next() < 0.7 ? pick() : null,
      algorithm: ALGORITHMS[Math.floor(next() * 3)],
      digits: next() < 0.5 ? 6 : 8,
      encoder: null,
      period: 30,
      counter: hotp ? Math.floor(next() * 2 ** 40) : null,
      image: null,
    },
  };
}

const decodeData = (uri) => Buffer.from(decodeURIComponent(uri.split('data=')[1]), 'base64');

describe('Google Authenticator transfer URIs (parseMigrationUri, migrationUris)', () => {
  it('real exports from a public source read as their source says', () => {
    for (const [uri, expected, batchId] of REAL) {
      const accounts = totp.parseMigrationUri(uri);
      assert.deepEqual(
        accounts.map((a) => [a.type, a.account, a.issuer, a.counter]),
        expected,
      );
      assert.ok(accounts.every((a) => a.secret === PI && a.algorithm === 'SHA1' && a.digits === 6 && a.period === 30));
      assert.deepEqual([accounts.version, accounts.batchSize, accounts.batchIndex, accounts.batchId], [1, 1, 0, batchId]);
    }
  });

  it('round trips: accounts -> migrationUris -> parseMigrationUri are equal (300 random sets)', () => {
    const next = random(20261208);
    for (let round = 0; round < 300; round++) {
      const accounts = Array.from({ length: 1 + Math.floor(next() * 12) }, () => randomAccount(next).account);
      const batchSize = 1 + Math.floor(next() * 6);
      const uris = totp.migrationUris(accounts, { batchSize });
      assert.equal(uris.length, Math.ceil(accounts.length / batchSize));
      const read = uris.map((uri) => totp.parseMigrationUri(uri));
      assert.deepEqual(read.flatMap((batch) => [...batch]), accounts, `round ${round}`);
      assert.ok(read.every((batch, index) => batch.batchIndex === index && batch.batchSize === uris.length && batch.batchId === read[0].batchId));
    }
  });

  it('protobufjs reads what migrationUris writes, and migrationUris reads what protobufjs writes (300 random sets each)', () => {
    const next = random(7);
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      const made = Array.from({ length: 1 + Math.floor(next() * 8) }, () => randomAccount(next));
      // Ours -> protobufjs.
      const [uri] = totp.migrationUris(made.map((m) => m.account), { batchSize: 8 });
      const decoded = Payload.toObject(Payload.decode(decodeData(uri)), { enums: String, longs: Number, bytes: Array, defaults: true });
      assert.equal(decoded.otp_parameters.length, made.length);
      decoded.otp_parameters.forEach((p, i) => {
        const { account, bytes } = made[i];
        assert.deepEqual(p.secret, [...bytes]);
        assert.equal(p.name, account.issuer === null ? account.account : `${account.issuer}:${account.account}`);
        assert.equal(p.issuer, account.issuer ?? '');
        assert.equal(p.algorithm, account.algorithm);
        assert.equal(p.digits, account.digits === 6 ? 'SIX' : 'EIGHT');
        assert.equal(p.type, account.type.toUpperCase());
        assert.equal(p.counter, account.counter ?? 0);
      });
      assert.deepEqual([decoded.version, decoded.batch_size, decoded.batch_index], [1, 1, 0]);
      // protobufjs -> ours, with a name that is the account alone (as the app writes some).
      const message = Payload.create({
        otp_parameters: made.map(({ account, bytes }) => ({
          secret: bytes,
          name: account.account,
          issuer: account.issuer ?? '',
          algorithm: ALGORITHMS.indexOf(account.algorithm) + 1,
          digits: account.digits === 6 ? 1 : 2,
          type: account.type === 'hotp' ? 1 : 2,
          counter: account.counter ?? 0,
        })),
        version: 1,
        batch_size: 3,
        batch_index: 2,
        batch_id: -123456789,
      });
      const theirs = `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(Payload.encode(message).finish()).toString('base64'))}`;
      const read = totp.parseMigrationUri(theirs);
      assert.deepEqual([...read], made.map((m) => m.account));
      assert.deepEqual([read.version, read.batchSize, read.batchIndex, read.batchId], [1, 3, 2, -123456789]);
      checked += 2;
    }
    console.log(`protobufjs interop: ${checked} payloads, each side reading the other's`);
  });

  it('malformed input throws a TypeError naming uri; accounts the app cannot hold name their index', () => {
    for (const bad of [
      'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
      'otpauth-migration://offline?data=',
      'otpauth-migration://offline?data=%%%',
      'otpauth-migration://offline?data=CiUKEPq',
      'otpauth-migration://offline?data=Cg%3D%3D',
    ]) assert.throws(() => totp.parseMigrationUri(bad), (e) => e instanceof TypeError && e.message.startsWith('uri: '), bad);
    assert.throws(() => totp.parseMigrationUri(42), { name: 'TypeError', message: /uri: must be a string/ });
    const good = { secret: PI, account: 'a' };
    assert.throws(() => totp.migrationUris([good, { ...good, digits: 7 }]), { name: 'TypeError', message: /^accounts\[1\]: an account's digits are not 6 or 8/ });
    assert.throws(() => totp.migrationUris([good, { ...good, period: 60 }]), { name: 'TypeError', message: /^accounts\[1\]: has a period other than 30 seconds/ });
    assert.throws(() => totp.migrationUris([{ ...good, colour: 'red' }]), { name: 'TypeError', message: /accounts\[0\]: unknown option 'colour'/ });
    assert.throws(() => totp.migrationUris([good], { batchSize: 51 }), { name: 'RangeError', message: /batchSize: must be an integer from 1 to 50/ });
    assert.throws(() => totp.migrationUris([]), { name: 'RangeError', message: /accounts: must have from 1 to 1000 items/ });
    assert.throws(() => totp.migrationUris('x'), { name: 'TypeError' });
    // And the module still works.
    assert.equal(totp.parseMigrationUri(REAL[0][0]).length, 1);
  });
});
