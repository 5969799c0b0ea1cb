// The spec in Chromium, from a Vite 7 production build (`vite build`) of a page importing
// "totp-wasm". Vite turns the glue's `new URL('totp_wasm_bg.wasm', import.meta.url)` into an
// emitted asset, so no extra step is needed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertCasePassed, bin, consumerProject, copySpecInto, html, run, runSpecInChromium } from './harness.mjs';
import { spec } from './spec.mjs';

describe('Chromium: Vite 7 production build of a page importing "totp-wasm"', () => {
  let project;
  let outcome;
  before(async () => {
    project = await consumerProject();
    await copySpecInto(project);
    await project.write('index.html', html({ src: '/app/browser/main.mjs' }));
    await run(bin('vite'), ['build', '--logLevel', 'warn', '--outDir', 'dist', '--emptyOutDir'], { cwd: project.dir });
    outcome = await runSpecInChromium(project.file('dist'), '/index.html');
  });
  after(() => project?.remove());

  it('fetches the emitted wasm asset as application/wasm', () => {
    const wasm = outcome.requests.filter((request) => request.path.endsWith('.wasm'));
    assert.equal(wasm.length, 1, JSON.stringify(outcome.requests));
    assert.match(wasm[0].path, /^\/assets\/totp_wasm_bg[-.\w]*\.wasm$/);
    assert.deepEqual([wasm[0].status, wasm[0].type], [200, 'application/wasm']);
  });

  for (const [name] of spec) it(name, () => assertCasePassed(outcome, name));

  it('no console errors, page errors or failed requests', () => assert.deepEqual(outcome.problems, []));
});
