import { headerMapEntries, type ProductDefinition } from '../product/product-definition.js';
import { isHeaderValue } from '../util/header-safety.js';
import { isFilled, optionError } from './config-error.js';

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

/**
 * The product's own credential options (cards `cookie`, expense `apiKey`) by
 * header name, as `definition.optionHeaders` maps them: each a non-empty,
 * header-safe string when given.
 */
export function resolveProductHeaders(
  product: string,
  definition: ProductDefinition,
  options: Record<string, unknown>,
): Readonly<Record<string, string>> {
  const productHeaders: Record<string, string> = {};
  for (const [optionName, headerName] of headerMapEntries(definition.optionHeaders)) {
    const value = options[optionName];
    if (value === undefined) continue;
    if (!isFilled(value)) {
      throw optionError(product, optionName, 'must be a non-empty string when given');
    }
    productHeaders[headerName] = checkHeaderValue(product, optionName, value);
  }
  return productHeaders;
}

/**
 * The header values options carry, checked at construction so that none can
 * fail a request later or smuggle in a header of its own. A value is refused
 * with `CONFIG` naming the option, never quoting the value.
 *
 * One rule for every header value an option carries, token request
 * (`headers`, cards `cookie`, expense `apiKey`) and API call (cards
 * `partnerId`) alike: tab, space and visible ASCII only.
 */
function checkHeaderValue(product: string, name: string, value: string): string {
  if (!isHeaderValue(value)) {
    throw optionError(
      product,
      name,
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    );
  }
  return value;
}

/**
 * An API call header's value (cards `partnerId`): a non-empty string, under
 * the same rule as every header value (see {@link checkHeaderValue}), so
 * that no character can make `fetch` throw at the first call.
 */
export function checkApiHeaderValue(product: string, name: string, value: unknown): string {
  if (!isFilled(value)) {
    throw optionError(product, name, 'must be a non-empty string when given');
  }
  return checkHeaderValue(product, name, value);
}
