// Steam Guard codes through the installed tarball: the published vector, URIs as Steam and
// pyotp write them, and agreement with steam-totp (DoctorMcKay's implementation, which Steam
// bots use) on random secrets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import SteamTotp from 'steam-totp';
import { consumerProject } from './harness.mjs';
import { base32Encode as base32 } from './spec/util.mjs';

let project;
let totp;

before(async () => {
  project = await consumerProject();
  totp = await import(pathToFileURL(project.file('node_modules', 'totp-wasm', 'dist', 'node.mjs')).href);
});
after(() => project?.remove());


describe('Steam Guard codes (encoder: "steam")', () => {
  it("the published vector: Bitwarden's SDK test (HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ at 2023-01-01T00:00:00Z is 7W6CJ)", () => {
    const time = Date.UTC(2023, 0, 1);
    const secret = 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ';
    assert.equal(totp.generateTotp(secret, { encoder: 'steam', time }), '7W6CJ');
    for (const typed of ['7W6CJ', '7w6cj', '7W 6CJ']) assert.equal(totp.verifyTotp(secret, typed, { encoder: 'steam', time }), true, typed);
    assert.equal(totp.checkTotp(secret, '7W6CJ', { encoder: 'steam', time: time + 30_000 }), -1);
    for (const wrong of ['7W6CK', '7W6C', '7W6CJJ', '12345', '7W6C0']) assert.equal(totp.verifyTotp(secret, wrong, { encoder: 'steam', time }), false, wrong);
    assert.equal(totp.verifyTotpAttempt(secret, '7W6CJ', null, { encoder: 'steam', time }).reason, 'ok');
  });

  it('agrees with steam-totp on 200 random secrets', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(20));
      const nowSeconds = Math.floor(Date.now() / 1000);
      // 10 s into a step, so that the second steam-totp reads the clock in cannot change the step.
      const at = nowSeconds - (nowSeconds % 30) - 20 - i * 30;
      const theirs = SteamTotp.generateAuthCode(Buffer.from(bytes), at - Math.floor(Date.now() / 1000));
      assert.equal(totp.generateTotp(base32(bytes), { encoder: 'steam', time: at * 1000 }), theirs, `secret ${base32(bytes)} at ${at}`);
    }
  });

  it('URIs: Steam issuer or encoder=steam reads as Steam; provisioningUri writes both', () => {
    const secret = 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ';
    const written = totp.provisioningUri({ secret, account: 'gaben', encoder: 'steam' });
    assert.equal(written, `otpauth://totp/Steam:gaben?secret=${secret}&issuer=Steam&algorithm=SHA1&encoder=steam&period=30`);
    for (const uri of [
      written,
      `otpauth://totp/Steam:gaben?secret=${secret}&issuer=Steam`,
      `otpauth://totp/Steam:gaben?secret=${secret}&issuer=Steam&digits=5`,
      `otpauth://totp/gaben?secret=${secret}&encoder=steam`,
    ]) {
      const parsed = totp.parseUri(uri);
      assert.equal(parsed.encoder, 'steam', uri);
      assert.equal(parsed.digits, 5, uri);
      // What parseUri returns is what the code functions take.
      const { algorithm, digits, encoder, period } = parsed;
      assert.equal(totp.generateTotp(parsed.secret, { algorithm, digits, encoder, period, time: Date.UTC(2023, 0, 1) }), '7W6CJ');
    }
    assert.equal(totp.parseUri(`otpauth://totp/ACME:alice?secret=${secret}&issuer=ACME`).encoder, null);
    assert.equal(totp.parseUri(`otpauth://hotp/Steam:x?secret=${secret}&issuer=Steam&counter=1`).encoder, null, 'Steam codes are TOTP');
  });

  it('bad options throw, naming them', () => {
    const secret = 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ';
    assert.throws(() => totp.generateTotp(secret, { encoder: 'Steam' }), { name: 'TypeError', message: /^encoder: must be 'steam'/ });
    assert.throws(() => totp.generateTotp(secret, { encoder: 5 }), { name: 'TypeError', message: /^encoder:/ });
    assert.throws(() => totp.generateTotp(secret, { encoder: 'steam', digits: 6 }), { name: 'RangeError', message: /^digits: Steam Guard codes have 5 characters/ });
    assert.throws(() => totp.generateTotp(secret, { digits: 5 }), { name: 'RangeError', message: /^digits: must be an integer from 6 to 8/ });
    assert.throws(() => totp.generateHotp(secret, 1, { encoder: 'steam' }), { name: 'TypeError', message: /unknown option 'encoder'/ });
    assert.throws(() => totp.provisioningUri({ secret, account: 'a', type: 'hotp', counter: 1, encoder: 'steam' }), /encoder: only applies to type 'totp'/);
    assert.throws(() => totp.migrationUris([{ secret, account: 'a', encoder: 'steam' }]), /accounts\[0\]: an account's digits are not 6 or 8/);
  });
});
