import { jsonReply } from './json-reply.js';
import type { ProductState } from './product-state.js';
import type { SandboxReply, SandboxRequest } from './sandbox-request.js';

/**
 * Why a request's bearer token is refused (`Missing bearer token`, `Invalid
 * access token`, `Access token expired`), or `undefined` for a live token
 * issued for this product. An expired token is forgotten.
 */
export function bearerRefusal(
  state: ProductState,
  request: SandboxRequest,
  now: number,
): string | undefined {
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  const token = match?.[1];
  if (token === undefined) return 'Missing bearer token';
  const expiresAt = state.tokens.get(token);
  if (expiresAt === undefined) return 'Invalid access token';
  if (now >= expiresAt) {
    state.tokens.delete(token);
    return 'Access token expired';
  }
  return undefined;
}

/** Spring's 401 for a refused bearer token; the description never echoes the token, unlike Spring's. */
export function invalidTokenReply(description: string): SandboxReply {
  return jsonReply(
    401,
    { error: 'invalid_token', error_description: description },
    { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  );
}
