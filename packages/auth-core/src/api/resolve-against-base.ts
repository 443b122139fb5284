/**
 * Resolves a relative string against `baseUrl` as a prefix, so `api/ping`
 * and `/api/ping` both land under a `baseUrl` with a path; an absolute URL,
 * a `URL` or a `Request` is left as it is.
 *
 * @example
 * ```ts
 * resolveAgainstBase('https://api.enkash.in/payouts', '/api/ping');
 * // 'https://api.enkash.in/payouts/api/ping'
 * ```
 */
export function resolveAgainstBase(
  baseUrl: string,
  input: string | URL | Request,
): string | URL | Request {
  return typeof input !== 'string' || /^[a-z][a-z\d+\-.]*:/i.test(input)
    ? input
    : `${baseUrl}/${input.replace(/^\/+/, '')}`;
}
