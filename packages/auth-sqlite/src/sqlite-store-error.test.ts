import { describe, expect, it } from 'vitest';
import { toSqliteStoreError } from './run-operation.js';
import {
  isSqliteStoreError,
  SQLITE_STORE_ERROR_CODES,
  SqliteStoreError,
} from './sqlite-store-error.js';

describe('SqliteStoreError', () => {
  it('carries code, operation, message and cause', () => {
    const cause = new Error('disk I/O error');
    const error = new SqliteStoreError('SQLite set failed: disk I/O error', {
      code: SQLITE_STORE_ERROR_CODES.FAILED,
      operation: 'set',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'SqliteStoreError',
      code: 'SQLITE_FAILED',
      operation: 'set',
      message: 'SQLite set failed: disk I/O error',
    });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain('enkash.auth-sqlite');
  });

  it('is recognised by marker across copies and by name, by one check under both names', () => {
    const cases: [unknown, boolean][] = [
      [new SqliteStoreError('x', { code: 'SQLITE_BUSY', operation: 'get' }), true],
      [
        Object.assign(new Error('x'), { [Symbol.for('enkash.auth-sqlite.store-error')]: true }),
        true,
      ],
      [Object.assign(new Error('x'), { name: 'SqliteStoreError', code: 'SQLITE_BUSY' }), true],
      [Object.assign(new Error('x'), { name: 'SqliteStoreError' }), false],
      [{ name: 'SqliteStoreError', code: 'SQLITE_BUSY' }, false],
      [new Error('x'), false],
      [null, false],
    ];
    for (const [value, expected] of cases) {
      expect(isSqliteStoreError(value)).toBe(expected);
      expect(SqliteStoreError.isInstance(value)).toBe(expected);
    }
  });
});

describe('toSqliteStoreError', () => {
  it("keeps name, message and SQLite's codes of the cause, nothing else", () => {
    const original = Object.assign(new Error('database disk image is malformed'), {
      code: 'ERR_SQLITE_ERROR',
      errcode: 11,
      errstr: 'database disk image is malformed',
      statement: 'INSERT … secret-token-value',
    });
    const error = toSqliteStoreError(original, 'get');
    expect(error).toMatchObject({
      code: 'SQLITE_FAILED',
      operation: 'get',
      message: 'SQLite get failed: database disk image is malformed',
    });
    expect(error.cause).toMatchObject({ code: 'ERR_SQLITE_ERROR', errcode: 11 });
    expect(error.cause).not.toHaveProperty('statement');
  });

  it('reads SQLITE_BUSY and SQLITE_LOCKED, extended codes included, as SQLITE_BUSY', () => {
    for (const errcode of [5, 6, 517, 261]) {
      const busy = Object.assign(new Error('database is locked'), { errcode });
      expect(toSqliteStoreError(busy, 'set').code).toBe('SQLITE_BUSY');
    }
  });

  it('passes a SqliteStoreError through, and names what is not an error', () => {
    const error = new SqliteStoreError('x', { code: 'SQLITE_CLOSED', operation: 'get' });
    expect(toSqliteStoreError(error, 'set')).toBe(error);
    expect(toSqliteStoreError('boom', 'get').message).toBe('SQLite get failed: boom');
    expect(toSqliteStoreError(42, 'get').message).toBe('SQLite get failed: unknown error');
  });
});
