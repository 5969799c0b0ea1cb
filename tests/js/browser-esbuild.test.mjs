// The spec in Chromium, from an app bundled by esbuild (--bundle --format=esm --platform=browser).
// esbuild keeps the glue's `new URL('totp_wasm_bg.wasm', import.meta.url)` as is, so the app
// must ship the .wasm next to its bundle; this is the step an esbuild user has to add.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
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
    await copyFile(
      project.file('node_modules', 'totp-wasm', 'dist', 'totp_wasm_bg.wasm'),
      project.file('www', 'totp_wasm_bg.wasm'),
    );
    await project.write('www/index.html', html({ src: '/app.js' }));
    outcome = await runSpecInChromium(out, '/index.html');
  });
  after(() => project?.remove());

  it('fetches the wasm next to the bundle as application/wasm', () => {
    const wasm = outcome.requests.filter((request) => request.path.endsWith('.wasm'));
    assert.deepEqual(wasm, [{ path: '/totp_wasm_bg.wasm', status: 200, type: 'application/wasm' }]);
  });

  for (const [name] of spec) it(name, () => assertCasePassed(outcome, name));

  it('no console errors, page errors or failed requests', () => assert.deepEqual(outcome.problems, []));
});
