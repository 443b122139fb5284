import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleDist, exportedScripts } from './bundle-dist.mjs';

const made: string[] = [];

afterEach(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A package as tsc leaves it: two entries that share a class and a registry through a third module. */
function fixturePackage(exportsField: unknown): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bundle-dist-'));
  made.push(directory);
  mkdirSync(path.join(directory, 'dist', 'testing'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: '@enkash/fixture',
      type: 'module',
      exports: exportsField,
    }),
    'dist/registry.js': [
      "import { basename } from 'node:path';",
      'export class Account { constructor(name) { this.name = basename(name); } }',
      'export const registry = new Map();',
      '//# sourceMappingURL=registry.js.map',
    ].join('\n'),
    'dist/registry.js.map': JSON.stringify({
      version: 3,
      file: 'registry.js',
      sources: ['../src/registry.ts'],
      sourcesContent: ['// the TypeScript of registry'],
      names: [],
      mappings: 'AAAA',
    }),
    'dist/registry.d.ts': 'export declare class Account { name: string; }',
    'dist/index.js': [
      "import { Account, registry } from './registry.js';",
      'export function open(name) { const account = new Account(name); registry.set(name, account); return account; }',
    ].join('\n'),
    'dist/index.d.ts': "export { Account } from './registry.js';",
    'dist/testing/index.js': [
      "import { Account, registry } from '../registry.js';",
      'export { Account };',
      'export function forget() { registry.clear(); }',
      'export function count() { return registry.size; }',
    ].join('\n'),
    'dist/testing/index.d.ts': 'export declare function forget(): void;',
  };
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(path.join(directory, file), text);
  }
  return directory;
}

const EXPORTS = {
  '.': { types: './dist/index.d.ts', default: './dist/index.js' },
  './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
  './package.json': './package.json',
};

describe('exportedScripts', () => {
  it('lists the scripts of every condition but "types", once each', () => {
    expect(
      exportedScripts({
        ...EXPORTS,
        './browser': {
          types: './dist/index.d.ts',
          import: './dist/index.js',
          node: './dist/./node.js',
        },
      }),
    ).toEqual(['dist/index.js', 'dist/node.js', 'dist/testing/index.js']);
  });
});

describe('bundleDist', () => {
  it('leaves one module per entry and one shared chunk, declarations untouched', async () => {
    const directory = fixturePackage(EXPORTS);
    const modules = await bundleDist(directory);
    expect(modules).toHaveLength(3);
    expect(modules).toEqual(expect.arrayContaining(['dist/index.js', 'dist/testing/index.js']));
    expect(modules.find((file) => file.startsWith('dist/shared-'))).toBeDefined();
    expect(existsSync(path.join(directory, 'dist', 'registry.js'))).toBe(false);
    expect(existsSync(path.join(directory, 'dist', 'registry.js.map'))).toBe(false);
    expect(readFileSync(path.join(directory, 'dist', 'registry.d.ts'), 'utf8')).toBe(
      'export declare class Account { name: string; }',
    );
    const written = readdirSync(path.join(directory, 'dist'), { recursive: true }).map(String);
    expect(written.filter((file) => file.endsWith('.js.map'))).toHaveLength(3);
  });

  it('keeps a class and a registry shared between entries single', async () => {
    const directory = fixturePackage(EXPORTS);
    await bundleDist(directory);
    const main = await import(pathToFileURL(path.join(directory, 'dist', 'index.js')).href);
    const testing = await import(
      pathToFileURL(path.join(directory, 'dist', 'testing', 'index.js')).href
    );
    const account = main.open('/tenants/alpha');
    expect(account).toBeInstanceOf(testing.Account);
    expect(account.name).toBe('alpha');
    expect(testing.count()).toBe(1);
    testing.forget();
    expect(testing.count()).toBe(0);
  });

  it('leaves imports of other packages as imports, and maps back to the sources', async () => {
    const directory = fixturePackage(EXPORTS);
    const modules = await bundleDist(directory);
    const texts = modules.map((file) => readFileSync(path.join(directory, file), 'utf8'));
    expect(texts.join('\n')).toMatch(/from "node:path"/);
    const chunk = modules.find((file) => file.startsWith('dist/shared-')) as string;
    const map = JSON.parse(readFileSync(path.join(directory, `${chunk}.map`), 'utf8'));
    expect(map.sources).toContain('../src/registry.ts');
    expect(map.sourcesContent).toContain('// the TypeScript of registry');
  });

  it('refuses an exported script outside dist/, and changes nothing', async () => {
    const directory = fixturePackage({
      '.': { types: './dist/index.d.ts', default: './lib/index.js' },
    });
    await expect(bundleDist(directory)).rejects.toThrow(
      '@enkash/fixture: every exported script must be in dist/',
    );
    expect(existsSync(path.join(directory, 'dist', 'registry.js'))).toBe(true);
  });
});
