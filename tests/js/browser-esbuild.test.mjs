// The spec in Chromium, from an app bundled by esbuild (--bundle --format=esm --platform=browser),
// with nothing else to copy or configure: the wasm is inside the bundle.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { assertCasePassed, bin, consumerProject, copySpecInto, html, run, runSpecInChromium } from './harness.mjs';
import { spec } from './spec.mjs';

describe('Chromium: esbuild bundle of an app importing "totp-wasm"', () => {
  let project;
  let outcome;
  before(async () => {
    project = await consumerProject();
    await copySpecInto(project);
    const out = project.file('www');
    await mkdir(out);
    await run(
      bin('esbuild'),
      [
        'app/browser/main.mjs',
        '--bundle',
        '--format=esm',
        '--platform=browser',
        '--outfile=www/app.js',
        '--log-level=warning',
      ],
      { cwd: project.dir },
    );
    await project.write('www/index.html', html({ src: '/app.js' }));
    outcome = await runSpecInChromium(out, '/index.html');
  });
  after(() => project?.remove());

  it('fetches nothing but the page and the bundle', () => {
    assert.deepEqual(
      outcome.requests.map((request) => [request.path, request.status]),
      [
        ['/index.html', 200],
        ['/app.js', 200],
      ],
    );
  });

  for (const [name] of spec) it(name, () => assertCasePassed(outcome, name));

  it('no console errors, page errors or failed requests', () => assert.deepEqual(outcome.problems, []));
});
