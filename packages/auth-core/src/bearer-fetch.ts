import type { AccessToken } from './access-token.js';
import type { GetTokenOptions } from './auth-options.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import { JSON_TYPE, openResponse } from './open-response.js';
import type { PayloadCipher } from './payload-cipher.js';
import { resolveAgainstBase } from './resolve-against-base.js';

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
  /** Headers of every API call (cards `partnerId`); a header the call sets itself wins. */
  headers: Readonly<Record<string, string>>;
  /** Seals JSON request bodies and opens enveloped responses; absent when payloads travel in clear. */
  cipher: PayloadCipher | undefined;
}

/**
 * `fetch` with `Authorization: Bearer <token>`. A 401 means EnKash no longer
 * honours the token (revoked, or expired early): it is invalidated and the
 * request is sent once more with a fresh token. A second 401 is the
 * caller's to handle. With a cipher, a JSON body travels as
 * `{"request": "<ciphertext>"}` and such a JSON response is opened.
 */
export function createBearerFetch(
  context: BearerFetchContext,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const { cipher, product, baseUrl } = context;
  // A URL under `baseUrl` (every relative one) has its origin: no need to parse it again.
  const underBase = `${baseUrl}/`;
  return async (input, init = {}) => {
    const transport = context.transport ?? globalThis.fetch;
    const target = resolveAgainstBase(baseUrl, input);
    let { body } = init;
    const given = target instanceof Request ? target : undefined;
    // A body that is a stream, or inside a Request, is read once: it goes
    // through a Request that is cloned for the replay. Anything else is sent
    // (and replayed) from `init`, a bodiless Request (what `client` sends for
    // a GET) as it is, with `init` on top: no copy on the common paths.
    const request =
      (given && (given.body !== null || body != null)) ||
      body instanceof ReadableStream ||
      isAsyncIterable(body)
        ? new Request(target, init)
        : undefined;
    const url = request?.url ?? given?.url ?? String(target);
    const origin = url.startsWith(underBase) ? undefined : new URL(url).origin;
    if (origin !== undefined && !context.bearerOrigins.has(origin)) {
      // A URL from a response or a typo must never carry the token to another host.
      throw new EnkashAuthError(
        `${product}: refusing to send the bearer token to ${origin}; add it to option "trustedOrigins" if it is an EnKash API host.`,
        { code: 'CONFIG', product },
      );
    }
    // As in `new Request(given, init)`: headers of `init` replace the Request's.
    const headers = request?.headers ?? new Headers(init.headers ?? given?.headers);
    for (const name in context.headers) {
      if (!headers.has(name)) headers.set(name, context.headers[name] as string);
    }
    if (request) body = request.body;
    if (cipher && body && JSON_TYPE.test(headers.get('content-type') ?? '')) {
      const text = typeof body === 'string' ? body : await (request ?? new Response(body)).text();
      // Base64 needs no JSON escaping.
      body = `{"request":"${await cipher.seal(text)}"}`;
    }
    // A stream is copied before it is sent: it cannot be read twice. A Request
    // with a sealed body is rebuilt around it for each attempt.
    const spare = request?.body && typeof body !== 'string' ? request.clone() : request;
    const signal = request?.signal ?? init.signal ?? given?.signal;
    const send = async (token: AccessToken, replay: boolean) => {
      const authorization = `Bearer ${token.accessToken}`;
      if (request) {
        const outgoing =
          typeof body === 'string' ? new Request(request, { body }) : replay ? spare : request;
        outgoing?.headers.set('Authorization', authorization);
        return transport(outgoing as Request);
      }
      headers.set('Authorization', authorization);
      return transport(given ?? url, { ...init, headers, body: body ?? null });
    };
    const token = await context.getToken(signal ? { signal } : undefined);
    let response = await send(token, false);
    if (response.status === 401) {
      await response.body?.cancel();
      await context.invalidate(token.accessToken);
      response = await send(await context.getToken(signal ? { signal } : undefined), true);
    }
    return cipher ? openResponse(response, cipher) : response;
  };
}

/** Node's fetch also takes an async iterable body: like a stream, it is read once. */
function isAsyncIterable(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}
