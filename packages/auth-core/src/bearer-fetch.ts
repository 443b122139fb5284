import type { AccessToken } from './access-token.js';
import type { GetTokenOptions } from './auth-options.js';
import { EnkashAuthError } from './enkash-auth-error.js';

/** What the bearer wrapper needs from its auth. */
export interface BearerFetchContext {
  product: string;
  /** `baseUrl` without a trailing slash. */
  baseUrl: string;
  /** Origins the token may be sent to. */
  bearerOrigins: ReadonlySet<string>;
  transport: typeof globalThis.fetch | undefined;
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Forgets `accessToken` when it is still the current token. */
  invalidate(accessToken: string): Promise<void>;
}

const ABSOLUTE_URL = /^[a-z][a-z\d+\-.]*:/i;

/** Resolves a relative string against `baseUrl` as a prefix: `api/ping` and `/api/ping` alike. */
export function resolveAgainstBase(
  baseUrl: string,
  input: string | URL | Request,
): string | URL | Request {
  if (typeof input !== 'string' || ABSOLUTE_URL.test(input)) {
    return input;
  }
  return `${baseUrl}/${input.replace(/^\/+/, '')}`;
}

/**
 * `fetch` with `Authorization: Bearer <token>`. A 401 means EnKash no longer
 * honours the token (revoked, or expired early): it is invalidated and the
 * request is sent once more with a fresh token. A second 401 is the
 * caller's to handle.
 */
export function createBearerFetch(
  context: BearerFetchContext,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const transport = context.transport ?? globalThis.fetch;
    const request = new Request(resolveAgainstBase(context.baseUrl, input), init);
    const origin = new URL(request.url).origin;
    if (!context.bearerOrigins.has(origin)) {
      // A URL from a response or a typo must never carry the token to another host.
      throw new EnkashAuthError(
        `${context.product}: refusing to send the bearer token to ${origin}; add it to option "trustedOrigins" if it is an EnKash API host.`,
        { code: 'CONFIG', product: context.product },
      );
    }
    // Kept before sending: a sent body cannot be read twice.
    const spare = request.clone();
    const token = await context.getToken({ signal: request.signal });
    request.headers.set('Authorization', `Bearer ${token.accessToken}`);
    const response = await transport(request);
    if (response.status !== 401) {
      return response;
    }
    await response.body?.cancel();
    await context.invalidate(token.accessToken);
    const fresh = await context.getToken({ signal: request.signal });
    spare.headers.set('Authorization', `Bearer ${fresh.accessToken}`);
    return transport(spare);
  };
}
