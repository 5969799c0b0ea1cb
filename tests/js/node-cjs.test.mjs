// The spec in Node through `require` from the installed tarball (exports map: node + require).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { consumerProject } from './harness.mjs';
import { spec } from './spec.mjs';

describe('Node CJS: require("totp-wasm")', () => {
  let project;
  let entry;
  before(async () => {
    project = await consumerProject();
    await project.write(
      'entry.cjs',
      [
        "const totp = require('totp-wasm');",
        "module.exports = { totp, resolved: require.resolve('totp-wasm') };",
        '',
      ].join('\n'),
    );
    entry = createRequire(import.meta.url)(project.file('entry.cjs'));
  });
  after(() => project?.remove());

  it("resolves to the package's CommonJS entry", () => {
    assert.equal(entry.resolved, project.file('node_modules', 'totp-wasm', 'dist', 'index.cjs'));
  });

  it('works synchronously right after require, with no init call', () => {
    const { totp } = createRequire(import.meta.url)(project.file('entry.cjs'));
    assert.equal(totp.generateTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { time: 59000, digits: 8 }), '94287082');
  });

  for (const [name, run] of spec) it(name, () => run(entry.totp, assert));
});
