// The package's TypeScript declarations, as a TypeScript user resolves them from the tarball:
// tsc (typescript 7, the root devDependency) over the fixtures in ./types.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, readFile, readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { bin, consumerProject } from './harness.mjs';

const STRICT = { target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] };
// esnext.disposable: the declarations use Symbol.dispose (see the last test below).
const LIB = ['es2022', 'dom', 'esnext.disposable'];
const CONFIGS = {
  'tsconfig.node16.json': {
    module: 'node16',
    moduleResolution: 'node16',
    lib: LIB,
    files: ['usage.mts', 'usage.cts', 'protect.mts', 'mistakes.mts'],
  },
  'tsconfig.bundler.json': {
    module: 'preserve',
    moduleResolution: 'bundler',
    lib: LIB,
    files: ['usage.mts', 'protect.mts', 'mistakes.mts'],
  },
  'tsconfig.mistakes.json': { module: 'node16', moduleResolution: 'node16', lib: LIB, files: ['mistakes-bare.mts'] },
  'tsconfig.es2022.json': {
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['es2022', 'dom'],
    files: ['usage.mts', 'usage.cts', 'protect.mts'],
  },
};
const DIRECTIVE = /^\s*\/\/ @ts-expect-error (TS\d+(?:\|TS\d+)*)\b/;

function tsc(project, config) {
  const result = spawnSync(bin('tsc'), ['-p', config, '--pretty', 'false', '--listFiles'], {
    cwd: project.dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  const lines = result.stdout.split('\n');
  return {
    status: result.status,
    diagnostics: lines.filter((line) => /\): error TS\d+/.test(line)),
    files: lines.filter((line) => line.startsWith('/')),
    output: [...lines.filter((line) => !line.startsWith('/')), result.stderr].join('\n').trim(),
  };
}

function assertCompiles(project, config) {
  const { status, diagnostics, output, files } = tsc(project, config);
  assert.deepEqual(diagnostics, [], `tsc -p ${config} reported errors:\n${output}`);
  assert.equal(status, 0, output);
  return files;
}

describe('TypeScript: the shipped declarations', () => {
  let project;
  before(async () => {
    project = await consumerProject();
    await cp(new URL('./types/', import.meta.url), project.dir, { recursive: true });
    // Same line numbers, without the directives: each marked line must then be an error.
    const mistakes = await readFile(project.file('mistakes.mts'), 'utf8');
    await project.write('mistakes-bare.mts', mistakes.replace(/\/\/ @ts-expect-error .*/g, '//'));
    for (const [name, { files, ...options }] of Object.entries(CONFIGS)) {
      await project.write(name, JSON.stringify({ compilerOptions: { ...STRICT, ...options }, files }, null, 2));
    }
  });
  after(() => project?.remove());

  it('node16: an ESM .mts and a CJS .cts (import = require) type-check against the exports map', () => {
    const files = assertCompiles(project, 'tsconfig.node16.json');
    const shipped = files.filter((file) => file.includes('/node_modules/totp-wasm/'));
    assert.ok(
      shipped.some((file) => file.endsWith('/totp-wasm/types/index.d.ts')),
      `the .mts uses index.d.ts: ${shipped}`,
    );
    assert.ok(
      shipped.some((file) => file.endsWith('/totp-wasm/dist/types/index.d.cts')),
      `the .cts uses the .d.cts: ${shipped}`,
    );
  });

  it('bundler resolution type-checks', () => {
    const files = assertCompiles(project, 'tsconfig.bundler.json');
    assert.ok(
      files.some((file) => file.endsWith('/totp-wasm/types/index.d.ts')),
      files.join('\n'),
    );
  });

  it('each deliberate mistake in mistakes.mts is a type error of the expected kind', async () => {
    const lines = (await readFile(project.file('mistakes.mts'), 'utf8')).split('\n');
    const expected = lines.flatMap((line, index) => {
      const match = DIRECTIVE.exec(line);
      return match ? [{ line: index + 2, codes: match[1].split('|') }] : [];
    });
    assert.ok(expected.length >= 27, `found ${expected.length} marked mistakes`);
    const { status, diagnostics, output } = tsc(project, 'tsconfig.mistakes.json');
    assert.notEqual(status, 0, `tsc accepted every mistake:\n${output}`);
    const found = diagnostics.map((diagnostic) => {
      const [, line, code] = /\((\d+),\d+\): error (TS\d+)/.exec(diagnostic);
      return { line: Number(line), code, diagnostic };
    });
    for (const { line, codes } of expected) {
      const errors = found.filter((error) => error.line === line);
      assert.ok(errors.length > 0, `line ${line} (${lines[line - 1].trim()}) is not an error any more`);
      assert.ok(
        errors.some((error) => codes.includes(error.code)),
        `line ${line}: expected ${codes.join(' or ')}, got ${errors.map((error) => error.diagnostic)}`,
      );
    }
    const unexpected = found.filter((error) => !expected.some((mistake) => mistake.line === error.line));
    assert.deepEqual(
      unexpected.map((error) => error.diagnostic),
      [],
      'errors on lines without a mistake',
    );
  });

  it('no `any` in the shipped declarations', async () => {
    const root = project.file('node_modules', 'totp-wasm');
    const declarations = (await readdir(root, { recursive: true })).filter((file) => /\.d\.c?ts$/.test(file));
    assert.ok(declarations.length >= 3, declarations.join(', '));
    for (const file of declarations) {
      const code = (await readFile(`${root}/${file}`, 'utf8'))
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const leaks = code.split('\n').filter((line) => /\bany\b/.test(line));
      assert.deepEqual(leaks, [], `${file} declares \`any\``);
    }
  });

  // The declarations use `[Symbol.dispose]` (emitted by wasm-bindgen), which exists only in lib
  // esnext.disposable; the build adds a `/// <reference lib>` so this project needs nothing extra.
  it('type-checks on lib ["es2022", "dom"] without esnext.disposable', () => {
    assertCompiles(project, 'tsconfig.es2022.json');
  });
});
