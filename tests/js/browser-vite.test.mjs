// The spec in Chromium, from a Vite 7 production build (`vite build`) of a page importing
// "totp-wasm", with no config: the wasm is inside the bundle.
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

  it('fetches no .wasm file: the wasm is inside the bundle', () => {
    assert.deepEqual(outcome.requests.filter((request) => request.path.endsWith('.wasm')), []);
  });

  for (const [name] of spec) it(name, () => assertCasePassed(outcome, name));

  it('no console errors, page errors or failed requests', () => assert.deepEqual(outcome.problems, []));
});
