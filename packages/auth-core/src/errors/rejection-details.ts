import type { RejectionDetails } from '../product/product-definition.js';
import type { Redactor } from './redact.js';

const STRING_FIELDS = ['error', 'error_description', 'resultMessage'] as const;
const LONGEST_DETAIL = 200;

/**
 * Keeps only the allowlisted fields of a response body (`error`,
 * `error_description`, `resultCode`, `resultMessage`) with the expected
 * primitive types. Anything else a server echoes back, a token or the
 * submitted username for instance, never leaves the core. Strings are
 * redacted first and cut after, so no secret is left half in.
 */
export function pickRejectionDetails(body: unknown, redactor?: Redactor): RejectionDetails {
  const details: RejectionDetails = {};
  if (typeof body !== 'object' || body === null) {
    return details;
  }
  const record = body as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value.length > 0) {
      const redacted = redactor === undefined ? value : redactor.redact(value);
      // A long string is more likely an echoed payload than an explanation.
      details[field] =
        redacted.length > LONGEST_DETAIL ? `${redacted.slice(0, LONGEST_DETAIL)}…` : redacted;
    }
  }
  const resultCode = record.resultCode;
  if (typeof resultCode === 'number' && Number.isFinite(resultCode)) {
    details.resultCode = resultCode;
  } else if (typeof resultCode === 'string' && /^\d{1,6}$/.test(resultCode)) {
    details.resultCode = Number(resultCode);
  }
  return details;
}
