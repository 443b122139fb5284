import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagePolicyProblems, packedFileProblems } from './package-policy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function validManifest(): Record<string, unknown> {
  return {
    name: '@enkash/example',
    version: '1.0.0',
    description: 'An example.',
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    repository: {
      type: 'git',
      url: 'git+https://github.com/enkash/enkash-auth-sdk.git',
      directory: 'packages/example',
    },
    engines: { node: '>=22' },
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist'],
    publishConfig: { access: 'public', provenance: true },
  };
}

describe('packagePolicyProblems', () => {
  it('accepts a manifest that follows every rule', () => {
    expect(packagePolicyProblems(validManifest(), 'packages/example')).toEqual([]);
  });

  it.each([
    [
      'exports condition order',
      {
        exports: {
          '.': { default: './a.js', types: './a.d.ts' },
          './package.json': './package.json',
        },
      },
      'exports["."]: "types" must be the first condition (found "default")',
    ],
    [
      'no ./package.json export',
      { exports: { '.': { types: './a.d.ts', default: './a.js' } } },
      '"exports" must contain "./package.json": "./package.json"',
    ],
    ['side effects', { sideEffects: true }, '"sideEffects" must be false'],
    ['old engines', { engines: { node: '>=18' } }, '"engines.node" must be ">=22" (found ">=18")'],
    ['no files', { files: [] }, '"files" must list what is published'],
    [
      'restricted access',
      { publishConfig: { access: 'restricted', provenance: true } },
      '"publishConfig.access" must be "public"',
    ],
    [
      'no provenance',
      { publishConfig: { access: 'public' } },
      '"publishConfig.provenance" must be true',
    ],
    ['license', { license: 'ISC' }, '"license" must be "MIT"'],
    ['CommonJS', { type: 'commonjs' }, '"type" must be "module" (ESM only)'],
    ['private', { private: true }, '"private": true on a package that is published'],
  ])('reports %s', (_name, override, problem) => {
    expect(packagePolicyProblems({ ...validManifest(), ...override }, 'packages/example')).toEqual([
      problem,
    ]);
  });

  it('reports a repository.directory that is not the package folder', () => {
    expect(packagePolicyProblems(validManifest(), 'packages/other')).toEqual([
      '"repository.directory" must be "packages/other" (found "packages/example")',
    ]);
  });

  it('holds for every published package in packages/', () => {
    for (const folder of readdirSync(path.join(root, 'packages'))) {
      const manifest = JSON.parse(
        readFileSync(path.join(root, 'packages', folder, 'package.json'), 'utf8'),
      );
      // A private package (the repository's test kit) is never packed nor published: it has
      // no check:packaging script, so `turbo run check:packaging` passes it by.
      if (manifest.private === true) {
        expect({ folder, checkPackaging: manifest.scripts?.['check:packaging'] }).toEqual({
          folder,
          checkPackaging: undefined,
        });
        continue;
      }
      expect({ folder, problems: packagePolicyProblems(manifest, `packages/${folder}`) }).toEqual({
        folder,
        problems: [],
      });
    }
  });
});

describe('packedFileProblems', () => {
  it('requires package.json, README.md and LICENSE in the tarball', () => {
    expect(packedFileProblems(['package.json', 'dist/index.js'])).toEqual([
      'the tarball has no README.md',
      'the tarball has no LICENSE',
    ]);
  });

  it('refuses test, type test and bench files', () => {
    const files = ['package.json', 'README.md', 'LICENSE', 'dist/index.js'];
    expect(
      packedFileProblems([...files, 'dist/a.test.js', 'dist/b.test-d.ts', 'dist/c.bench.js']),
    ).toEqual([
      'test or bench file published: dist/a.test.js',
      'test or bench file published: dist/b.test-d.ts',
      'test or bench file published: dist/c.bench.js',
    ]);
  });
});
