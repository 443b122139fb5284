import { optionError } from './config-error.js';
import { checkHeaderValue } from './header-value.js';

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Option `headers`, the token request's extra headers: valid names, header-safe values. */
export function resolveHeaders(product: string, headers: unknown): Record<string, string> {
  const given: unknown = headers === undefined ? {} : headers;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw optionError(product, 'headers', 'must be an object of header names to strings');
  }
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string') {
      throw optionError(product, 'headers', `has an invalid header "${name.slice(0, 40)}"`);
    }
    checked[name] = checkHeaderValue(product, `headers.${name}`, value);
  }
  return checked;
}
