import { type CredentialSources, isProvider } from '../credentials/credential-provider.js';
import { headerMapEntries, type ProductDefinition } from '../product/product-definition.js';
import { isFilled, optionError } from './config-error.js';
import { checkHeaderValue } from './header-value.js';

/** The string options every auth needs; a provider of one is also accepted for the two secrets. */
const REQUIRED = ['baseUrl', 'clientId', 'username', 'clientSecret', 'password'] as const;
const PROVIDABLE: ReadonlySet<string> = new Set(['clientSecret', 'password']);

/**
 * Checks that every required option is there: a non-empty string, or for a
 * secret a provider, called per token request and not now (construction
 * does no I/O).
 */
export function checkRequired(product: string, options: Record<string, unknown>): void {
  for (const name of REQUIRED) {
    const value = options[name];
    const providable = PROVIDABLE.has(name);
    if (!isFilled(value) && !(providable && isProvider(value))) {
      throw optionError(
        product,
        name,
        `is required and must be a non-empty string${providable ? ' or a function that returns one' : ''}`,
      );
    }
  }
}

/** `basicAuth`, the Basic pair when it is not `clientId:clientSecret`: `{ id, secret }` strings. */
export function resolveBasicAuth(
  product: string,
  basicAuth: unknown,
): CredentialSources['basicAuth'] {
  if (basicAuth === undefined) return undefined;
  const pair = basicAuth as Record<string, unknown> | null;
  if (typeof pair !== 'object' || typeof pair?.id !== 'string' || typeof pair.secret !== 'string') {
    throw optionError(product, 'basicAuth', 'must be { id: string, secret: string }');
  }
  return { id: pair.id, secret: pair.secret };
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
