// What a browser downloads: esbuild --bundle --minify --format=esm --platform=browser, then the
// bytes as served (minified) and gzip -9'd. For totp-wasm the .wasm file ships beside the bundle
// (its glue fetches it from new URL(..., import.meta.url)), so it is counted too.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { hashBackupCode } from 'totp-wasm';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const wasmBytes = readFileSync(new URL('../node_modules/totp-wasm/dist/totp_wasm_bg.wasm', import.meta.url));
const floorWasm = (floor) =>
  readFileSync(new URL(`../node_modules/totp-wasm-floor/dist/${floor}/floor-${floor}_bg.wasm`, import.meta.url));

// The same page both ways: make a secret, show its URI as a QR code, check the first code typed in.
const enrollmentPage = {
  'totp-wasm': `
    import { generateSecret, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm';
    const secret = generateSecret();
    const uri = provisioningUri({ secret, account: 'alice@example.com', issuer: 'Example Co' });
    document.querySelector('#qr').innerHTML = qrSvg(uri);
    document.querySelector('form').onsubmit = (event) => {
      event.preventDefault();
      const ok = verifyTotp(secret, document.querySelector('input').value, { window: 1 });
      document.querySelector('output').textContent = ok ? 'enabled' : 'wrong code';
    };`,
  floor: `
    import { generateSecret, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm-floor/enroll';
    const secret = generateSecret();
    const uri = provisioningUri(secret, 'alice@example.com', 'Example Co');
    document.querySelector('#qr').innerHTML = qrSvg(uri);
    document.querySelector('form').onsubmit = (event) => {
      event.preventDefault();
      const ok = verifyTotp(secret, document.querySelector('input').value, {});
      document.querySelector('output').textContent = ok ? 'enabled' : 'wrong code';
    };`,
  'otpauth + qrcode': `
    import { Secret, TOTP } from 'otpauth';
    import { toString } from 'qrcode';
    const totp = new TOTP({ secret: new Secret({ size: 20 }), label: 'alice@example.com', issuer: 'Example Co' });
    toString(totp.toString(), { type: 'svg' }, (error, svg) => { document.querySelector('#qr').innerHTML = svg; });
    document.querySelector('form').onsubmit = (event) => {
      event.preventDefault();
      const ok = totp.validate({ token: document.querySelector('input').value, window: 1 }) !== null;
      document.querySelector('output').textContent = ok ? 'enabled' : 'wrong code';
    };`,
};

/** The JS stack that does what the whole package does, with the backup-code KDF the package uses. */
function javascriptStack() {
  const kdf = hashBackupCode('AAAA-BBBB-CCCC').startsWith('$argon2')
    ? `export { argon2id } from '@noble/hashes/argon2.js';`
    : `export { pbkdf2 } from '@noble/hashes/pbkdf2.js'; export { sha256 } from '@noble/hashes/sha2.js';`;
  return {
    kdf: kdf.includes('argon2') ? 'argon2id' : 'pbkdf2-sha256',
    source: `
      export * from 'otpauth';
      export { toString as qrToString, toDataURL as qrToDataURL } from 'qrcode';
      export { gcm } from '@noble/ciphers/aes.js';
      export { randomBytes } from '@noble/ciphers/utils.js';
      ${kdf}`,
  };
}

async function bundle(source) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

const measure = (bytes) => ({ min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });

/** { js, wasm?, total } of {min, gzip} bytes for each build; `wasm` the bytes beside the bundle. */
async function measureBuild(source, wasmFile) {
  const js = measure(await bundle(source));
  if (!wasmFile) return { js, total: js };
  const wasm = measure(wasmFile);
  return { js, wasm, total: { min: js.min + wasm.min, gzip: js.gzip + wasm.gzip } };
}

export async function measureSizes() {
  const stack = javascriptStack();
  return {
    enrollment: {
      ours: await measureBuild(enrollmentPage['totp-wasm'], wasmBytes),
      floor: await measureBuild(enrollmentPage.floor, floorWasm('enroll')),
      peer: await measureBuild(enrollmentPage['otpauth + qrcode']),
      peerName: 'otpauth + qrcode',
    },
    whole: {
      ours: await measureBuild(`export * from 'totp-wasm';`, wasmBytes),
      floor: await measureBuild(`export * from 'totp-wasm-floor/whole';`, floorWasm('whole')),
      peer: await measureBuild(stack.source),
      peerName: `otpauth + qrcode + @noble/ciphers gcm + @noble/hashes ${stack.kdf}`,
    },
  };
}
