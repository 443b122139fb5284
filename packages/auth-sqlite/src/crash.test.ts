import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeLimit, WORKER_READY_MS } from '@enkash/test-kit/fleet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';
import type { SqliteStore } from './sqlite-store-options.js';

const holderPath = fileURLToPath(new URL('./test-support/hold-transaction.ts', import.meta.url));

describe('a process killed (SIGKILL) in the middle of a transaction', () => {
  let folder: string;
  let store: SqliteStore;
  let holder: ChildProcess | undefined;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-crash-'));
    store = createSqliteStore({ path: join(folder, 'tokens.sqlite') });
  });

  afterEach(async () => {
    if (holder !== undefined && holder.exitCode === null && holder.signalCode === null) {
      const exited = new Promise((resolve) => holder?.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
    holder = undefined;
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('leaves neither its write lock nor its uncommitted rows behind: the others go on at once', {
    // Fork and type stripping of the holder, then its 8 MB write, on a loaded machine.
    timeout: timeLimit(WORKER_READY_MS),
  }, async () => {
    await store.set('account:token', 'committed before', 60_000);
    const child = fork(holderPath, [], {
      env: { ...process.env, ENKASH_SQLITE_FILE: store.path },
      execArgv: ['--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    holder = child;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before holding`)));
    });
    // Its uncommitted frames are already in the WAL: readers must not see them.
    expect(statSync(`${store.path}-wal`).size).toBeGreaterThan(1024 * 1024);
    expect(await store.get('account:token')).toBe('committed before');

    child.kill('SIGKILL');
    await exited;

    expect(await store.acquireLock('account:lock', 'survivor', 60_000)).toBe(true);
    expect(await store.get('account:token')).toBe('committed before');
    await store.set('account:token', 'written after', 60_000);
    expect(await store.get('account:token')).toBe('written after');
  });
});
