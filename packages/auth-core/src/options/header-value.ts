import { isHeaderValue } from '../util/header-safety.js';
import { optionError } from './config-error.js';

/**
 * The header values options carry, checked at construction so that none can
 * fail a request later or smuggle in a header of its own. A value is refused
 * with `CONFIG` naming the option, never quoting the value.
 *
 * Two rules stand here, as they were written: a token request header
 * (`headers`, cards `cookie`, expense `apiKey`) takes tab, space and visible
 * ASCII only; an API call header (cards `partnerId`) takes any non-empty
 * string without control characters.
 */
export function checkHeaderValue(product: string, name: string, value: string): string {
  if (!isHeaderValue(value)) {
    throw optionError(
      product,
      name,
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    );
  }
  return value;
}

/** An API call header's value (see {@link checkHeaderValue}): a non-empty string without control characters. */
export function checkApiHeaderValue(product: string, name: string, value: unknown): string {
  // A CR or LF would let the value smuggle in headers of its own.
  if (typeof value !== 'string' || value.trim() === '' || /\p{Cc}/u.test(value)) {
    throw optionError(product, name, 'must be a non-empty string without control characters');
  }
  return value;
}
