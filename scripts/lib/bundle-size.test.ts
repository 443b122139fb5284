import { describe, expect, it } from 'vitest';
import { attributeSizes, moduleOwner, sumByOwner } from './bundle-size.mjs';

describe('moduleOwner', () => {
  it('names a dependency by its package, through pnpm’s nested node_modules', () => {
    expect(
      moduleOwner('node_modules/.pnpm/ky@2.1.0/node_modules/ky/distribution/core/Ky.js'),
    ).toEqual({ owner: 'ky', module: 'core/Ky.js' });
  });

  it('keeps the scope of a scoped dependency', () => {
    expect(
      moduleOwner('node_modules/.pnpm/@noble+ciphers@2.0.0/node_modules/@noble/ciphers/esm/aes.js'),
    ).toEqual({ owner: '@noble/ciphers', module: 'aes.js' });
  });

  it('names a workspace package by its folder under packages/', () => {
    expect(moduleOwner('packages/auth-core/dist/options.js')).toEqual({
      owner: '@enkash/auth-core',
      module: 'options.js',
    });
  });
});

describe('attributeSizes', () => {
  it('splits the gzip size in proportion to the minified bytes, and the shares add up', () => {
    const rows = attributeSizes(
      {
        'packages/auth-core/dist/options.js': 600,
        'node_modules/.pnpm/ky@2.1.0/node_modules/ky/distribution/index.js': 300,
        'packages/auth-core/dist/unused.js': 0,
      },
      1_000,
      400,
    );
    expect(rows).toEqual([
      { owner: '@enkash/auth-core', module: 'options.js', minified: 600, gzip: 240 },
      { owner: 'ky', module: 'index.js', minified: 300, gzip: 120 },
      { owner: '(bundle glue)', module: '', minified: 100, gzip: 40 },
    ]);
    expect(sumByOwner(rows).map((owner) => [owner.owner, owner.gzip])).toEqual([
      ['@enkash/auth-core', 240],
      ['ky', 120],
      ['(bundle glue)', 40],
    ]);
  });
});
