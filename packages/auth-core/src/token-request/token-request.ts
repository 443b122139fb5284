import type { PreparedTokenRequest } from '../credentials/credentials.js';
import type { EnkashAuthErrorCode } from '../errors/error-codes.js';
import type { TokenRequestEvent } from '../events.js';
import type { KeepAlive } from '../util/keep-alive.js';
import { sleep } from '../util/sleep.js';
import type { AttemptResult, TokenRequestResult, TokenRequestSettings } from './attempt-types.js';
import { retryDelay } from './retry-policy.js';
import { sendAttempt } from './send-attempt.js';
import { tokenRequestError } from './token-request-error.js';

export {
  TOKEN_RESPONSE_BYTE_LIMIT,
  type TokenRequestResult,
  type TokenRequestSettings,
} from './attempt-types.js';

/**
 * The token request: `POST {baseUrl}/oauth/token` with the form body, Basic
 * header, product headers and User-Agent. Each attempt has one deadline,
 * `timeoutMs`, for the headers and the whole body; the body is read up to
 * `TOKEN_RESPONSE_BYTE_LIMIT`; a redirect is never followed. Network
 * errors, timeouts, 408, 429 and 5xx get up to `retries` more attempts with
 * full-jitter backoff or the server's capped `Retry-After`. A rejection is
 * returned (never retried); anything else unusable throws an
 * `EnkashAuthError`.
 */
export async function requestToken(
  settings: TokenRequestSettings,
  prepared: PreparedTokenRequest,
  keepAlive: KeepAlive,
): Promise<TokenRequestResult> {
  const { product, retries, retryDelayMs, maxRetryDelayMs, monotonic } = settings.options;
  const { emit } = settings.events;
  for (let retry = 0; ; retry += 1) {
    const attempt = retry + 1;
    const started = monotonic.now();
    const ended = () => ({ product, attempt, durationMs: monotonic.now() - started });
    let result: Awaited<ReturnType<typeof sendAttempt>>;
    try {
      result = await sendAttempt(settings, prepared.wire, keepAlive);
    } catch (error) {
      const { code, status } = error as { code?: EnkashAuthErrorCode; status?: number };
      emit('token-request', {
        ...ended(),
        outcome: 'failed',
        ...(status === undefined ? {} : { status }),
        ...(code === undefined ? {} : { code }),
      });
      throw error;
    }
    emit('token-request', { ...ended(), ...outcomeOf(result) });
    if (result.type !== 'retry') {
      return result;
    }
    if (retry >= retries) {
      const attempts = retries + 1;
      const gaveUp = attempts > 1 ? ` Gave up after ${attempts} attempts.` : '';
      throw tokenRequestError(
        product,
        result.code,
        `${result.message}${gaveUp}`,
        result.status,
        result.cause,
      );
    }
    const delay = retryDelay(retry, result.retryAfterMs, retryDelayMs, maxRetryDelayMs);
    emit('retry', {
      product,
      attempt,
      delayMs: delay,
      ...(result.status === undefined ? {} : { status: result.status }),
      code: result.code,
    });
    await sleep(delay, { keepAlive });
  }
}

/** How an attempt ended, as the `token-request` event says it. */
function outcomeOf(
  result: AttemptResult,
): Omit<TokenRequestEvent, 'product' | 'attempt' | 'durationMs'> {
  switch (result.type) {
    case 'token':
      return { outcome: 'token' };
    case 'rejection':
      return { outcome: 'rejected', status: result.status, code: 'REJECTED' };
    case 'dead-token':
      return {
        outcome: 'failed',
        code: result.error.code,
        ...(result.error.status === undefined ? {} : { status: result.error.status }),
      };
    case 'retry':
      return {
        outcome: 'transient',
        code: result.code,
        ...(result.status === undefined ? {} : { status: result.status }),
      };
  }
}
