import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { isRetryableStatus } from './retry-policy.js';

/**
 * Whether a failed token request may have gone unseen by EnKash's login
 * counter: a network error, a timeout, an abort, or HTTP 408, 429 or 5xx.
 * Every other outcome that is not a token (a refusal, a body the SDK cannot
 * read, any other status, 3xx included, or an error of unknown kind) may
 * have been a failed login to EnKash, so the lockout guard counts it.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!EnkashAuthError.isInstance(error)) return false;
  switch (error.code) {
    case 'NETWORK':
    case 'TIMEOUT':
    case 'ABORTED':
      return true;
    case 'HTTP':
      return error.status !== undefined && isRetryableStatus(error.status);
    default:
      return false;
  }
}
