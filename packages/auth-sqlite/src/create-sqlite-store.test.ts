import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { inspect } from 'node:util';
import { EnkashAuthError } from '@enkash/auth-core';
import { runTokenStoreContract } from '@enkash/auth-core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';
import type { SqliteStore, SqliteStoreOptions } from './sqlite-store-options.js';

const ENCRYPTION_KEY = 'test-only key material, 32 bytes';
const TOKEN = '{"accessToken":"eyJ.secret-access-token.sig","tokenType":"bearer"}';

let folder: string;
let fileCounter = 0;
const stores: SqliteStore[] = [];
const freshPath = () => {
  fileCounter += 1;
  return join(folder, `store-${fileCounter}.sqlite`);
};
const makeStore = (options: SqliteStoreOptions = {}) => {
  const store = createSqliteStore({ path: freshPath(), ...options });
  stores.push(store);
  return store;
};
/** A second connection to a store's file, as another process would have. */
const rawOf = (store: SqliteStore) => new DatabaseSync(store.path);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-test-'));
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('createSqliteStore', () => {
  runTokenStoreContract('sqlite store', () => makeStore());
  runTokenStoreContract('sqlite store with encryption', () =>
    makeStore({ encryptionKey: ENCRYPTION_KEY }),
  );
  // Two connections on one file: what one process writes, the other reads, as across processes.
  runTokenStoreContract('sqlite store, each case on a file another store already opened', () => {
    const first = makeStore();
    const second = createSqliteStore({ path: first.path });
    stores.push(second);
    return second;
  });

  it('is shared and says where its file is', () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    stores.push(store);
    expect(store.shared).toBe(true);
    expect(store.path).toBe(path);
  });

  it('shares values, locks and records between two stores on the same file', async () => {
    const first = makeStore();
    const second = createSqliteStore({ path: first.path });
    stores.push(second);
    await first.set('token', 'shared', 60_000);
    expect(await second.get('token')).toBe('shared');
    expect(await first.acquireLock('lock', 'a', 60_000)).toBe(true);
    expect(await second.acquireLock('lock', 'b', 60_000)).toBe(false);
    expect(await first.compareAndSet('attempts', undefined, 'one')).toBe(true);
    expect(await second.compareAndSet('attempts', undefined, 'two')).toBe(false);
    expect(await second.compareAndSet('attempts', 'one', 'two')).toBe(true);
    expect(await first.get('attempts')).toBe('two');
  });

  it('keeps what it stored after the store is closed and the file opened again (a restart)', async () => {
    const path = freshPath();
    const before = createSqliteStore({ path, encryptionKey: ENCRYPTION_KEY });
    await before.set('token', TOKEN, 60_000);
    await before.compareAndSet('attempts', undefined, '{"refused":1}');
    await before.close();
    const after = createSqliteStore({ path, encryptionKey: ENCRYPTION_KEY });
    stores.push(after);
    expect(await after.get('token')).toBe(TOKEN);
    expect(await after.get('attempts')).toBe('{"refused":1}');
  });

  it('creates the file with mode 0600, and SQLite its -wal and -shm files alike', async () => {
    const store = makeStore();
    await store.set('token', 'value', 60_000);
    for (const file of [store.path, `${store.path}-wal`, `${store.path}-shm`]) {
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    }
  });

  it('keeps records without expiry, in clear even with encryption, and stores a TTL as an expiry', async () => {
    const store = makeStore({ encryptionKey: ENCRYPTION_KEY });
    const record = '{"v":1,"epoch":0,"refused":[],"pending":[],"writes":1}';
    const before = Date.now();
    await store.compareAndSet('attempts', undefined, record);
    await store.set('token', TOKEN, 30_000);
    const raw = rawOf(store);
    try {
      const rows = raw
        .prepare('SELECT key, value, record, expires_at FROM enkash_values ORDER BY key')
        .all() as { key: string; value: string; record: number; expires_at: number | null }[];
      expect(rows[0]).toEqual({ key: 'attempts', value: record, record: 1, expires_at: null });
      expect(rows[1]).toMatchObject({ key: 'token', record: 0 });
      expect(rows[1]?.value).toMatch(/^enkash-aes256gcm-v1:[A-Za-z0-9+/=]+$/);
      expect(rows[1]?.expires_at).toBeGreaterThanOrEqual(before + 30_000);
      expect(rows[1]?.expires_at).toBeLessThanOrEqual(Date.now() + 30_000);
    } finally {
      raw.close();
    }
  });

  it('compares a value set() wrote as get() reveals it, whatever its form', async () => {
    const store = makeStore();
    await store.set('key', 'same text', 60_000);
    expect(await store.compareAndSet('key', undefined, 'next', 60_000)).toBe(false);
    expect(await store.compareAndSet('key', 'other text', 'next', 60_000)).toBe(false);
    expect(await store.get('key')).toBe('same text');
    expect(await store.compareAndSet('key', 'same text', 'next', 60_000)).toBe(true);
    expect(await store.get('key')).toBe('next');
  });

  it('replaces a count another tool left in the file, readable or not', async () => {
    const store = makeStore({ encryptionKey: ENCRYPTION_KEY });
    const raw = rawOf(store);
    try {
      // A plain value where a sealed one belongs: unreadable, so get() answers a miss.
      raw
        .prepare(
          'INSERT INTO enkash_values (key, value, record, expires_at) VALUES (?, ?, 0, NULL)',
        )
        .run('attempts', '-5');
    } finally {
      raw.close();
    }
    expect(await store.get('attempts')).toBeUndefined();
    expect(await store.compareAndSet('attempts', undefined, '{"n":1}')).toBe(true);
    expect(await store.get('attempts')).toBe('{"n":1}');
  });

  it('sweeps out expired values and locks of other keys with the next token write', async () => {
    const store = makeStore();
    for (let index = 0; index < 50; index += 1) {
      await store.set(`gone-${index}`, 'short-lived', 1);
      await store.acquireLock(`lock-${index}`, 'crashed', 1);
    }
    await store.compareAndSet('attempts', undefined, 'kept');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await store.set('token', 'fresh', 60_000);
    const raw = rawOf(store);
    try {
      expect(raw.prepare('SELECT key FROM enkash_values ORDER BY key').all()).toEqual([
        { key: 'attempts' },
        { key: 'token' },
      ]);
      expect(raw.prepare('SELECT COUNT(*) AS locks FROM enkash_locks').get()).toEqual({
        locks: 0,
      });
    } finally {
      raw.close();
    }
  });

  it('rejects a TTL that is not a positive number', async () => {
    const store = makeStore();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.set('key', 'value', ttl)).rejects.toMatchObject({
        name: 'SqliteStoreError',
        code: 'SQLITE_INVALID_ARGUMENT',
        operation: 'set',
        message: 'set needs a positive TTL in milliseconds.',
      });
    }
    await expect(store.acquireLock('lock', 'owner', 0)).rejects.toMatchObject({
      code: 'SQLITE_INVALID_ARGUMENT',
      message: 'acquireLock needs a positive TTL in milliseconds.',
    });
    await expect(store.compareAndSet('record', undefined, 'next', -5)).rejects.toMatchObject({
      code: 'SQLITE_INVALID_ARGUMENT',
      message: 'compareAndSet needs a positive TTL in milliseconds.',
    });
  });

  it('takes a TTL far beyond any date without failing', async () => {
    const store = makeStore();
    await store.set('key', 'value', 1e300);
    expect(await store.get('key')).toBe('value');
  });

  describe('encryption at rest', () => {
    it('stores ciphertext that holds nothing of the token, and reads it back', async () => {
      const store = makeStore({ encryptionKey: ENCRYPTION_KEY });
      await store.set('token', TOKEN, 60_000);
      const raw = rawOf(store);
      try {
        const { value } = raw
          .prepare('SELECT value FROM enkash_values WHERE key = ?')
          .get('token') as { value: string };
        expect(value).not.toContain('secret-access-token');
        expect(value).not.toContain('accessToken');
      } finally {
        raw.close();
      }
      expect(await store.get('token')).toBe(TOKEN);
    });

    it('reads a value as a miss with a wrong key, without a key, or moved to another key', async () => {
      const store = makeStore({ encryptionKey: ENCRYPTION_KEY });
      await store.set('token', TOKEN, 60_000);
      const wrongKey = createSqliteStore({
        path: store.path,
        encryptionKey: 'another key of 32 bytes, not it!',
      });
      const noKey = createSqliteStore({ path: store.path });
      stores.push(wrongKey, noKey);
      expect(await wrongKey.get('token')).toBeUndefined();
      expect(await noKey.get('token')).toBeUndefined();
      const raw = rawOf(store);
      try {
        raw.exec(
          "INSERT INTO enkash_values SELECT 'moved', value, record, expires_at FROM enkash_values WHERE key = 'token'",
        );
      } finally {
        raw.close();
      }
      expect(await store.get('moved')).toBeUndefined();
    });
  });

  describe('close()', () => {
    it('ends pending waits with undefined, refuses later operations with SQLITE_CLOSED, and may be called twice', async () => {
      const store = createSqliteStore({ path: freshPath() });
      const waiting = store.waitFor('token', 600_000);
      await store.close();
      await store.close();
      expect(await waiting).toBeUndefined();
      await expect(store.get('key')).rejects.toMatchObject({
        name: 'SqliteStoreError',
        code: 'SQLITE_CLOSED',
        operation: 'get',
        message: 'The SQLite store is closed; get refused.',
      });
      await expect(store.waitFor('key', 1_000)).rejects.toMatchObject({ code: 'SQLITE_CLOSED' });
    });
  });

  describe('when SQLite fails', () => {
    it('gives up with SQLITE_BUSY while another connection holds the write lock, and serves again once it is released', async () => {
      const store = makeStore();
      await store.set('token', 'before', 60_000);
      const holder = rawOf(store);
      holder.exec('BEGIN IMMEDIATE');
      try {
        await expect(store.acquireLock('lock', 'owner', 60_000)).rejects.toMatchObject({
          name: 'SqliteStoreError',
          code: 'SQLITE_BUSY',
          operation: 'acquireLock',
          message:
            'SQLite acquireLock gave up: another process kept the database locked for 2000 ms.',
        });
        // WAL: readers never wait for the writer.
        expect(await store.get('token')).toBe('before');
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
      expect(await store.acquireLock('lock', 'owner', 60_000)).toBe(true);
    });

    it('waits for a write lock held briefly, without an error', async () => {
      const store = makeStore();
      const holder = rawOf(store);
      holder.exec('BEGIN IMMEDIATE');
      const released = new Promise<void>((resolve) =>
        setTimeout(() => {
          holder.exec('COMMIT');
          holder.close();
          resolve();
        }, 300),
      );
      expect(await store.acquireLock('lock', 'owner', 60_000)).toBe(true);
      await released;
    });

    it('fails as SQLITE_FAILED, with no value in the error, when the file turned read-only', async () => {
      const store = makeStore();
      await store.set('token', 'before', 60_000);
      const raw = rawOf(store);
      try {
        // A trigger that refuses every write, as a file made read-only would (root ignores chmod).
        raw.exec(
          "CREATE TRIGGER refuse BEFORE INSERT ON enkash_values BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END",
        );
      } finally {
        raw.close();
      }
      const failure = await store
        .set('other', 'secret-token-value', 60_000)
        .catch((error) => error);
      expect(failure).toMatchObject({
        name: 'SqliteStoreError',
        code: 'SQLITE_FAILED',
        operation: 'set',
        message: 'SQLite set failed: attempt to write a readonly database',
      });
      const error = failure as Error;
      for (const rendering of [
        error.message,
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
        JSON.stringify(error.cause),
      ]) {
        expect(rendering).not.toContain('secret-token-value');
      }
      expect(error.cause).toMatchObject({ code: 'ERR_SQLITE_ERROR' });
      // The failed transaction left nothing behind: the store still serves.
      expect(await store.get('token')).toBe('before');
    });
  });
});

describe('createSqliteStore options', () => {
  const configErrorOf = (options: unknown) => {
    try {
      stores.push(createSqliteStore(options as SqliteStoreOptions));
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const expectConfigError = (options: unknown, message: string | RegExp) => {
    const thrown = configErrorOf(options);
    expect(EnkashAuthError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'CONFIG', product: 'sqlite' });
    if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
    else expect((thrown as Error).message).toMatch(message);
  };

  it('refuses options that are not an object, and a path that is not a file path', () => {
    expectConfigError('tokens.sqlite', 'createSqliteStore options must be an object.');
    for (const path of ['', '  ', 42, 'a\0b']) {
      expectConfigError({ path }, '`path` must be a non-empty file path.');
    }
    for (const path of [':memory:', 'file:tokens.sqlite?mode=memory']) {
      expectConfigError(
        { path },
        '`path` must be a file that other processes can open: not an in-memory database or a URI (use createMemoryStore() for one process).',
      );
    }
  });

  it('refuses a folder that does not exist, and a path that is a folder', () => {
    const missing = join(folder, 'no-such-folder', 'tokens.sqlite');
    expectConfigError(
      { path: missing },
      `The folder of the SQLite store's \`path\` does not exist: ${join(folder, 'no-such-folder')}.`,
    );
    expectConfigError(
      { path: folder },
      /^The SQLite store's (file .* cannot be opened for reading and writing \(EISDIR\)|`path` is not a regular file: .*)\.$/,
    );
  });

  it('refuses a file open to other users, naming the fix', () => {
    const path = freshPath();
    writeFileSync(path, '', { mode: 0o644 });
    chmodSync(path, 0o644);
    expectConfigError(
      { path },
      `The SQLite store's file ${path} is open to other users (mode 644); it holds the lockout count and tokens: run \`chmod 600 ${path}\`.`,
    );
    chmodSync(path, 0o600);
    writeFileSync(`${path}-wal`, '', { mode: 0o666 });
    chmodSync(`${path}-wal`, 0o666);
    expectConfigError({ path }, /-wal is open to other users \(mode 666\)/);
  });

  it('refuses a file that is not a SQLite database, and one written by a newer schema', () => {
    const notDatabase = freshPath();
    writeFileSync(notDatabase, 'this is a text file, not a database', { mode: 0o600 });
    expectConfigError(
      { path: notDatabase },
      `The SQLite store's file ${notDatabase} cannot be used: file is not a database.`,
    );
    const newer = freshPath();
    createSqliteStore({ path: newer })
      .close()
      .catch(() => undefined);
    const raw = new DatabaseSync(newer);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expectConfigError(
      { path: newer },
      `The SQLite store's file ${newer} was written by a newer @enkash/auth-sqlite (schema 99); update this process's package.`,
    );
    expect(readFileSync(notDatabase, 'utf8')).toBe('this is a text file, not a database');
  });

  it('refuses a short or mistyped encryption key without echoing it', () => {
    expectConfigError(
      { path: freshPath(), encryptionKey: 'short-secret' },
      '`encryptionKey` must be at least 16 bytes; use 32 random bytes.',
    );
    const thrown = configErrorOf({ path: freshPath(), encryptionKey: 'short-secret' });
    expect(inspect(thrown)).not.toContain('short-secret');
  });
});
