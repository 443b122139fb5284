import type { KyInstance } from 'ky';
import type { AccessToken } from './access-token.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import type { ResolvedOptions } from './options.js';
import { parseTokenResponse } from './parse-token-response.js';
import type { ProductDefinition, RejectionDetails } from './product-definition.js';
import { pickRejectionDetails, redactDetails } from './redact.js';
import { isRetryableStatus, parseRetryAfter, retryDelay } from './retry-policy.js';
import { sleep } from './sleep.js';

/** What one token request came to, when it did not fail outright. */
export type TokenRequestResult =
  | { type: 'token'; token: AccessToken }
  | { type: 'rejection'; status: number; details: RejectionDetails };

/** A failure worth another attempt; the error is built once the attempts run out. */
interface RetryableFailure {
  type: 'retry';
  code: 'HTTP' | 'NETWORK' | 'TIMEOUT';
  message: string;
  status?: number;
  cause?: unknown;
  retryAfterMs?: number | undefined;
}

type AttemptResult = TokenRequestResult | RetryableFailure;

/** Everything a token request needs, built once per auth. */
export interface TokenRequestContext {
  definition: ProductDefinition;
  options: ResolvedOptions;
  ky: KyInstance;
  random?: () => number;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Keeps the low-level cause, not ky's wrapper: the wrapper holds the Request and its Basic header. */
function unwrapCause(error: unknown): unknown {
  if (error instanceof Error && error.name === 'NetworkError' && error.cause !== undefined) {
    return error.cause;
  }
  return error;
}

function transportError(context: TokenRequestContext, error: unknown): AttemptResult {
  const { product, timeoutMs, tokenUrl } = context.options;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return {
      type: 'retry',
      code: 'TIMEOUT',
      message: `EnKash ${product} did not answer the token request within ${timeoutMs} ms. Check the network or raise timeoutMs.`,
      cause: error,
    };
  }
  return {
    type: 'retry',
    code: 'NETWORK',
    message: `Could not reach EnKash ${product} at ${tokenUrl} (network error). Check baseUrl and the network.`,
    cause: unwrapCause(error),
  };
}

async function attempt(context: TokenRequestContext): Promise<AttemptResult> {
  const { definition, options } = context;
  const { product } = options;
  let status: number;
  let text: string;
  let response: Response;
  try {
    // One signal covers the headers and the body: a server that stalls mid-body times out too.
    response = await context.ky.post(options.tokenUrl, {
      headers: options.tokenHeaders,
      body: options.tokenBody,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return transportError(context, error);
  }
  const json = parseJson(text);
  if (response.ok) {
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
      return {
        type: 'rejection',
        status,
        details: redactDetails(pickRejectionDetails(outcome.details), options.secrets),
      };
    }
    return outcome;
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
  if (status >= 400) {
    const details = json.ok ? pickRejectionDetails(json.value) : {};
    return { type: 'rejection', status, details: redactDetails(details, options.secrets) };
  }
  throw new EnkashAuthError(
    `EnKash ${product} answered the token request with unexpected HTTP ${status}.`,
    { code: 'HTTP', product, status },
  );
}

/**
 * The token request: `POST {baseUrl}/oauth/token` with the form body, Basic
 * header, product headers and User-Agent. Network errors, timeouts, 408, 429
 * and 5xx get up to `retries` more attempts with full-jitter backoff or the
 * server's capped `Retry-After`. A rejection is returned (never retried);
 * anything else unusable throws an {@link EnkashAuthError}.
 */
export async function requestToken(
  context: TokenRequestContext,
  mode: { background: boolean },
): Promise<TokenRequestResult> {
  const { retries, retryDelayMs, maxRetryDelayMs } = context.options;
  for (let retry = 0; ; retry += 1) {
    const result = await attempt(context);
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
    const delay = retryDelay(
      retry,
      result.retryAfterMs,
      retryDelayMs,
      maxRetryDelayMs,
      context.random,
    );
    await sleep(delay, { background: mode.background });
  }
}
