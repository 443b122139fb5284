import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Rules the documentation keeps so a newcomer never has to guess: a short landing page, links
// that lead somewhere, and commands that run what they say.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every markdown file a reader meets: the root ones, docs/, and each package's README. */
function markdownFiles(): string[] {
  const rootFiles = readdirSync(root).filter((name) => name.endsWith('.md'));
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const readmes = ['packages', 'apps']
    .flatMap((folder) => readdirSync(path.join(root, folder)).map((name) => `${folder}/${name}`))
    .map((folder) => `${folder}/README.md`)
    .filter((file) => existsSync(path.join(root, file)));
  return [...rootFiles, ...docs, ...readmes, '.changeset/README.md'];
}

function read(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

describe('the documentation', () => {
  it('keeps the README a landing page of at most 200 lines', () => {
    const lines = read('README.md').split('\n').length;
    expect(lines).toBeLessThanOrEqual(200);
  });

  it('runs the sandbox CLI by its scoped name only (an unscoped name could be anyone’s)', () => {
    const sources = ['packages/sandbox/src/run-cli.ts', 'packages/sandbox/src/cli.ts'];
    for (const file of [...markdownFiles(), ...sources]) {
      expect(read(file), file).not.toMatch(/\bnpx enkash-sandbox\b|Usage: enkash-sandbox/);
    }
    expect(read('packages/sandbox/README.md')).toContain('npx @enkash/sandbox');
  });

  it('links only to files that exist', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const match of read(file).matchAll(/\]\(([^)#\s]+)(#[^)\s]*)?\)/g)) {
        const target = match[1] ?? '';
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = path.resolve(root, path.dirname(file), target);
        if (!existsSync(resolved)) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
