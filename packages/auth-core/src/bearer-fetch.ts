import type { AccessToken } from './access-token.js';
import type { GetTokenOptions } from './auth-options.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import type { PayloadCipher } from './payload-cipher.js';

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

const ABSOLUTE_URL = /^[a-z][a-z\d+\-.]*:/i;
const JSON_TYPE = /^application\/json\s*(;|$)/i;

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
 * caller's to handle. With a cipher, a JSON body travels as
 * `{"request": "<ciphertext>"}` and such a JSON response is opened.
 */
export function createBearerFetch(
  context: BearerFetchContext,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const { cipher } = context;
  return async (input, init) => {
    const transport = context.transport ?? globalThis.fetch;
    let request = new Request(resolveAgainstBase(context.baseUrl, input), init);
    const origin = new URL(request.url).origin;
    if (!context.bearerOrigins.has(origin)) {
      // A URL from a response or a typo must never carry the token to another host.
      throw new EnkashAuthError(
        `${context.product}: refusing to send the bearer token to ${origin}; add it to option "trustedOrigins" if it is an EnKash API host.`,
        { code: 'CONFIG', product: context.product },
      );
    }
    for (const [name, value] of Object.entries(context.headers)) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
    if (cipher && request.body && JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
      // Base64 needs no JSON escaping.
      const sealed = await cipher.seal(await request.text());
      request = new Request(request, { body: `{"request":"${sealed}"}` });
    }
    // Kept before sending: a sent body cannot be read twice.
    const spare = request.clone();
    const token = await context.getToken({ signal: request.signal });
    request.headers.set('Authorization', `Bearer ${token.accessToken}`);
    let response = await transport(request);
    if (response.status === 401) {
      await response.body?.cancel();
      await context.invalidate(token.accessToken);
      const fresh = await context.getToken({ signal: request.signal });
      spare.headers.set('Authorization', `Bearer ${fresh.accessToken}`);
      response = await transport(spare);
    }
    return cipher ? openResponse(response, cipher) : response;
  };
}

/**
 * A JSON response whose body is an object with a string `request` comes back
 * as its decrypted JSON; any other body passes through unchanged.
 */
async function openResponse(response: Response, cipher: PayloadCipher): Promise<Response> {
  if (!JSON_TYPE.test(response.headers.get('content-type') ?? '')) return response;
  let body = await response.text();
  let sealed: unknown;
  try {
    sealed = JSON.parse(body)?.request;
  } catch {
    // A gateway's page labelled JSON is the caller's to read.
  }
  if (typeof sealed === 'string') body = JSON.stringify(await cipher.decrypt(sealed));
  // The status, status text and headers are the response's own.
  const opened = new Response(body, response);
  opened.headers.delete('content-length');
  return opened;
}
