import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnvFile } from './env-file.js';

const created: string[] = [];

function directory(envText?: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'enkash-demo-env-'));
  created.push(folder);
  if (envText !== undefined) writeFileSync(path.join(folder, '.env'), envText);
  return folder;
}

afterEach(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('readEnvFile', () => {
  it('is undefined when no directory holds a .env', () => {
    expect(readEnvFile([directory(), directory()])).toBeUndefined();
  });

  it('parses comments, quotes and export-free lines', () => {
    const folder = directory(
      '# EnKash UAT\nENKASH_PRODUCT=rewards\nENKASH_PASSWORD="p@ss word#1"\nENKASH_USERNAME=\'9000000002\'\n',
    );
    expect(readEnvFile([folder])).toEqual({
      path: path.join(folder, '.env'),
      values: {
        ENKASH_PRODUCT: 'rewards',
        ENKASH_PASSWORD: 'p@ss word#1',
        ENKASH_USERNAME: '9000000002',
      },
    });
  });

  it('takes the first directory that has one', () => {
    const first = directory('ENKASH_PRODUCT=cards\n');
    const second = directory('ENKASH_PRODUCT=bbps\n');
    expect(readEnvFile([directory(), first, second])?.values).toEqual({ ENKASH_PRODUCT: 'cards' });
  });

  it('does not touch process.env', () => {
    readEnvFile([directory('ENKASH_DEMO_ENV_FILE_PROBE=1\n')]);
    expect(process.env.ENKASH_DEMO_ENV_FILE_PROBE).toBeUndefined();
  });

  it('reports a .env it cannot read', () => {
    const folder = directory();
    // A folder named .env cannot be read as a file.
    mkdirSync(path.join(folder, '.env'));
    expect(() => readEnvFile([folder])).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});
