import type { DatabaseSync } from 'node:sqlite';
import { EnkashAuthError } from '@enkash/auth-core';
import { configError } from './config-error.js';
import { loadNodeSqlite } from './load-node-sqlite.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';

/**
 * How long one SQLite call waits for another process's write lock, blocking
 * the event loop meanwhile: short, since the store retries asynchronously
 * (see `runOperation`) and every transaction it runs lasts microseconds.
 */
export const BUSY_TIMEOUT_MS = 50;
/** How long opening waits for the other processes (the first one creates the tables). */
const OPENING_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the store's database at `path` (already prepared) in WAL mode, so
 * readers never wait for a writer, with `synchronous = NORMAL` (a commit
 * survives the process being killed at any instant; only a power cut can
 * take back the last commits) and the store's tables. Anything that makes
 * the file unusable (not a database, another program's, a newer schema, a
 * file system without WAL support) is `CONFIG`.
 */
export function openDatabase(path: string): DatabaseSync {
  // Processes that start at the same instant: the first one switches the file to WAL and creates
  // the tables, and SQLite may answer "locked" to the others without waiting for it (its busy
  // handler is not called while another connection recovers or changes the journal mode).
  const giveUpAt = Date.now() + OPENING_BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return openOnce(path);
    } catch (error) {
      if (!isLocked(error) || Date.now() + pause > giveUpAt) throw error;
      // Construction is synchronous: a short blocking pause, only when another process holds the file.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

/** Whether opening failed only because another process held the file for a moment. */
function isLocked(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return /database is locked|SQLITE_BUSY/i.test(String((cause as Error)?.message ?? ''));
}

function openOnce(path: string): DatabaseSync {
  const { DatabaseSync } = loadNodeSqlite();
  let database: DatabaseSync | undefined;
  try {
    database = new DatabaseSync(path);
    database.exec(`PRAGMA busy_timeout = ${OPENING_BUSY_TIMEOUT_MS}`);
    const mode = database.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode?: unknown };
    if (mode.journal_mode !== 'wal') {
      throw configError(
        `The SQLite store's file ${path} cannot be used in WAL mode (journal_mode is ${String(mode.journal_mode)}): put it on a local file system.`,
      );
    }
    database.exec('PRAGMA synchronous = NORMAL');
    // A checkpoint every 256 pages (1 MiB) instead of 1,000, and the WAL file cut back to 1 MiB
    // after each one instead of staying at its largest: the store writes little, often.
    database.exec('PRAGMA wal_autocheckpoint = 256');
    database.exec('PRAGMA journal_size_limit = 1048576');
    const version = Number(
      (database.prepare('PRAGMA user_version').get() as { user_version?: unknown }).user_version,
    );
    if (version > SCHEMA_VERSION) {
      throw configError(
        `The SQLite store's file ${path} was written by a newer @enkash/auth-sqlite (schema ${version}); update this process's package.`,
      );
    }
    if (version < SCHEMA_VERSION) {
      createSchema(database);
    }
    database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return database;
  } catch (error) {
    closeQuietly(database);
    if (EnkashAuthError.isInstance(error)) {
      throw error;
    }
    throw configError(
      `The SQLite store's file ${path} cannot be used: ${(error as Error).message}.`,
      error,
    );
  }
}

/** Creates the tables once; a process opening the file at the same instant finds them made. */
function createSchema(database: DatabaseSync): void {
  database.exec('BEGIN IMMEDIATE');
  try {
    const version = Number(
      (database.prepare('PRAGMA user_version').get() as { user_version?: unknown }).user_version,
    );
    if (version < SCHEMA_VERSION) {
      // Only effective before the first table: freed pages can then be handed back to the OS.
      database.exec('PRAGMA auto_vacuum = INCREMENTAL');
      database.exec(SCHEMA);
      database.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    }
    database.exec('COMMIT');
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}

/** Closes a database that failed to open; the failure that got us here is the one reported. */
function closeQuietly(database: DatabaseSync | undefined): void {
  try {
    database?.close();
  } catch {
    // Already closed, or never opened: nothing is left to release.
  }
}
