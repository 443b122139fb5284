import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run, runProjectVitest } from './consumer-projects.js';
import { documents, type Sample, samplesOf } from './markdown-samples.js';
import { nodeBinaries } from './node-versions.js';

// Every ```ts block of the READMEs and the guide, as a user would paste it into a project that
// installed the tarballs: one folder per document (a block may import another block by its
// `// name.ts` file name), compiled under strict settings, and the blocks that are vitest files run.
const { fresh } = inject('consumers');
const samplesFolder = path.join(fresh.directory, 'samples');
const [node24] = nodeBinaries().slice(-1);
const node = node24?.executable ?? process.execPath;
const samples = documents().flatMap(samplesOf);

function folderOf(sample: Sample): string {
  return sample.document.replace(/\.md$/, '').replaceAll(/[^\w-]+/g, '-');
}

/** `samples/<folder>/<file>` back to `document:line`, for readable failures. */
const origins = new Map<string, string>();

beforeAll(() => {
  rmSync(samplesFolder, { recursive: true, force: true });
  for (const sample of samples) {
    const relative = path.join(folderOf(sample), sample.fileName);
    if (origins.has(relative)) throw new Error(`two samples write ${relative}`);
    origins.set(relative, `${sample.document}:${sample.line}`);
    mkdirSync(path.join(samplesFolder, folderOf(sample)), { recursive: true });
    writeFileSync(path.join(samplesFolder, relative), sample.code);
  }
  writeFileSync(
    path.join(samplesFolder, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'ES2023',
        lib: ['ES2023'],
        types: ['node'],
        noEmit: true,
        // The packages' own declarations are checked with skipLibCheck false by install.test.ts.
        skipLibCheck: true,
      },
      include: ['**/*.ts'],
    }),
  );
});

describe('README and guide samples against the installed tarballs', () => {
  it('finds samples in the root README, the guide and every package README', () => {
    const expected = documents().filter((document) => !document.startsWith('docs/'));
    for (const document of [...expected, 'docs/guide.md']) {
      expect(
        samples.some((sample) => sample.document === document),
        `${document} has no ts block`,
      ).toBe(true);
    }
  });

  it('compiles every sample as a complete program (its imports, no undefined names)', () => {
    const tsc = path.join(fresh.directory, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = run(node, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: samplesFolder,
    });
    const located = result.output.replace(/^([\w./-]+\.ts)\(/gm, (_, file: string) => {
      return `${origins.get(file) ?? file} (${file})(`;
    });
    expect(located).toBe('');
    expect(result.ok).toBe(true);
  });

  it("runs the sandbox README's vitest block with each of its tests twice in one file", () => {
    // Following the sandbox README literally (one sandbox per file, reset() before each test, a
    // new auth per test), the second of two identical tests must not see the first one's token.
    const block = samplesOf('packages/sandbox/README.md').find((sample) => sample.isTest);
    expect(block, 'the sandbox README shows a vitest block').toBeDefined();
    const code = block?.code ?? '';
    const firstTest = code.search(/^it\(/m);
    expect(firstTest, 'the block has top-level it() cases').toBeGreaterThan(0);
    const again = code.slice(firstTest).replaceAll(/^it\((['"`])/gm, 'it($1again: ');
    const folder = path.join(fresh.directory, 'sandbox-twice');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'twice.test.ts'), `${code}\n${again}`);
    const { outcome, report } = runProjectVitest(node, fresh.directory, folder);
    expect(report, outcome.output).toBeDefined();
    const once = (code.slice(firstTest).match(/^it\(/gm) ?? []).length;
    expect(report?.numTotalTests).toBe(2 * once);
    expect(report?.numPassedTests, outcome.output).toBe(report?.numTotalTests);
  });

  it('runs every sample that is a vitest file, and each passes', () => {
    const tests = samples.filter((sample) => sample.isTest);
    expect(tests.length).toBeGreaterThanOrEqual(7);
    const { outcome, report } = runProjectVitest(node, fresh.directory, samplesFolder);
    expect(report, outcome.output).toBeDefined();
    const files = (report?.testResults ?? []).map((file) => ({
      sample: origins.get(path.relative(samplesFolder, file.name)) ?? file.name,
      status: file.status,
      message: file.message ?? '',
    }));
    expect(files.map((file) => file.sample).sort()).toEqual(
      tests.map((sample) => `${sample.document}:${sample.line}`).sort(),
    );
    expect(files.filter((file) => file.status !== 'passed')).toEqual([]);
    expect(outcome.ok, outcome.output).toBe(true);
  });
});
