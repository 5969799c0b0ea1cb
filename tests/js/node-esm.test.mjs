// The spec in Node through `import` from the installed tarball (exports map: node + import).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { consumerProject } from './harness.mjs';
import { spec } from './spec.mjs';

describe('Node ESM: import * as totp from "totp-wasm"', () => {
  let project;
  let entry;
  before(async () => {
    project = await consumerProject();
    // The import is resolved from inside the consumer project, as the user's own module would be.
    await project.write(
      'entry.mjs',
      [
        "import * as totp from 'totp-wasm';",
        'export { totp };',
        "export const resolved = import.meta.resolve('totp-wasm');",
        '',
      ].join('\n'),
    );
    entry = await import(pathToFileURL(project.file('entry.mjs')).href);
  });
  after(() => project?.remove());

  it("resolves to the package's Node ESM entry", () => {
    assert.equal(entry.resolved, pathToFileURL(project.file('node_modules', 'totp-wasm', 'dist', 'node.mjs')).href);
  });

  for (const [name, run] of spec) it(name, () => run(entry.totp, assert));
});
