import type { AccessToken } from '../access-token.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { Redactor } from '../errors/redact.js';
import { sanitizeCause } from '../errors/sanitize-cause.js';
import { type AnswerDeadline, startDeadline } from './answer-deadline.js';
import { JSON_TYPE } from './open-response.js';
import type { PayloadCipher } from './payload-cipher.js';
import { resolveAgainstBase } from './resolve-against-base.js';

/** What the bearer wrapper needs from its auth. */
export interface BearerFetchSettings {
  product: string;
  /** `baseUrl` without a trailing slash. */
  baseUrl: string;
  /** Origins the token may be sent to. */
  bearerOrigins: ReadonlySet<string>;
  transport: typeof globalThis.fetch | undefined;
  /** A token for the call, given up on when the caller's signal aborts. */
  getToken(options?: { signal: AbortSignal }): Promise<AccessToken>;
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

/** An answer and the deadline still running over its body. */
export interface Answer {
  response: Response;
  deadline: AnswerDeadline;
}

/** One API call, ready to send with a token, and to replay once. */
export interface BearerCall {
  /** The caller's signal (or the one of the `Request` it passed). */
  readonly signal: AbortSignal | null | undefined;
  /** The plaintext of a sealed body, kept to seal it again under a rotated key. */
  readonly sealed: string | undefined;
  /** Sends the call with `token` under a new deadline; `replay` sends the spare copy of a stream. */
  send(token: AccessToken, replay: boolean): Promise<Answer>;
  /** Seals the body again, under the key as it is now. */
  reseal(): Promise<void>;
}

/**
 * Prepares a call: its URL resolved against `baseUrl` and refused (`CONFIG`)
 * when its origin is not trusted (a URL from a response or a typo must never
 * carry the token to another host), the product's API headers added where
 * the call sets none, and a JSON body sealed when the product encrypts (one
 * sent as `application/json`, or any string body that parses as JSON).
 *
 * A body that is a stream, or inside a `Request`, is read once: it goes
 * through a `Request` that is cloned for the replay (a `Request` with a
 * sealed body is rebuilt for each attempt). Anything else is sent, and
 * replayed, from `init`: no copy on the common paths.
 */
export async function prepareBearerCall(
  settings: BearerFetchSettings,
  input: string | URL | Request,
  init: RequestInit,
): Promise<BearerCall> {
  const { cipher, product, baseUrl, timeoutMs, redactor } = settings;
  const transport = settings.transport ?? globalThis.fetch;
  const target = resolveAgainstBase(baseUrl, input);
  let { body } = init;
  const given = target instanceof Request ? target : undefined;
  const request =
    (given && (given.body !== null || body != null)) ||
    body instanceof ReadableStream ||
    isAsyncIterable(body)
      ? new Request(target, init)
      : undefined;
  const url = request?.url ?? given?.url ?? String(target);
  // A URL under `baseUrl` (every relative one) has its origin: no need to parse it again.
  const origin = url.startsWith(`${baseUrl}/`) ? undefined : new URL(url).origin;
  if (origin !== undefined && !settings.bearerOrigins.has(origin)) {
    throw new EnkashAuthError(
      `${product}: refusing to send the bearer token to ${origin}; add it to option "trustedOrigins" if it is an EnKash API host.`,
      { code: 'CONFIG', product },
    );
  }
  // As in `new Request(given, init)`: headers of `init` replace the Request's.
  const headers = request?.headers ?? new Headers(init.headers ?? given?.headers);
  for (const name in settings.headers) {
    if (!headers.has(name)) headers.set(name, settings.headers[name] as string);
  }
  if (request) body = request.body;
  let sealed: string | undefined;
  if (cipher && body) ({ body, sealed } = await sealJsonBody(cipher, request, body, headers));
  const spare = request?.body && typeof body !== 'string' ? request.clone() : request;
  const signal = request?.signal ?? init.signal ?? given?.signal;
  const send = async (token: AccessToken, replay: boolean): Promise<Answer> => {
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
  return {
    signal,
    sealed,
    send,
    async reseal() {
      body = `{"request":"${await cipher?.seal(sealed as string)}"}`;
    },
  };
}

/**
 * The body as it goes to an encrypting product: a JSON one sealed into its envelope (one sent as
 * `application/json`, or any string that parses as JSON), with the plaintext kept for a reseal.
 */
async function sealJsonBody(
  cipher: PayloadCipher,
  request: Request | undefined,
  given: BodyInit,
  headers: Headers,
): Promise<{ body: BodyInit; sealed: string | undefined }> {
  let body = given;
  // A string wrapped in a `Request` (ky's `body: JSON.stringify(x)`) arrives as a text/plain
  // stream: read back, it is sealed when it is JSON, as the same string given to fetch is.
  if (request?.body && TEXT_TYPE.test(headers.get('content-type') ?? '')) {
    body = await request.text();
  }
  if (!JSON_TYPE.test(headers.get('content-type') ?? '') && !isJson(body)) {
    return { body, sealed: undefined };
  }
  const sealed = typeof body === 'string' ? body : await (request ?? new Response(body)).text();
  headers.set('content-type', 'application/json');
  // Base64 needs no JSON escaping.
  return { body: `{"request":"${await cipher.seal(sealed)}"}`, sealed };
}

/** What `Request` says of a string body, and a caller of plain text. */
const TEXT_TYPE = /^text\/plain\s*(;|$)/i;

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
