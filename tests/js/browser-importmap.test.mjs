// The spec in Chromium, unbundled: a plain <script type="module"> page whose import map points
// "totp-wasm" at the installed package's browser entry, served over HTTP from the project.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IMPORT_MAP, assertCasePassed, consumerProject, copySpecInto, html, runSpecInChromium } from './harness.mjs';
import { spec } from './spec.mjs';

describe('Chromium: <script type="module"> with an import map, no bundler', () => {
  let project;
  let outcome;
  before(async () => {
    project = await consumerProject();
    await copySpecInto(project);
    await project.write('index.html', html({ head: IMPORT_MAP, src: '/app/browser/main.mjs' }));
    outcome = await runSpecInChromium(project.dir, '/index.html');
  });
  after(() => project?.remove());

  it('loads the package modules themselves, and no .wasm file (the wasm is inline)', () => {
    const fromPackage = outcome.requests.filter((request) => request.path.startsWith('/node_modules/totp-wasm/'));
    assert.ok(fromPackage.length > 0, 'the page loaded the package');
    for (const request of fromPackage) {
      assert.match(request.path, /^\/node_modules\/totp-wasm\/dist\/web\/[\w/-]+\.js$/);
      assert.deepEqual([request.status, request.type], [200, 'text/javascript'], request.path);
    }
    assert.deepEqual(outcome.requests.filter((request) => request.path.endsWith('.wasm')), []);
  });

  for (const [name] of spec) it(name, () => assertCasePassed(outcome, name));

  it('no console errors, page errors or failed requests', () => assert.deepEqual(outcome.problems, []));
});
