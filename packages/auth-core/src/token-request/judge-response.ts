import { pickRejectionDetails } from '../errors/rejection-details.js';
import {
  type AttemptResult,
  type Exchange,
  TOKEN_RESPONSE_BYTE_LIMIT,
  type TokenRequestSettings,
} from './attempt-types.js';
import { type ParsedTokenResponse, parseTokenResponse } from './parse-token-response.js';
import { isRetryableStatus, parseHttpDate, parseRetryAfter } from './retry-policy.js';
import { tokenRequestError } from './token-request-error.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * What one answer to the token request comes to, as a straight sequence of
 * checks: a redirect, or a status outside 2xx and 4xx that is not transient,
 * is refused, a transient status is worth another attempt, the body must
 * fit the limit, a 4xx is a refusal, a 2xx must be JSON that the product's
 * shapes read as a token (or as a refusal). Every refusal of the answer is
 * thrown through {@link tokenRequestError}.
 */
export function judgeResponse(settings: TokenRequestSettings, exchange: Exchange): AttemptResult {
  const { response, text } = exchange;
  const { product } = settings.options;
  const status = response.status;
  refuseStatus(product, response);
  if (isRetryableStatus(status)) {
    return {
      type: 'retry',
      code: 'HTTP',
      status,
      retryAfterMs: parseRetryAfter(
        response.headers.get('retry-after'),
        settings.options.clock.now(),
      ),
      message: `EnKash ${product} answered the token request with HTTP ${status}. Try again later.`,
    };
  }
  const json = parseJson(product, status, text);
  if (status >= 400) {
    const details = json.ok ? pickRejectionDetails(json.value, settings.redactor) : {};
    return { type: 'rejection', status, details };
  }
  if (!json.ok) {
    throw tokenRequestError(
      product,
      'INVALID_RESPONSE',
      `EnKash ${product} answered HTTP ${status} with a token response that is not JSON. Check baseUrl points at the EnKash API.`,
      status,
    );
  }
  const outcome = parseTokenResponse(settings.definition, json.value, {
    now: settings.options.clock.now(),
    serverNow: serverTimeOf(response.headers.get('date')),
  });
  return resultOf(product, settings, status, outcome);
}

/**
 * Refuses a redirect (the SDK never follows one: a custom fetch that ignored
 * `redirect: 'manual'` sent the credentials to the target, whose answer is
 * not EnKash's to trust) and any other status outside 2xx and 4xx that is
 * not worth another attempt.
 */
function refuseStatus(product: string, response: Response): void {
  const { status } = response;
  if (response.redirected) {
    throw tokenRequestError(
      product,
      'HTTP',
      `EnKash ${product} answered the token request with a redirect that the custom fetch followed (it must honour redirect: 'manual'); the SDK never follows one, nor uses what the target answered. Check baseUrl.`,
    );
  }
  if (response.type === 'opaqueredirect' || REDIRECTS.has(status)) {
    throw tokenRequestError(
      product,
      'HTTP',
      `EnKash ${product} answered the token request with a redirect${status === 0 ? '' : ` (HTTP ${status})`}; the SDK never follows one. Check baseUrl.`,
      status === 0 ? undefined : status,
    );
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    throw tokenRequestError(
      product,
      'HTTP',
      `EnKash ${product} answered the token request with unexpected HTTP ${status}.`,
      status,
    );
  }
}

/** The body parsed as JSON, if it is; a body past the limit is refused. */
function parseJson(
  product: string,
  status: number,
  text: string | undefined,
): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) {
    throw tokenRequestError(
      product,
      'INVALID_RESPONSE',
      `EnKash ${product} sent a token response larger than ${TOKEN_RESPONSE_BYTE_LIMIT} bytes; a token response is a few KB. Check baseUrl points at the EnKash API.`,
      status,
    );
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** What the product's shapes made of a 2xx body: a token, a refusal, or an answer refused. */
function resultOf(
  product: string,
  settings: TokenRequestSettings,
  status: number,
  outcome: ParsedTokenResponse,
): AttemptResult {
  if (outcome.type === 'invalid') {
    throw tokenRequestError(
      product,
      'INVALID_RESPONSE',
      `EnKash ${product} sent a token response the SDK cannot use: ${outcome.paths.join('; ')}.`,
      status,
    );
  }
  if (outcome.type === 'rejection') {
    const details = pickRejectionDetails(outcome.details, settings.redactor);
    return { type: 'rejection', status, details };
  }
  if (outcome.type === 'dead-token') {
    return {
      type: 'dead-token',
      error: tokenRequestError(
        product,
        'INVALID_RESPONSE',
        `EnKash ${product} accepted the credentials but sent a token that, by its own clock, had already expired. Not counted as a failed login; the next call asks again.`,
        status,
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
