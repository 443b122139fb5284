import { bearerRefusal, invalidTokenReply } from './bearer-check.js';
import { jsonReply } from './json-reply.js';
import type { ProductState } from './product-state.js';
import type { SandboxReply, SandboxRequest } from './sandbox-request.js';

/** A ping answer and the outcome word the request log records. */
export interface PingResult {
  reply: SandboxReply;
  outcome: string;
}

function invalidToken(state: ProductState, description: string): PingResult {
  state.counters.pingsRejected += 1;
  return { reply: invalidTokenReply(description), outcome: 'invalid_token' };
}

/** `GET /{product}/api/ping`: a protected call that needs a live bearer token issued for this product. */
export function handlePing(state: ProductState, request: SandboxRequest, now: number): PingResult {
  state.counters.pings += 1;
  if (request.method !== 'GET') {
    return {
      reply: jsonReply(
        405,
        {
          error: 'method_not_allowed',
          error_description: `Request method '${request.method}' not supported`,
        },
        { allow: 'GET' },
      ),
      outcome: 'method_not_allowed',
    };
  }
  const refusal = bearerRefusal(state, request, now);
  if (refusal !== undefined) return invalidToken(state, refusal);
  return { reply: jsonReply(200, { ok: true, product: state.product }), outcome: 'ok' };
}
