import { resolve } from 'node:path';
import { createStoredValueCodec, type StoredValueCodec } from '@enkash/auth-core';
import { configError } from './config-error.js';
import { defaultStorePath } from './default-path.js';
import type { SqliteStoreOptions } from './sqlite-store-options.js';

/** {@link SqliteStoreOptions} checked, with defaults applied. */
export interface ResolvedSqliteStoreOptions {
  /** Absolute. */
  path: string;
  /** Whether `path` is the default one (whose folder the store creates). */
  isDefaultPath: boolean;
  /** How token values are kept: sealed when `encryptionKey` was given. */
  codec: StoredValueCodec;
}

/**
 * Validates the options of `createSqliteStore`. Every problem is an
 * `EnkashAuthError` with code `CONFIG` (product `sqlite`); messages never
 * echo the encryption key.
 */
export function resolveOptions(
  options: SqliteStoreOptions | undefined,
): ResolvedSqliteStoreOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw configError('createSqliteStore options must be an object.');
  }
  const path = resolvePath(options?.path);
  return {
    path: path ?? defaultStorePath(),
    isDefaultPath: path === undefined,
    codec: createStoredValueCodec({ encryptionKey: options?.encryptionKey, store: 'sqlite' }),
  };
}

function resolvePath(path: unknown): string | undefined {
  if (path === undefined) {
    return undefined;
  }
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw configError('`path` must be a non-empty file path.');
  }
  if (path === ':memory:' || path.startsWith('file:')) {
    throw configError(
      '`path` must be a file that other processes can open: not an in-memory database or a URI (use createMemoryStore() for one process).',
    );
  }
  return resolve(path);
}
