import type { RejectionDetails } from './product-definition.js';

const STRING_FIELDS = ['error', 'error_description', 'resultMessage'] as const;
const LONGEST_DETAIL = 200;

/**
 * Keeps only the allowlisted fields of a response body (`error`,
 * `error_description`, `resultCode`, `resultMessage`) with the expected
 * primitive types. Anything else a server echoes back, a token or the
 * submitted username for instance, never leaves the core.
 */
export function pickRejectionDetails(body: unknown): RejectionDetails {
  const details: RejectionDetails = {};
  if (typeof body !== 'object' || body === null) {
    return details;
  }
  const record = body as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value.length > 0) {
      // A long string is more likely an echoed payload than an explanation.
      details[field] = value.length > LONGEST_DETAIL ? `${value.slice(0, LONGEST_DETAIL)}…` : value;
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

/**
 * Replaces every occurrence of the given secrets in `text` with `[redacted]`.
 * A last line of defence for text that came from elsewhere (a server's
 * explanation that echoes the password, for instance).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words and protect nothing.
    if (secret.length >= 4) {
      result = result.split(secret).join('[redacted]');
    }
  }
  return result;
}

/** Applies {@link redactSecrets} to every string of a {@link RejectionDetails}. */
export function redactDetails(
  details: RejectionDetails,
  secrets: readonly string[],
): RejectionDetails {
  const result: RejectionDetails = { ...details };
  for (const field of STRING_FIELDS) {
    const value = result[field];
    if (value !== undefined) {
      result[field] = redactSecrets(value, secrets);
    }
  }
  return result;
}
