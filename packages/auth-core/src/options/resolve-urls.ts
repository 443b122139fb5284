import { optionError } from './config-error.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `baseUrl` checked (see {@link checkUrl}) and without a trailing slash, so paths join with exactly one. */
export function resolveBaseUrl(product: string, baseUrl: string): string {
  return checkUrl(product, 'baseUrl', baseUrl).href.replace(/\/+$/, '');
}

/** The origins the bearer token may go to: `baseUrl`'s, then each of `trustedOrigins`, checked. */
export function resolveBearerOrigins(
  product: string,
  baseUrl: string,
  trustedOrigins: unknown,
): ReadonlySet<string> {
  const bearerOrigins = new Set([new URL(baseUrl).origin]);
  if (trustedOrigins === undefined) return bearerOrigins;
  if (
    !Array.isArray(trustedOrigins) ||
    trustedOrigins.some((origin) => typeof origin !== 'string')
  ) {
    throw optionError(product, 'trustedOrigins', 'must be an array of origin strings');
  }
  for (const origin of trustedOrigins as string[]) {
    const trusted = checkUrl(product, 'trustedOrigins', origin);
    if (trusted.pathname !== '/') {
      throw optionError(
        product,
        'trustedOrigins',
        `takes origins only; "${origin}" has the path "${trusted.pathname}": list "${trusted.origin}" and keep the path in the URLs you call`,
      );
    }
    bearerOrigins.add(trusted.origin);
  }
  return bearerOrigins;
}

/**
 * An absolute URL without credentials, query or fragment, over https (plain
 * http only to a loopback host). Throws `CONFIG` naming the option.
 */
function checkUrl(product: string, name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionError(product, name, 'is not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw optionError(product, name, 'must not contain credentials');
  }
  // A bare `?` or `#` parses to an empty search or hash, yet stays in `href`.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(url.href)) {
    throw optionError(product, name, 'must not contain a query or fragment');
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    throw optionError(
      product,
      name,
      `must use https (plain http only to localhost, 127.0.0.1 or [::1]); got ${url.protocol}//${url.host}`,
    );
  }
  return url;
}
