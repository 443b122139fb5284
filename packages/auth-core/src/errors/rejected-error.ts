import type { RejectionDetails } from '../product/product-definition.js';
import { EnkashAuthError } from './enkash-auth-error.js';

/** A refusal of the credentials and where the lockout guard stands after counting it. */
export interface Rejection {
  product: string;
  status: number;
  details: RejectionDetails;
  /** The guard's count, this refusal included. */
  failures: number;
  maxConsecutiveFailures: number;
}

/**
 * The `REJECTED` error of a counted refusal: what EnKash said (allowlisted
 * details only) and how many attempts remain before the guard trips.
 */
export function rejectedError(rejection: Rejection): EnkashAuthError {
  const { product, status, details } = rejection;
  const remaining = rejection.maxConsecutiveFailures - rejection.failures;
  const advice =
    remaining > 0
      ? `${remaining} ${remaining === 1 ? 'attempt remains' : 'attempts remain'} before the lockout guard trips.`
      : 'The lockout guard has tripped: further requests are refused without contacting EnKash until resetLockout() is called.';
  return rejected(
    product,
    status,
    details,
    `the credentials (${describeDetails(status, details)}). ${CHECK} ${advice}`,
  );
}

/**
 * The `REJECTED` error of a refusal another process announced through the
 * shared store moments ago, for the processes that waited on its request.
 */
export function announcedRejectionError(
  product: string,
  rejection: { status: number; details: RejectionDetails },
): EnkashAuthError {
  const { status, details } = rejection;
  return rejected(
    product,
    status,
    details,
    `these credentials moments ago in another process (HTTP ${status}). ${CHECK}`,
  );
}

const CHECK = 'Check username, password, clientId and clientSecret.';

function rejected(
  product: string,
  status: number,
  details: RejectionDetails,
  what: string,
): EnkashAuthError {
  return new EnkashAuthError(`EnKash ${product} rejected ${what}`, {
    code: 'REJECTED',
    product,
    status,
    details: Object.keys(details).length === 0 ? undefined : details,
  });
}

function describeDetails(status: number, details: RejectionDetails): string {
  const parts = [`HTTP ${status}`];
  if (details.error !== undefined) parts.push(`error "${details.error}"`);
  if (details.error_description !== undefined) parts.push(`"${details.error_description}"`);
  if (details.resultCode !== undefined) parts.push(`resultCode ${details.resultCode}`);
  if (details.resultMessage !== undefined) parts.push(`"${details.resultMessage}"`);
  return parts.join(', ');
}
