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
  return {
    // The description never echoes the token, unlike Spring's, so it cannot leak into a client's error.
    reply: jsonReply(
      401,
      { error: 'invalid_token', error_description: description },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    ),
    outcome: 'invalid_token',
  };
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
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  const token = match?.[1];
  if (token === undefined) return invalidToken(state, 'Missing bearer token');
  const expiresAt = state.tokens.get(token);
  if (expiresAt === undefined) return invalidToken(state, 'Invalid access token');
  if (now >= expiresAt) {
    state.tokens.delete(token);
    return invalidToken(state, 'Access token expired');
  }
  return { reply: jsonReply(200, { ok: true, product: state.product }), outcome: 'ok' };
}
