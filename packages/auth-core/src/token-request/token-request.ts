import type { PreparedTokenRequest } from '../credentials/credentials.js';
import type { KeepAlive } from '../util/keep-alive.js';
import { sleep } from '../util/sleep.js';
import type { TokenRequestResult, TokenRequestSettings } from './attempt-types.js';
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
  const { product, retries, retryDelayMs, maxRetryDelayMs } = settings.options;
  for (let retry = 0; ; retry += 1) {
    const result = await sendAttempt(settings, prepared.wire, keepAlive);
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
    await sleep(delay, { keepAlive });
  }
}
