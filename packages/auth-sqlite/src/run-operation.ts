import {
  isSqliteStoreError,
  SQLITE_STORE_ERROR_CODES,
  SqliteStoreError,
} from './sqlite-store-error.js';

/** How long an operation keeps retrying while another process holds the write lock. */
export const BUSY_RETRY_MS = 2_000;
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 100;

// SQLITE_BUSY and SQLITE_LOCKED, whatever their extended code.
const BUSY_CODES = new Set([5, 6]);

/**
 * Runs one store operation: refused with `SQLITE_CLOSED` once the store is
 * closed; retried while another process holds the database's write lock
 * (each try waits at most the connection's short busy timeout, and the
 * pauses between tries leave the event loop free), until `BUSY_RETRY_MS`
 * have passed (`SQLITE_BUSY`); any other failure is `SQLITE_FAILED`.
 */
export async function runOperation<T>(
  operation: string,
  isClosed: () => boolean,
  work: () => T | Promise<T>,
): Promise<T> {
  const giveUpAt = performance.now() + BUSY_RETRY_MS;
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    if (isClosed()) {
      throw new SqliteStoreError(`The SQLite store is closed; ${operation} refused.`, {
        code: SQLITE_STORE_ERROR_CODES.CLOSED,
        operation,
      });
    }
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || performance.now() + pause > giveUpAt) {
        throw toSqliteStoreError(error, operation);
      }
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pause);
      // The caller's own deadline keeps the process alive while it waits; this pause does not.
      (timer as { unref?: () => void }).unref?.();
    });
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  // The primary result code is the low byte of an extended one (SQLITE_BUSY_SNAPSHOT is 517).
  return typeof code === 'number' && BUSY_CODES.has(code & 0xff);
}

/**
 * Wraps a failure of `node:sqlite` (or of the codec). Only the name, message
 * and SQLite's codes travel on, in a fresh cause: SQLite's messages name
 * tables and columns, never a bound value.
 */
export function toSqliteStoreError(error: unknown, operation: string): SqliteStoreError {
  if (isSqliteStoreError(error)) {
    return error;
  }
  const cause = codesOnly(error);
  const busy = isBusy(error);
  return new SqliteStoreError(
    busy
      ? `SQLite ${operation} gave up: another process kept the database locked for ${BUSY_RETRY_MS} ms.`
      : `SQLite ${operation} failed: ${cause.message}`,
    {
      code: busy ? SQLITE_STORE_ERROR_CODES.BUSY : SQLITE_STORE_ERROR_CODES.FAILED,
      operation,
      cause,
    },
  );
}

/** A copy of `error` with its name, message and codes (`code`, `errcode`, `errstr`) only. */
function codesOnly(error: unknown): Error {
  if (!(error instanceof Error)) {
    return new Error(typeof error === 'string' ? error : 'unknown error');
  }
  const cause = new Error(error.message);
  cause.name = error.name;
  const { code, errcode, errstr } = error as {
    code?: unknown;
    errcode?: unknown;
    errstr?: unknown;
  };
  Object.assign(
    cause,
    typeof code === 'string' ? { code } : {},
    typeof errcode === 'number' ? { errcode } : {},
    typeof errstr === 'string' ? { errstr } : {},
  );
  return cause;
}
