import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { ProductDefinition } from '../product/product-definition.js';
import type { AuthOptions } from './auth-options.js';
import { configError, isFilled } from './config-error.js';
import {
  checkRequired,
  resolveBasicAuth,
  resolveProductHeaders,
} from './resolve-credential-options.js';
import { resolveHeaders } from './resolve-headers.js';
import { resolveClock, resolveFetch } from './resolve-runtime.js';
import { resolveStore, resolveStoreOutage } from './resolve-store.js';
import { resolveTimings } from './resolve-timings.js';
import { resolveBaseUrl, resolveBearerOrigins } from './resolve-urls.js';
import type { ResolvedOptions } from './resolved-options.js';

/**
 * Checks every option at construction and applies the defaults, one
 * resolver per option, in a fixed order (the first problem found is the one
 * reported). Throws a `CONFIG` error naming the offending option; a message
 * never repeats a secret value.
 */
export function resolveOptions(
  definition: ProductDefinition,
  options: AuthOptions & Record<string, unknown>,
): ResolvedOptions {
  const product = resolveProduct(definition);
  if (typeof options !== 'object' || options === null) {
    throw configError(product, 'options must be an object.');
  }
  checkRequired(product, options);
  const { clientId, clientSecret, username, password } = options;
  const baseUrl = resolveBaseUrl(product, options.baseUrl);
  // Resolved in this order, property by property: the first problem is the one reported.
  return {
    product,
    baseUrl,
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId,
    username,
    credentials: {
      clientId,
      clientSecret,
      username,
      password,
      basicAuth: resolveBasicAuth(product, options.basicAuth),
      productHeaders: resolveProductHeaders(product, definition, options),
    },
    headers: resolveHeaders(product, options.headers),
    fetch: resolveFetch(product, options.fetch),
    clock: resolveClock(product, options.clock),
    // Freshness is measured on the given clock (tests), else on a monotonic one.
    monotonic: options.clock ?? performance,
    storeOutage: resolveStoreOutage(product, options.storeOutage),
    store: resolveStore(product, options.store),
    bearerOrigins: resolveBearerOrigins(product, baseUrl, options.trustedOrigins),
    ...resolveTimings(product, options),
  };
}

/**
 * The definition's product name, once the definition is one the core can
 * use: a name, at least one response shape, and a positive `maxLifetimeMs`
 * when it has one. Throws `CONFIG`.
 */
function resolveProduct(definition: ProductDefinition): string {
  const product = (definition as Partial<ProductDefinition> | undefined)?.product;
  if (!isFilled(product)) {
    throw new EnkashAuthError('createAuth: the product definition has no product name.', {
      code: 'CONFIG',
      product: 'unknown',
    });
  }
  if (!Array.isArray(definition.responses) || definition.responses.length === 0) {
    throw configError(product, 'the product definition lists no response shapes.');
  }
  const { maxLifetimeMs } = definition;
  if (maxLifetimeMs !== undefined && !(Number.isFinite(maxLifetimeMs) && maxLifetimeMs > 0)) {
    throw configError(product, 'the product definition has a non-positive maxLifetimeMs.');
  }
  return product;
}
