import { bearerRefusal, invalidTokenReply } from './bearer-check.js';
import { jsonReply } from './json-reply.js';
import { openJson, sealText } from './payload-cipher.js';
import { currentClientSecret, type ProductState } from './product-state.js';
import type { SandboxProduct } from './products.js';
import type { SandboxReply, SandboxRequest } from './sandbox-request.js';

/**
 * The products whose APIs EnKash encrypts, and the headers (lower case) each
 * one's API calls must carry: cards calls need `partnerId`.
 */
export const ENCRYPTED_APIS: Readonly<Partial<Record<SandboxProduct, readonly string[]>>> = {
  payouts: [],
  cards: ['partnerid'],
  rewards: [],
};

/** An encrypted API answer and the outcome word the request log records. */
export interface EncryptedApiResult {
  reply: SandboxReply;
  outcome: string;
}

/**
 * `/{product}/api/**` (ping aside) of payouts, cards and rewards: a bearer-
 * protected, encrypted echo. The `{"request": "<ciphertext>"}` body is
 * decrypted with the client secret of the product's user whose key opens it,
 * and the answer is the envelope of `{method, path, received}` under the
 * same key (`received` is `null` without a body; the first user's key then).
 * A body that is not such an envelope gets a Spring-style 400.
 */
export function handleEncryptedApi(
  state: ProductState,
  request: SandboxRequest,
  now: number,
): EncryptedApiResult {
  const refusal = bearerRefusal(state, request, now);
  if (refusal !== undefined) {
    return { reply: invalidTokenReply(refusal), outcome: 'invalid_token' };
  }
  const path = request.path.split('?')[0] ?? request.path;
  for (const header of ENCRYPTED_APIS[state.product] ?? []) {
    if (request.headers[header] === undefined) {
      return badRequest(path, `Required request header '${header}' is not present`, now);
    }
  }
  const first = state.users[0];
  let secret = first === undefined ? '' : currentClientSecret(state, first);
  let received: unknown = null;
  if (request.body !== '') {
    const ciphertext = envelopeOf(request.body);
    if (ciphertext === undefined) {
      return badRequest(path, 'Request body must be {"request": "<Base64 ciphertext>"}', now);
    }
    const opened = state.users
      .map((user) => currentClientSecret(state, user))
      .map((userSecret) => ({ secret: userSecret, plain: openJson(ciphertext, userSecret) }))
      .find((attempt) => attempt.plain !== undefined);
    if (opened?.plain === undefined) {
      return badRequest(path, 'Request payload could not be decrypted', now);
    }
    secret = opened.secret;
    received = opened.plain.value;
  }
  const answer = JSON.stringify({ method: request.method, path, received });
  return { reply: jsonReply(200, { request: sealText(answer, secret) }), outcome: 'ok' };
}

/** The ciphertext of a `{"request": "<ciphertext>"}` body, or `undefined`. */
export function envelopeOf(body: string): string | undefined {
  // Every request's log entry asks, form bodies and empty ones included: a JSON.parse that
  // throws costs more than the rest of a token request's handling.
  if (!/^\s*\{/.test(body)) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    const request = (parsed as { request?: unknown } | null)?.request;
    return typeof request === 'string' ? request : undefined;
  } catch {
    return undefined;
  }
}

/** Spring Boot's error body: `{timestamp, status, error, message, path}`; never the payload. */
function badRequest(path: string, message: string, now: number): EncryptedApiResult {
  return {
    reply: jsonReply(400, {
      timestamp: new Date(now).toISOString(),
      status: 400,
      error: 'Bad Request',
      message,
      path,
    }),
    outcome: 'bad_request',
  };
}
