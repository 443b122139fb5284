import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repositoryRoot, run, withoutVitestWorkerVariables } from './consumer-projects.js';
import { samplesOf } from './markdown-samples.js';
import { nodeBinaries } from './node-versions.js';

const { packages, fresh, hasVitest3 } = inject('consumers');
const tsc = path.join(fresh.directory, 'node_modules', 'typescript', 'bin', 'tsc');
const [node24] = nodeBinaries().slice(-1);

// Entry points that only load inside a test runner: they register vitest suites.
const RUNNER_ONLY = new Set(['@enkash/auth-core/testing']);
const entryPoints = packages.flatMap((entry) => entry.entryPoints);

/** Writes `files` into `directory`, then runs `tsc -p <tsconfig>` there with Node 24. */
function compile(directory: string, tsconfig: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(directory, name), content);
  }
  return run(node24?.executable ?? process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], {
    cwd: directory,
  });
}

const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'ES2023',
  lib: ['ES2023', 'DOM'],
};

describe('a project that already has vitest@3', () => {
  it('installs @enkash/payouts with plain npm install (no peer dependency conflict)', () => {
    expect(hasVitest3.vitest.ok, hasVitest3.vitest.output).toBe(true);
    expect(hasVitest3.install.ok, hasVitest3.install.output).toBe(true);
    expect(hasVitest3.install.output).not.toMatch(/ERESOLVE|peer/i);
    const installed = JSON.parse(
      readFileSync(
        path.join(hasVitest3.directory, 'node_modules', 'vitest', 'package.json'),
        'utf8',
      ),
    ) as { version: string };
    expect(installed.version).toMatch(/^3\./);
  });

  it("runs auth-core's README store contract block with its vitest 3", () => {
    const block = samplesOf('packages/auth-core/README.md').find(
      (sample) => sample.fileName === 'my-store.test.ts',
    );
    expect(block, 'the auth-core README shows my-store.test.ts').toBeDefined();
    writeFileSync(path.join(hasVitest3.directory, 'my-store.test.ts'), block?.code ?? '');
    const vitest = path.join(hasVitest3.directory, 'node_modules', 'vitest', 'vitest.mjs');
    const result = run(
      node24?.executable ?? process.execPath,
      [vitest, 'run', 'my-store.test.ts', '--root', '.'],
      { cwd: hasVitest3.directory, env: { ...withoutVitestWorkerVariables(), NO_COLOR: '1' } },
    );
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
    expect(result.ok, result.output).toBe(true);
  });

  it('type-checks @enkash/auth-core/testing with skipLibCheck false and no @enkash/sandbox installed', () => {
    expect(existsSync(path.join(hasVitest3.directory, 'node_modules', '@enkash', 'sandbox'))).toBe(
      false,
    );
    writeFileSync(
      path.join(hasVitest3.directory, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...STRICT, module: 'nodenext', moduleResolution: 'nodenext', types: [] },
        files: ['check.ts'],
      }),
    );
    const result = compile(hasVitest3.directory, 'tsconfig.json', {
      'check.ts': [
        "import { createMemoryStore } from '@enkash/auth-core';",
        "import { runTokenStoreContract, type TokenStoreContractOptions } from '@enkash/auth-core/testing';",
        "import { createPayoutsAuth } from '@enkash/payouts';",
        'const options: TokenStoreContractOptions = { concurrency: 10 };',
        "export const register = () => runTokenStoreContract('memory', () => createMemoryStore(), options);",
        'export { createPayoutsAuth };',
        '',
      ].join('\n'),
    });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('publishes nothing from the testing entry but runTokenStoreContract', async () => {
    const testing = path.join(
      hasVitest3.directory,
      'node_modules',
      '@enkash',
      'auth-core',
      'dist',
      'testing',
    );
    const declarations = readdirSync(testing).filter((file) => file.endsWith('.d.ts'));
    const text = declarations.map((file) => readFileSync(path.join(testing, file), 'utf8'));
    expect(text.join('\n')).not.toMatch(/from '(@enkash\/sandbox|vitest)'/);
    expect(text.join('\n')).not.toMatch(
      /runProductContract|expectReadmeToShowQuickStart|readmeQuickStartOf|startQuickStartSandbox/,
    );
  });
});

describe('the fresh project', () => {
  it('installs every tarball with npm', () => {
    expect(fresh.install.ok, fresh.install.output).toBe(true);
  });

  for (const node of nodeBinaries()) {
    it(`imports every entry point as ESM and require()s it from CommonJS on ${node.label}`, () => {
      const loadable = entryPoints.filter((entry) => !RUNNER_ONLY.has(entry));
      writeFileSync(
        path.join(fresh.directory, 'load.mjs'),
        [
          "import { createRequire } from 'node:module';",
          'const require = createRequire(import.meta.url);',
          `const entries = ${JSON.stringify(loadable)};`,
          'const result = {};',
          'for (const entry of entries) {',
          '  const esm = Object.keys(await import(entry)).sort();',
          '  const cjs = Object.keys(require(entry)).filter((key) => key !== "module.exports").sort();',
          '  result[entry] = { esm, cjs };',
          '}',
          'console.log(JSON.stringify(result));',
        ].join('\n'),
      );
      const result = run(node.executable, ['load.mjs'], { cwd: fresh.directory });
      expect(result.ok, result.output).toBe(true);
      const loaded = JSON.parse(result.output) as Record<string, { esm: string[]; cjs: string[] }>;
      expect(Object.keys(loaded).sort()).toEqual([...loadable].sort());
      for (const [entry, { esm, cjs }] of Object.entries(loaded)) {
        expect(esm.length, `${entry} exports nothing`).toBeGreaterThan(0);
        expect(cjs, `require('${entry}') differs from import`).toEqual(esm);
      }
    });
  }

  for (const [label, module, moduleResolution] of [
    ['nodenext', 'nodenext', 'nodenext'],
    ['bundler', 'esnext', 'bundler'],
  ] as const) {
    it(`type-checks every public entry point strictly (skipLibCheck false) under ${label}`, () => {
      const tsconfig = `tsconfig.${label}.json`;
      writeFileSync(
        path.join(fresh.directory, tsconfig),
        JSON.stringify({
          compilerOptions: { ...STRICT, module, moduleResolution, types: ['node'] },
          files: [`entries.${label}.ts`],
        }),
      );
      const lines = entryPoints.map((entry, index) => `import * as entry${index} from '${entry}';`);
      lines.push(
        `export const all = [${entryPoints.map((_, index) => `entry${index}`).join(', ')}];`,
      );
      const result = compile(fresh.directory, tsconfig, {
        [`entries.${label}.ts`]: `${lines.join('\n')}\n`,
      });
      expect(result.output).toBe('');
      expect(result.ok).toBe(true);
    });
  }

  it('ships source maps that carry their sources, and no map pointing at a missing file', () => {
    const problems: string[] = [];
    let maps = 0;
    for (const entry of packages) {
      const installed = path.join(fresh.directory, 'node_modules', ...entry.name.split('/'));
      for (const file of filesUnder(path.join(installed, 'dist'))) {
        if (file.endsWith('.d.ts.map')) problems.push(`${entry.name}: declaration map ${file}`);
        if (!file.endsWith('.js.map')) continue;
        maps += 1;
        const map = JSON.parse(readFileSync(file, 'utf8')) as {
          sources: string[];
          sourcesContent?: Array<string | null>;
        };
        map.sources.forEach((source, index) => {
          const content = map.sourcesContent?.[index];
          const onDisk = path.resolve(path.dirname(file), source);
          if (typeof content === 'string' && content.length > 0) {
            // The content must be the source the file was built from.
            const original = path.resolve(
              entry.folder,
              path.relative(installed, path.dirname(file)),
              source,
            );
            if (!existsSync(original) || readFileSync(original, 'utf8') !== content) {
              problems.push(
                `${entry.name}: ${path.relative(installed, file)} embeds stale ${source}`,
              );
            }
          } else if (!existsSync(onDisk)) {
            problems.push(
              `${entry.name}: ${path.relative(installed, file)} points at missing ${source}`,
            );
          }
        });
      }
    }
    expect(problems).toEqual([]);
    expect(maps).toBeGreaterThan(packages.length);
  });
});

/** Every file below `directory`. */
function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

// The repository root is the one place these tests must never resolve packages from.
it('keeps every consumer project outside the repository', () => {
  for (const directory of [fresh.directory, hasVitest3.directory]) {
    expect(path.relative(repositoryRoot, directory).startsWith('..')).toBe(true);
  }
});
