import type { ProductDefinition } from '../product/product-definition.js';
import type { AuthOptions } from './auth-options.js';
import { checkDefinition } from './check-definition.js';
import { configError } from './config-error.js';
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
  const product = checkDefinition(definition);
  if (typeof options !== 'object' || options === null) {
    throw configError(product, 'options must be an object.');
  }
  checkRequired(product, options);
  const { url, baseUrl } = resolveBaseUrl(product, options.baseUrl);
  const basicAuth = resolveBasicAuth(product, options.basicAuth);
  const productHeaders = resolveProductHeaders(product, definition, options);
  const headers = resolveHeaders(product, options.headers);
  const fetch = resolveFetch(product, options.fetch);
  const { clock, monotonic } = resolveClock(product, options.clock);
  const storeOutage = resolveStoreOutage(product, options.storeOutage);
  const store = resolveStore(product, options.store);
  const bearerOrigins = resolveBearerOrigins(product, url, options.trustedOrigins);
  const timings = resolveTimings(product, options);
  return {
    product,
    baseUrl,
    bearerOrigins,
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId: options.clientId,
    username: options.username,
    credentials: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      username: options.username,
      password: options.password,
      basicAuth,
      productHeaders,
    },
    headers,
    ...timings,
    storeOutage,
    fetch,
    clock,
    monotonic,
    store,
  };
}
