import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { EnkashAuthErrorCode } from '../errors/error-codes.js';

/**
 * The one error factory of the token request: every answer it refuses, and
 * every failure it gives up on, becomes this error, with the response's
 * status and the sanitized cause when there are any.
 */
export function tokenRequestError(
  product: string,
  code: EnkashAuthErrorCode,
  message: string,
  status?: number,
  cause?: Error,
): EnkashAuthError {
  return new EnkashAuthError(message, { code, product, status, cause });
}
