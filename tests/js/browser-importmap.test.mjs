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

  it('loads the package files themselves, the wasm as application/wasm', () => {
    const fromPackage = outcome.requests.filter((request) => request.path.startsWith('/node_modules/totp-wasm/'));
    assert.deepEqual(
      fromPackage.map((request) => [request.path, request.status, request.type]).sort(),
      [
        ['/node_modules/totp-wasm/dist/totp_wasm.js', 200, 'text/javascript'],
        ['/node_modules/totp-wasm/dist/totp_wasm_bg.wasm', 200, 'application/wasm'],
        ['/node_modules/totp-wasm/fast.js', 200, 'text/javascript'],
        ['/node_modules/totp-wasm/index.js', 200, 'text/javascript'],
        ['/node_modules/totp-wasm/published.js', 200, 'text/javascript'],
        ['/node_modules/totp-wasm/service.js', 200, 'text/javascript'],
      ],
    );
  });

  for (const [name] of spec) it(name, () => assertCasePassed(outcome, name));

  it('no console errors, page errors or failed requests', () => assert.deepEqual(outcome.problems, []));
});
