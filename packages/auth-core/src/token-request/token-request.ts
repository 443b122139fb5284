import type { AccessToken } from '../access-token.js';
import type { PreparedTokenRequest } from '../credentials/credentials.js';
import type { TokenWireRequest } from '../credentials/token-wire-request.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { pickRejectionDetails, type Redactor } from '../errors/redact.js';
import { sanitizeCause } from '../errors/sanitize-cause.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import type { ProductDefinition, RejectionDetails } from '../product/product-definition.js';
import type { KeepAlive } from '../util/keep-alive.js';
import { sleep } from '../util/sleep.js';
import { type LifetimeClamp, parseTokenResponse } from './parse-token-response.js';
import { readCappedBody } from './read-capped-body.js';
import { isRetryableStatus, parseHttpDate, parseRetryAfter, retryDelay } from './retry-policy.js';

/**
 * The most a token response may hold, in decoded bytes: 1 MiB. A real one is
 * under 4 KB; anything past this is `INVALID_RESPONSE`, never retried.
 */
export const TOKEN_RESPONSE_BYTE_LIMIT = 1_048_576;

/** What one token request came to, when it did not fail outright. */
export type TokenRequestResult =
  | { type: 'token'; token: AccessToken; clamped?: LifetimeClamp }
  | { type: 'rejection'; status: number; details: RejectionDetails }
  /** EnKash logged the user in (a success for its count), but the token is already dead. */
  | { type: 'dead-token'; error: EnkashAuthError };

/** Everything a token request needs, built once per auth. */
export interface TokenRequestContext {
  definition: ProductDefinition;
  options: ResolvedOptions;
  /** Knows the secrets of the latest requests and the tokens the auth holds. */
  redactor: Redactor;
}

/**
 * The token request: `POST {baseUrl}/oauth/token` with the form body, Basic
 * header, product headers and User-Agent. Each attempt has one deadline,
 * `timeoutMs`, for the headers and the whole body; the body is read up to
 * {@link TOKEN_RESPONSE_BYTE_LIMIT}; a redirect is never followed. Network
 * errors, timeouts, 408, 429 and 5xx get up to `retries` more attempts with
 * full-jitter backoff or the server's capped `Retry-After`. A rejection is
 * returned (never retried); anything else unusable throws an
 * {@link EnkashAuthError}.
 */
export async function requestToken(
  context: TokenRequestContext,
  prepared: PreparedTokenRequest,
  keepAlive: KeepAlive,
): Promise<TokenRequestResult> {
  const { retries, retryDelayMs, maxRetryDelayMs } = context.options;
  for (let retry = 0; ; retry += 1) {
    const result = await attempt(context, prepared.wire, keepAlive);
    if (result.type !== 'retry') {
      return result;
    }
    if (retry >= retries) {
      const attempts = retries + 1;
      throw new EnkashAuthError(
        `${result.message}${attempts > 1 ? ` Gave up after ${attempts} attempts.` : ''}`,
        {
          code: result.code,
          product: context.options.product,
          ...(result.status === undefined ? {} : { status: result.status }),
          ...(result.cause === undefined ? {} : { cause: result.cause }),
        },
      );
    }
    const delay = retryDelay(retry, result.retryAfterMs, retryDelayMs, maxRetryDelayMs);
    await sleep(delay, { keepAlive });
  }
}

/** A failure worth another attempt; the error is built once the attempts run out. */
interface RetryableFailure {
  type: 'retry';
  code: 'HTTP' | 'NETWORK' | 'TIMEOUT';
  message: string;
  status?: number;
  /** Already sanitized: name, code and message only. */
  cause?: Error;
  retryAfterMs?: number | undefined;
}

type AttemptResult = TokenRequestResult | RetryableFailure;

/** The response of one attempt, its body read (or left unread when not needed). */
interface Exchange {
  response: Response;
  /** `undefined` when the body went past the limit. */
  text: string | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function attempt(
  context: TokenRequestContext,
  wire: TokenWireRequest,
  keepAlive: KeepAlive,
): Promise<AttemptResult> {
  const controller = new AbortController();
  let expire: (() => void) | undefined;
  // One deadline for the headers and the body. The timer holds the controller
  // until it is cleared after the body is read: a signal nothing references
  // could be garbage-collected before it fires, and the request would hang.
  const clearDeadline = keepAlive.setTimer(() => {
    controller.abort(
      new DOMException('The token request took longer than timeoutMs.', 'TimeoutError'),
    );
    expire?.();
  }, context.options.timeoutMs);
  let exchanged: Exchange;
  try {
    // The deadline settles it too, for a custom fetch that ignores its signal
    // (one promise rather than Promise.race with a second one: less to allocate).
    exchanged = await new Promise<Exchange>((resolve, reject) => {
      expire = () => reject(controller.signal.reason);
      exchange(context, wire, controller.signal).then(resolve, reject);
    });
  } catch (error) {
    return transportFailure(context, error, controller.signal.aborted);
  } finally {
    clearDeadline();
  }
  return judge(context, exchanged);
}

async function exchange(
  context: TokenRequestContext,
  wire: TokenWireRequest,
  signal: AbortSignal,
): Promise<Exchange> {
  const transport = context.options.fetch ?? globalThis.fetch;
  const response = await transport(wire.url, { ...wire.init, signal });
  const status = response.status;
  if (status < 200 || (status >= 300 && status < 400) || isRetryableStatus(status)) {
    // Nothing in these bodies is used: let the connection go.
    response.body?.cancel().catch(() => undefined);
    return { response, text: '' };
  }
  return { response, text: await readCappedBody(response, TOKEN_RESPONSE_BYTE_LIMIT) };
}

function transportFailure(
  context: TokenRequestContext,
  error: unknown,
  timedOut: boolean,
): RetryableFailure {
  const { product, timeoutMs, tokenUrl } = context.options;
  const cause = sanitizeCause(error, context.redactor);
  if (timedOut) {
    return {
      type: 'retry',
      code: 'TIMEOUT',
      message: `EnKash ${product} did not answer the token request within ${timeoutMs} ms. Check the network or raise timeoutMs.`,
      cause,
    };
  }
  return {
    type: 'retry',
    code: 'NETWORK',
    message: `Could not reach EnKash ${product} at ${tokenUrl} (network error). Check baseUrl and the network.`,
    cause,
  };
}

function judge(context: TokenRequestContext, { response, text }: Exchange): AttemptResult {
  const { definition, options, redactor } = context;
  const { product } = options;
  const status = response.status;
  if (response.redirected) {
    // Only a custom fetch that ignores `redirect: 'manual'` gets here: the credentials went to
    // the target, and its answer is not EnKash's to trust.
    throw new EnkashAuthError(
      `EnKash ${product} answered the token request with a redirect that the custom fetch followed (it must honour redirect: 'manual'); the SDK never follows one, nor uses what the target answered. Check baseUrl.`,
      { code: 'HTTP', product },
    );
  }
  if (response.type === 'opaqueredirect' || REDIRECTS.has(status)) {
    throw new EnkashAuthError(
      `EnKash ${product} answered the token request with a redirect${status === 0 ? '' : ` (HTTP ${status})`}; the SDK never follows one. Check baseUrl.`,
      { code: 'HTTP', product, ...(status === 0 ? {} : { status }) },
    );
  }
  if (isRetryableStatus(status)) {
    return {
      type: 'retry',
      code: 'HTTP',
      status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), options.clock.now()),
      message: `EnKash ${product} answered the token request with HTTP ${status}. Try again later.`,
    };
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    throw new EnkashAuthError(
      `EnKash ${product} answered the token request with unexpected HTTP ${status}.`,
      { code: 'HTTP', product, status },
    );
  }
  if (text === undefined) {
    throw new EnkashAuthError(
      `EnKash ${product} sent a token response larger than ${TOKEN_RESPONSE_BYTE_LIMIT} bytes; a token response is a few KB. Check baseUrl points at the EnKash API.`,
      { code: 'INVALID_RESPONSE', product, status },
    );
  }
  const json = parseJson(text);
  if (status >= 400) {
    const details = json.ok ? pickRejectionDetails(json.value, redactor) : {};
    return { type: 'rejection', status, details };
  }
  if (!json.ok) {
    throw new EnkashAuthError(
      `EnKash ${product} answered HTTP ${status} with a token response that is not JSON. Check baseUrl points at the EnKash API.`,
      { code: 'INVALID_RESPONSE', product, status },
    );
  }
  const outcome = parseTokenResponse(definition, json.value, {
    now: options.clock.now(),
    serverNow: serverTimeOf(response.headers.get('date')),
  });
  if (outcome.type === 'invalid') {
    throw new EnkashAuthError(
      `EnKash ${product} sent a token response the SDK cannot use: ${outcome.paths.join('; ')}.`,
      { code: 'INVALID_RESPONSE', product, status },
    );
  }
  if (outcome.type === 'rejection') {
    return { type: 'rejection', status, details: pickRejectionDetails(outcome.details, redactor) };
  }
  if (outcome.type === 'dead-token') {
    return {
      type: 'dead-token',
      error: new EnkashAuthError(
        `EnKash ${product} accepted the credentials but sent a token that, by its own clock, had already expired. Not counted as a failed login; the next call asks again.`,
        { code: 'INVALID_RESPONSE', product, status },
      ),
    };
  }
  return outcome;
}

/**
 * The server's time by its `Date` header, at the end of the second it
 * names: the header drops the milliseconds, and a lifetime read against the
 * start of that second could outlast the server's expiry.
 */
function serverTimeOf(date: string | null): number | undefined {
  const start = parseHttpDate(date);
  return start === undefined ? undefined : start + 1_000;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
