import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Every `ts` block of the newcomer documentation must compile against the real packages:
// the samples are written to a folder where `@enkash/*` resolve as they would for a user.
const demoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = path.resolve(demoRoot, '..', '..');
// The root README and every page of docs/ (the guide holds most samples).
const DOCUMENTS = [
  'README.md',
  ...readdirSync(path.join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const FILE_COMMENT = /^\/\/ ([\w.-]+\.ts)\b/;
const folder = path.join(demoRoot, 'node_modules', '.doc-samples');
const require = createRequire(import.meta.url);

interface Sample {
  document: string;
  line: number;
  code: string;
}

function samplesOf(document: string): Sample[] {
  const text = readFileSync(path.join(repositoryRoot, document), 'utf8');
  const samples: Sample[] = [];
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split('\n').length + 1;
    samples.push({ document, line, code: match[1] ?? '' });
  }
  return samples;
}

/** A sample that starts with `// name.ts` becomes that file, so others can import it. */
function fileNameOf(sample: Sample, index: number): string {
  return FILE_COMMENT.exec(sample.code)?.[1] ?? `sample-${index}.ts`;
}

/** Writes every sample to `folder`; returns file name to `document:line`. */
function writeSamples(samples: readonly Sample[]): Map<string, string> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const origins = new Map<string, string>();
  samples.forEach((sample, index) => {
    const file = fileNameOf(sample, index);
    origins.set(file, `${sample.document}:${sample.line}`);
    writeFileSync(path.join(folder, file), sample.code);
  });
  writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    path.join(folder, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(repositoryRoot, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, types: ['node'], skipLibCheck: true },
      include: ['*.ts'],
    }),
  );
  return origins;
}

/** Runs a Node script in `folder`; returns its standard output, or throws carrying both streams. */
function runInFolder(script: string, args: readonly string[]): string {
  // A nested vitest must not think it is a worker of this one.
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
  );
  return execFileSync(process.execPath, [script, ...args], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...environment, NO_COLOR: '1' },
  });
}

function outputOf(error: unknown): string {
  const { stdout, stderr } = error as { stdout?: unknown; stderr?: unknown };
  return `${String(stdout ?? '')}${String(stderr ?? '')}` || String(error);
}

describe('documentation samples', () => {
  const samples = DOCUMENTS.flatMap(samplesOf);
  let origins: Map<string, string>;

  beforeAll(() => {
    origins = writeSamples(samples);
  });

  it('finds the samples of both documents', () => {
    expect(samples.filter((sample) => sample.document === 'README.md').length).toBeGreaterThan(0);
    expect(samples.filter((sample) => sample.document === 'docs/guide.md').length).toBeGreaterThan(
      10,
    );
  });

  it('type-checks every sample under the repository strict settings', () => {
    let output = '';
    try {
      runInFolder(require.resolve('typescript/bin/tsc'), ['-p', '.', '--pretty', 'false']);
    } catch (error) {
      output = outputOf(error);
    }
    // Name the document and line each failing sample came from.
    const located = output.replace(/^([\w.-]+\.ts)\(/gm, (_, file: string) => {
      return `${origins.get(file) ?? file} (${file})(`;
    });
    expect(located).toBe('');
  });

  it("passes the guide's sandbox test suite when run with vitest", () => {
    const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
    let output: string;
    try {
      output = runInFolder(vitest, ['run', '--root', '.', 'payments.test.ts']);
    } catch (error) {
      output = outputOf(error);
    }
    expect(output).toMatch(/Tests\s+5 passed \(5\)/);
  });
});
