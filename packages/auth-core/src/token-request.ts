import type { AccessToken } from './access-token.js';
import { hasProvider, readCredential, readCredentials } from './credential-provider.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import { createKeepAlive, type KeepAlive } from './keep-alive.js';
import type { ResolvedOptions } from './options.js';
import { parseTokenResponse } from './parse-token-response.js';
import type { ProductDefinition, RejectionDetails } from './product-definition.js';
import { readCappedBody } from './read-capped-body.js';
import { createRedactor, pickRejectionDetails, type Redactor } from './redact.js';
import { isRetryableStatus, parseRetryAfter, retryDelay } from './retry-policy.js';
import { sanitizeCause } from './sanitize-cause.js';
import { sleep } from './sleep.js';
import {
  buildTokenWireRequest,
  type TokenCredentials,
  type TokenWireRequest,
} from './token-wire-request.js';

/**
 * The most a token response may hold, in decoded bytes: 1 MiB. A real one is
 * under 4 KB; anything past this is `INVALID_RESPONSE`, never retried.
 */
export const TOKEN_RESPONSE_BYTE_LIMIT = 1_048_576;

/** What one token request came to, when it did not fail outright. */
export type TokenRequestResult =
  | { type: 'token'; token: AccessToken }
  | { type: 'rejection'; status: number; details: RejectionDetails };

/** Everything a token request needs, built once per auth. */
export interface TokenRequestContext {
  definition: ProductDefinition;
  options: ResolvedOptions;
  /** Knows the secrets of the latest requests and the tokens the auth holds. */
  redactor: Redactor;
  /** Keeps the request's timers from holding the process once no caller waits. */
  keepAlive: KeepAlive;
  /** The last credentials read and their wire request, reused while the values stay the same. */
  latest: PreparedTokenRequest | undefined;
  /** A client secret read for the payload key before this auth made a token request of its own. */
  secretReadForKey?: string;
}

/** One token request ready to send: the credentials read for it and the wire request built from them. */
export interface PreparedTokenRequest {
  readonly credentials: TokenCredentials;
  readonly wire: TokenWireRequest;
}

/**
 * Builds the {@link TokenRequestContext} of one auth. Credentials given as
 * strings are built into the wire request now; providers are called only by
 * {@link prepareTokenRequest}, when a request is about to be made.
 */
export function createTokenRequestContext(
  definition: ProductDefinition,
  options: ResolvedOptions,
  otherSecrets: readonly string[] = [],
): TokenRequestContext {
  const context: TokenRequestContext = {
    definition,
    options,
    // Secrets the request does not carry (the payload encryption key) are redacted all the same.
    redactor: createRedactor(otherSecrets),
    keepAlive: createKeepAlive(),
    latest: undefined,
  };
  const { credentials } = options;
  const { clientSecret, password } = credentials;
  if (typeof clientSecret === 'string' && typeof password === 'string') {
    remember(context, { ...credentials, clientSecret, password });
  }
  return context;
}

/**
 * Reads the credentials for one token request (calling any provider, which
 * may throw `CONFIG` or `TIMEOUT`) and builds its wire request. The
 * redactor learns the values read, so errors of this request redact them.
 */
export async function prepareTokenRequest(
  context: TokenRequestContext,
  keepAlive: KeepAlive = context.keepAlive,
): Promise<PreparedTokenRequest> {
  const { options, latest } = context;
  if (latest !== undefined && !hasProvider(options.credentials)) {
    return latest;
  }
  const credentials = await readCredentials(options.credentials, {
    product: options.product,
    timeoutMs: options.timeoutMs,
    keepAlive,
  });
  if (latest !== undefined && sameCredentials(latest.credentials, credentials)) {
    return latest;
  }
  return remember(context, credentials);
}

/**
 * The client secret as of this auth's latest token request, for the payload
 * key that defaults to it. Before that (none yet, or the account's token came
 * from another auth or process) it is read from its provider once, which
 * sends nothing to EnKash, and kept until a token request reads its own.
 */
export async function currentClientSecret(context: TokenRequestContext): Promise<string> {
  const { latest, options } = context;
  if (latest !== undefined) {
    return latest.credentials.clientSecret;
  }
  context.secretReadForKey ??= await readCredential(
    options.credentials.clientSecret,
    'clientSecret',
    { product: options.product, timeoutMs: options.timeoutMs, keepAlive: context.keepAlive },
  );
  return context.secretReadForKey;
}

/** Whether two reads of the credentials gave the same password and client secret. */
export function sameCredentials(left: TokenCredentials, right: TokenCredentials): boolean {
  return left.password === right.password && left.clientSecret === right.clientSecret;
}

function remember(
  context: TokenRequestContext,
  credentials: TokenCredentials,
): PreparedTokenRequest {
  const wire = buildTokenWireRequest(context.definition, context.options, credentials);
  context.redactor.rememberSecrets(wire.secrets);
  const prepared = { credentials, wire };
  context.latest = prepared;
  return prepared;
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
  keepAlive: KeepAlive = context.keepAlive,
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
  const outcome = parseTokenResponse(definition, json.value, options.clock.now());
  if (outcome.type === 'invalid') {
    throw new EnkashAuthError(
      `EnKash ${product} sent a token response the SDK cannot use: ${outcome.paths.join('; ')}.`,
      { code: 'INVALID_RESPONSE', product, status },
    );
  }
  if (outcome.type === 'rejection') {
    return { type: 'rejection', status, details: pickRejectionDetails(outcome.details, redactor) };
  }
  return outcome;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
