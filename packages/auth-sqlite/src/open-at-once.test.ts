import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeLimit, WORKER_READY_MS } from '@enkash/test-kit/fleet';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';

const openerPath = fileURLToPath(new URL('./test-support/open-at-once.ts', import.meta.url));
const PROCESSES = 8;

describe('processes that open one new file at the same instant', () => {
  let folder: string | undefined;
  const children: ChildProcess[] = [];

  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it(`all open it (${PROCESSES} at once), none refused as locked`, {
    timeout: timeLimit(WORKER_READY_MS),
  }, async () => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-at-once-'));
    const path = join(folder, 'tokens.sqlite');
    // Far enough ahead for every child to be forked and loaded first.
    const startAt = Date.now() + WORKER_READY_MS / 5;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () => {
        const child = fork(openerPath, [], {
          env: { ...process.env, ENKASH_SQLITE_FILE: path, ENKASH_START_AT: String(startAt) },
          execArgv: ['--disable-warning=ExperimentalWarning'],
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        children.push(child);
        let output = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        return new Promise<{ pid: number | undefined; code: number | null; output: string }>(
          (resolve) => child.once('exit', (code) => resolve({ pid: child.pid, code, output })),
        );
      }),
    );
    expect(results.filter((result) => result.code !== 0)).toEqual([]);
    const store = createSqliteStore({ path });
    try {
      for (const { pid } of results) expect(await store.get(`opened:${pid}`)).toBe('yes');
    } finally {
      await store.close();
    }
  });
});
