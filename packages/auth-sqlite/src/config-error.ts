import { EnkashAuthError, ERROR_CODES } from '@enkash/auth-core';

/** The `CONFIG` error of `createSqliteStore` (product `sqlite`). */
export function configError(message: string, cause?: unknown): EnkashAuthError {
  return new EnkashAuthError(message, {
    code: ERROR_CODES.CONFIG,
    product: 'sqlite',
    ...(cause === undefined ? {} : { cause }),
  });
}
