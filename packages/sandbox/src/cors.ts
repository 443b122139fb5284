import type { SandboxReply } from './sandbox-request.js';

/**
 * What the sandbox adds to every response when `cors` is on, so a page on any
 * origin (a browser test, a demo page) can call it. `*` in Allow-Headers does
 * not cover `Authorization` (Fetch spec), so it is named; `Retry-After` is
 * exposed because the core reads it on a 429 or 503, and a browser hides
 * every header not listed here.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, API-Key, User-Agent, *',
  'access-control-expose-headers': 'Retry-After',
  'access-control-max-age': '600',
});

/** The answer to a browser's preflight `OPTIONS`: no body, only the CORS headers. */
export function corsPreflightReply(): SandboxReply {
  return { kind: 'response', status: 204, headers: { ...CORS_HEADERS }, body: '' };
}

/** The same reply with the CORS headers added; a hang or a reset has no headers to carry them. */
export function withCorsHeaders(reply: SandboxReply): SandboxReply {
  if (reply.kind !== 'response') return reply;
  return { ...reply, headers: { ...reply.headers, ...CORS_HEADERS } };
}
