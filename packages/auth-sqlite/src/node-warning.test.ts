import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ensureBuilt, timeLimit } from '@enkash/test-kit/fleet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const entry = pathToFileURL(join(packageRoot, 'dist', 'index.js')).href;
/** Starting a Node process and loading the package, on a loaded machine. */
const PROCESS_MS = 20_000;
const major = Number(process.versions.node.split('.')[0]);

/** What a fresh Node process (this test's version) prints on stderr running `code`. */
async function stderrOf(code: string): Promise<string> {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--eval', code],
    { timeout: PROCESS_MS, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return stderr;
}

describe(`what Node ${major} prints for node:sqlite`, () => {
  let folder: string;

  beforeAll(async () => {
    await ensureBuilt(packageRoot);
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-warning-'));
  }, timeLimit(60_000));

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('importing the package prints nothing', { timeout: timeLimit(PROCESS_MS) }, async () => {
    expect(await stderrOf(`await import(${JSON.stringify(entry)});`)).toBe('');
  });

  it(major === 22
    ? "creating stores prints Node's own ExperimentalWarning once, and nothing of ours"
    : 'creating stores prints nothing', { timeout: timeLimit(PROCESS_MS) }, async () => {
    const path = join(folder, 'tokens.sqlite');
    const stderr = await stderrOf(
      [
        `const { createSqliteStore } = await import(${JSON.stringify(entry)});`,
        `for (let i = 0; i < 3; i += 1) await createSqliteStore({ path: ${JSON.stringify(path)} }).close();`,
      ].join('\n'),
    );
    if (major === 22) {
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^\(node:\d+\) ExperimentalWarning: SQLite is an experimental feature and might change at any time$/,
      );
      expect(lines[1]).toMatch(
        /^\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)$/,
      );
    } else {
      expect(stderr).toBe('');
    }
  });

  it('prints nothing under --disable-warning=ExperimentalWarning', {
    timeout: timeLimit(PROCESS_MS),
  }, async () => {
    const path = join(folder, 'quiet.sqlite');
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        '--input-type=module',
        '--eval',
        `const { createSqliteStore } = await import(${JSON.stringify(entry)}); await createSqliteStore({ path: ${JSON.stringify(path)} }).close();`,
      ],
      { timeout: PROCESS_MS, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(stderr).toBe('');
  });
});
