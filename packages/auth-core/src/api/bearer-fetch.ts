import type { AccessToken } from '../access-token.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { Redactor } from '../errors/redact.js';
import { sanitizeCause } from '../errors/sanitize-cause.js';
import type { GetTokenOptions } from '../options/auth-options.js';
import { startDeadline } from './answer-deadline.js';
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
  /** `apiTimeoutMs`: the deadline of each answer's headers, and of the body opened for an envelope. */
  timeoutMs: number;
  /** `maxResponseBytes`: the most read of one answer. */
  maxResponseBytes: number;
  /** Knows the secrets and the tokens: a transport error is redacted with it. */
  redactor: Redactor;
}

/**
 * `fetch` with `Authorization: Bearer <token>`. A 401 means EnKash no longer
 * honours the token (revoked, or expired early): it is invalidated and the
 * request is sent once more with a fresh token. A second 401 is the
 * caller's to handle. A 400 to a sealed body whose key follows a rotated
 * client secret is replayed once, sealed under the secret read anew. With a cipher, a JSON body (one sent as
 * `application/json`, or any string body that parses as JSON) travels as
 * `{"request": "<ciphertext>"}` and such a JSON response is opened. Each
 * answer has `timeoutMs` for its headers (and the body opened), else
 * `TIMEOUT`; a transport error is rethrown as a redacted copy (name, code
 * and message), the caller's own abort as it is.
 */
export function createBearerFetch(
  context: BearerFetchContext,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const { cipher, product, baseUrl, timeoutMs, maxResponseBytes, redactor } = context;
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
    // The plaintext of a sealed body, kept to seal it again under a rotated key.
    let sealed: string | undefined;
    if (cipher && body && (JSON_TYPE.test(headers.get('content-type') ?? '') || isJson(body))) {
      sealed = typeof body === 'string' ? body : await (request ?? new Response(body)).text();
      // Base64 needs no JSON escaping.
      body = `{"request":"${await cipher.seal(sealed)}"}`;
      headers.set('content-type', 'application/json');
    }
    // A stream is copied before it is sent: it cannot be read twice. A Request
    // with a sealed body is rebuilt around it for each attempt.
    const spare = request?.body && typeof body !== 'string' ? request.clone() : request;
    const signal = request?.signal ?? init.signal ?? given?.signal;
    const send = async (token: AccessToken, replay: boolean) => {
      const authorization = `Bearer ${token.accessToken}`;
      redactor.remember(token.accessToken);
      const deadline = startDeadline(product, timeoutMs, signal);
      let sent: Promise<Response>;
      if (request) {
        const outgoing =
          typeof body === 'string' ? new Request(request, { body }) : replay ? spare : request;
        outgoing?.headers.set('Authorization', authorization);
        sent = transport(outgoing as Request, { signal: deadline.signal });
      } else {
        headers.set('Authorization', authorization);
        sent = transport(given ?? url, {
          ...init,
          headers,
          body: body ?? null,
          signal: deadline.signal,
        });
      }
      try {
        return { response: await deadline.race(sent), deadline };
      } catch (error) {
        deadline.clear();
        if (deadline.expired) throw deadline.error();
        // The caller's own abort is theirs; anything else may hold what came off the wire.
        throw signal?.aborted || EnkashAuthError.isInstance(error)
          ? error
          : sanitizeCause(error, redactor);
      }
    };
    const token = await context.getToken(signal ? { signal } : undefined);
    let answer = await send(token, false);
    if (answer.response.status === 401) {
      answer.deadline.clear();
      await answer.response.body?.cancel();
      await context.invalidate(token.accessToken);
      answer = await send(await context.getToken(signal ? { signal } : undefined), true);
    }
    if (
      answer.response.status === 400 &&
      sealed !== undefined &&
      cipher?.readKeyAgain !== undefined &&
      (await cipher.readKeyAgain())
    ) {
      // The client secret was rotated (another auth or process met it first): seal once more
      // under the new one and replay once, with a token of the new credentials.
      answer.deadline.clear();
      await answer.response.body?.cancel();
      body = `{"request":"${await cipher.seal(sealed)}"}`;
      answer = await send(await context.getToken(signal ? { signal } : undefined), true);
    }
    const { response, deadline } = answer;
    if (!cipher) {
      deadline.clear();
      return response;
    }
    try {
      return await openResponse(response, cipher, { product, maxResponseBytes, deadline });
    } finally {
      deadline.clear();
    }
  };
}

/** A string body that parses as JSON: sealed whatever its content-type says. */
function isJson(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** Node's fetch also takes an async iterable body: like a stream, it is read once. */
function isAsyncIterable(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}
