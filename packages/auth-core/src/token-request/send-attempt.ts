import type { TokenWireRequest } from '../credentials/token-wire-request.js';
import { sanitizeCause } from '../errors/sanitize-cause.js';
import type { KeepAlive } from '../util/keep-alive.js';
import {
  type AttemptResult,
  type Exchange,
  type RetryableFailure,
  TOKEN_RESPONSE_BYTE_LIMIT,
  type TokenRequestSettings,
} from './attempt-types.js';
import { judgeResponse } from './judge-response.js';
import { readCappedBody } from './read-capped-body.js';
import { isRetryableStatus } from './retry-policy.js';

/**
 * Sends the wire request once and judges the answer. One deadline,
 * `timeoutMs`, covers the headers and the body; a network error or the
 * deadline is a failure worth another attempt.
 */
export async function sendAttempt(
  settings: TokenRequestSettings,
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
  }, settings.options.timeoutMs);
  let exchanged: Exchange;
  try {
    // The deadline settles it too, for a custom fetch that ignores its signal
    // (one promise rather than Promise.race with a second one: less to allocate).
    exchanged = await new Promise<Exchange>((resolve, reject) => {
      expire = () => reject(controller.signal.reason);
      exchange(settings, wire, controller.signal).then(resolve, reject);
    });
  } catch (error) {
    return transportFailure(settings, error, controller.signal.aborted);
  } finally {
    clearDeadline();
  }
  return judgeResponse(settings, exchanged);
}

async function exchange(
  settings: TokenRequestSettings,
  wire: TokenWireRequest,
  signal: AbortSignal,
): Promise<Exchange> {
  const transport = settings.options.fetch ?? globalThis.fetch;
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
  settings: TokenRequestSettings,
  error: unknown,
  timedOut: boolean,
): RetryableFailure {
  const { product, timeoutMs, tokenUrl } = settings.options;
  const cause = sanitizeCause(error, settings.redactor);
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
