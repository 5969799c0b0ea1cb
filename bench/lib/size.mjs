// What a browser downloads: each app bundled by esbuild (--bundle --minify --format=esm
// --platform=browser), then gzip -9. totp-wasm carries its wasm inline in its modules (a base64
// string literal in dist/web/wasm/<feature>.js, of the wasm or of its deflated bytes), so its
// bundle is everything the page downloads; the per-feature modules let esbuild keep only the
// wasm files whose functions the app imports. Each bundle's inline wasm is found by that literal
// and weighed apart (the JS glue is the bundle without those strings).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { hashBackupCode } from 'totp-wasm';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const FEATURES = ['codes', 'qr', 'protect', 'migrate'];
/** The longest base64 literal of a feature's inline module: the wasm as the package carries it. */
function inlineLiteral(feature) {
  const source = readFileSync(new URL(`../node_modules/totp-wasm/dist/web/wasm/${feature}.js`, import.meta.url), 'utf8');
  const literals = [...source.matchAll(/(['"`])([A-Za-z0-9+/=]{256,})\1/g)].map((match) => match[2]);
  if (!literals.length) throw new Error(`dist/web/wasm/${feature}.js: no inline base64 literal found`);
  const literal = literals.reduce((a, b) => (b.length > a.length ? b : a));
  const head = Buffer.from(literal.slice(0, 8), 'base64');
  return { literal, form: head.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])) ? 'base64' : 'deflate + base64' };
}
// Read when the sizes are measured, not at import: the package may be rebuilt meanwhile.
let packageWasm;
let inline;
function readPackage() {
  const wasmFile = (feature) => readFileSync(new URL(`../node_modules/totp-wasm/dist/wasm/${feature}.wasm`, import.meta.url));
  packageWasm = Object.fromEntries(FEATURES.map((feature) => [feature, wasmFile(feature)]));
  inline = Object.fromEntries(FEATURES.map((feature) => [feature, inlineLiteral(feature)]));
}
const floorWasm = (floor) => readFileSync(new URL(`../node_modules/totp-wasm-floor/dist/${floor}.wasm`, import.meta.url));

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const measure = (bytes) => ({ min: bytes.length, gzip: gzip(bytes) });

// The same page every way: make a secret, show its URI as a QR code, check the first code typed in.
const page = ({ imports, setup, uri, svg, verify }) => `
  ${imports}
  ${setup}
  const uri = ${uri};
  ${svg((code) => `document.querySelector('#qr').innerHTML = ${code};`)}
  document.querySelector('form').onsubmit = (event) => {
    event.preventDefault();
    const token = document.querySelector('input').value;
    document.querySelector('output').textContent = ${verify} ? 'enabled' : 'wrong code';
  };`;
const otpauthPage = (hmac = '') => ({
  setup: `const totp = new TOTP({ secret: new Secret({ size: 20 }), label: 'alice@example.com', issuer: 'Example Co'${hmac} });`,
  uri: 'totp.toString()',
  verify: 'totp.validate({ token, window: 1 }) !== null',
});
const viaQrcode = (show) => `toString(uri, { type: 'svg' }, (error, svg) => { ${show('svg')} });`;
const viaUqr = (show) => show(`renderSVG(uri, { ecc: 'M', border: 4, pixelSize: 1 })`);

const ENROLMENT = {
  'totp-wasm': page({
    imports: `import { generateSecret, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm';`,
    setup: `const secret = generateSecret();`,
    uri: `provisioningUri({ secret, account: 'alice@example.com', issuer: 'Example Co' })`,
    svg: (show) => show('qrSvg(uri)'),
    verify: 'verifyTotp(secret, token, { window: 1 })',
  }),
  'otpauth + qrcode': page({
    ...otpauthPage(),
    imports: `import { Secret, TOTP } from 'otpauth'; import { toString } from 'qrcode';`,
    svg: viaQrcode,
  }),
  'otpauth + uqr': page({
    ...otpauthPage(),
    imports: `import { Secret, TOTP } from 'otpauth'; import { renderSVG } from 'uqr';`,
    svg: viaUqr,
  }),
  // otpauth's `otpauth/bare` build ships no hashes and takes an `hmac` function.
  'otpauth/bare + @noble/hashes sha1 + uqr': page({
    ...otpauthPage(', hmac: (algorithm, key, message) => hmac(sha1, key, message)'),
    imports: `import { Secret, TOTP } from 'otpauth/bare'; import { hmac } from '@noble/hashes/hmac.js';
      import { sha1 } from '@noble/hashes/legacy.js'; import { renderSVG } from 'uqr';`,
    svg: viaUqr,
  }),
};
const FLOOR_ENROLMENT = page({
  imports: `import { generateSecret, provisioningUri, qrSvg, verifyTotp } from 'totp-wasm-floor/enroll';`,
  setup: `const secret = generateSecret();`,
  uri: `provisioningUri(secret, 'alice@example.com', 'Example Co')`,
  svg: (show) => show('qrSvg(uri)'),
  verify: 'verifyTotp(secret, token)',
});

/** The JS stacks that do what the whole package does, with the backup-code KDF the package uses. */
function javascriptStacks() {
  const kdf = hashBackupCode('AAAA-BBBB-CCCC').startsWith('$argon2')
    ? `export { argon2id } from '@noble/hashes/argon2.js';`
    : `export { pbkdf2 } from '@noble/hashes/pbkdf2.js'; export { sha256 } from '@noble/hashes/sha2.js';`;
  const crypto = `export { gcm } from '@noble/ciphers/aes.js'; export { randomBytes } from '@noble/ciphers/utils.js'; ${kdf}`;
  const kdfName = kdf.includes('argon2') ? 'argon2id' : 'pbkdf2-sha256';
  return {
    [`otpauth + qrcode + @noble/ciphers gcm + @noble/hashes ${kdfName}`]: `export * from 'otpauth';
      export { toString as qrToString, toDataURL as qrToDataURL } from 'qrcode'; ${crypto}`,
    [`otpauth + uqr + @noble/ciphers gcm + @noble/hashes ${kdfName}`]: `export * from 'otpauth';
      export { renderSVG } from 'uqr'; ${crypto}`,
  };
}

async function bundle(source, external = []) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

/** A totp-wasm bundle: its total, which wasm files it inlines, and its JS without them. */
async function measurePackage(source) {
  const bytes = await bundle(source);
  let text = Buffer.from(bytes).toString('latin1');
  const inlined = FEATURES.filter((feature) => {
    const { literal } = inline[feature];
    if (!text.includes(literal)) return false;
    text = text.replace(literal, '');
    return true;
  });
  if (/[A-Za-z0-9+/=]{4096}/.test(text)) throw new Error('a totp-wasm bundle inlines a wasm that dist/web/wasm/ does not (was pkg/dist rebuilt meanwhile?)');
  return { total: measure(bytes), js: measure(Buffer.from(text, 'latin1')), inlined };
}

/** A floor: inline (the package's form) and with its wasm as a file beside the JS. */
async function measureFloor(source, floor) {
  const inline = measure(await bundle(source));
  const js = measure(await bundle(source, ['*.wasm.js']));
  const wasm = measure(floorWasm(floor));
  return { inline, file: { min: js.min + wasm.min, gzip: js.gzip + wasm.gzip }, wasm };
}

/** Each wasm file of the package: raw, gzip -9, and its inline literal (as shipped) raw and gzip -9. */
function measureWasmFiles() {
  return Object.fromEntries(
    FEATURES.map((feature) => {
      const bytes = packageWasm[feature];
      const { literal, form } = inline[feature];
      return [feature, { raw: bytes.length, gzip: gzip(bytes), inline: measure(Buffer.from(literal)), form }];
    }),
  );
}

export async function measureSizes() {
  readPackage();
  const peers = async (sources) =>
    Object.fromEntries(await Promise.all(Object.entries(sources).map(async ([name, source]) => [name, measure(await bundle(source))])));
  const { 'totp-wasm': ours, ...enrolmentPeers } = ENROLMENT;
  return {
    wasm: measureWasmFiles(),
    enrolment: {
      ours: await measurePackage(ours),
      peers: await peers(enrolmentPeers),
      floor: await measureFloor(FLOOR_ENROLMENT, 'enroll'),
    },
    whole: {
      ours: await measurePackage(`export * from 'totp-wasm';`),
      peers: await peers(javascriptStacks()),
      floor: await measureFloor(`export * from 'totp-wasm-floor/whole';`, 'whole'),
    },
    codeFloor: await measureFloor(`export { totp, hotp, verify } from 'totp-wasm-floor/code';`, 'code'),
  };
}

export { ENROLMENT, FLOOR_ENROLMENT };
