import { randomBytes } from 'node:crypto';
import { jsonReply, oauthErrorReply } from './json-reply.js';
import {
  currentClientSecret,
  currentPassword,
  type ProductState,
  rememberToken,
} from './product-state.js';
import type { SandboxReply, SandboxRequest } from './sandbox-request.js';
import type { SandboxUser } from './sandbox-user.js';
import { type IssuedToken, rejectionReply, successBody } from './token-bodies.js';

/** EnKash locks an account after this many consecutive failed attempts (rewards page). */
export const LOCK_AFTER_FAILURES = 3;

/** A token endpoint answer and the outcome word the request log records. */
export interface TokenResult {
  reply: SandboxReply;
  outcome: string;
}

/** 192 random bits, base64url: unguessable, and shaped like the tokens EnKash samples show. */
function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

function invalidRequest(description: string): TokenResult {
  return {
    reply: oauthErrorReply(400, 'invalid_request', description),
    outcome: 'invalid_request',
  };
}

function unauthorized(description: string): TokenResult {
  return {
    reply: oauthErrorReply(401, 'unauthorized', description, {
      'www-authenticate': 'Basic realm="oauth2/client"',
    }),
    outcome: 'unauthorized',
  };
}

function decodeBasic(authorization: string | undefined): { id: string; secret: string } | string {
  if (authorization === undefined || !/^\s*Basic(\s|$)/i.test(authorization)) {
    return 'Full authentication is required to access this resource';
  }
  const encoded = authorization.trim().slice('Basic'.length).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return 'Failed to decode basic authentication token';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return 'Invalid basic authentication token';
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function samePair(
  state: ProductState,
  user: SandboxUser,
  pair: { id: string; secret: string },
): boolean {
  const expected = user.basicAuth ?? {
    id: user.clientId,
    secret: currentClientSecret(state, user),
  };
  return expected.id === pair.id && expected.secret === pair.secret;
}

/** Checks the form body; returns its fields or what is wrong with it. */
function readForm(state: ProductState, request: SandboxRequest): URLSearchParams | string {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return `Content-Type must be application/x-www-form-urlencoded, got ${mediaType ?? 'none'}`;
  }
  const form = new URLSearchParams(request.body);
  const grantType = form.get('grant_type');
  if (grantType === null || grantType === '') return 'Missing grant type';
  if (grantType !== 'password') return `Unsupported grant type: ${grantType}`;
  const required =
    state.product === 'expense' ? ['username', 'password'] : ['username', 'password', 'clientId'];
  for (const field of required) {
    const value = form.get(field);
    if (value === null || value === '') return `Missing ${field}`;
  }
  return form;
}

function issue(state: ProductState, now: number): IssuedToken {
  const token: IssuedToken = {
    accessToken: randomToken(),
    refreshToken: randomToken(),
    lifetimeSeconds: state.lifetimeSeconds,
    expiresAt: now + state.lifetimeSeconds * 1000,
  };
  rememberToken(state, token.accessToken, token.expiresAt, now);
  return token;
}

function fail(state: ProductState, username: string | undefined, message: string): TokenResult {
  state.counters.rejected += 1;
  if (username !== undefined) {
    const failures = (state.failures.get(username) ?? 0) + 1;
    state.failures.set(username, failures);
    if (failures >= LOCK_AFTER_FAILURES && !state.locked.has(username)) {
      state.locked.add(username);
      state.counters.lockouts += 1;
    }
  }
  return { reply: rejectionReply(state.shape, state.refusalStyle, message), outcome: 'rejected' };
}

/**
 * `POST /{product}/oauth/token`, as the Spring OAuth2 backend answers it. The
 * client's Basic pair is checked first (a wrong pair is 401 `unauthorized` and,
 * as client authentication happens before any user is looked at, does not count
 * toward the user's lock); then the form; then the user. A wrong password,
 * `clientId` or Basic pair of a known user counts toward the lock; an unknown
 * username is rejected without counting; a wrong `API-Key` is refused before
 * the password is checked and does not count.
 */
export function handleTokenRequest(
  state: ProductState,
  request: SandboxRequest,
  now: number,
): TokenResult {
  if (request.method !== 'POST') {
    state.counters.invalidRequests += 1;
    return {
      reply: jsonReply(
        405,
        {
          error: 'method_not_allowed',
          error_description: `Request method '${request.method}' not supported`,
        },
        { allow: 'POST' },
      ),
      outcome: 'method_not_allowed',
    };
  }
  const pair = decodeBasic(request.headers.authorization);
  if (typeof pair === 'string') {
    state.counters.rejected += 1;
    return unauthorized(pair);
  }
  if (!state.users.some((user) => samePair(state, user, pair))) {
    state.counters.rejected += 1;
    return unauthorized('Bad credentials');
  }
  const form = readForm(state, request);
  if (typeof form === 'string') {
    state.counters.invalidRequests += 1;
    return invalidRequest(form);
  }
  const username = form.get('username') ?? '';
  const user = state.users.find((candidate) => candidate.username === username);
  if (user === undefined) return fail(state, undefined, 'Bad credentials');
  if (user.apiKey !== undefined && request.headers['api-key'] !== user.apiKey) {
    state.counters.rejected += 1;
    return {
      reply: rejectionReply(state.shape, state.refusalStyle, 'Invalid API-Key'),
      outcome: 'rejected',
    };
  }
  if (state.locked.has(username)) {
    state.counters.rejected += 1;
    return {
      reply: rejectionReply(state.shape, state.refusalStyle, 'User account is locked'),
      outcome: 'locked',
    };
  }
  const clientIdMatches = state.product === 'expense' || form.get('clientId') === user.clientId;
  if (
    form.get('password') !== currentPassword(state, user) ||
    !clientIdMatches ||
    !samePair(state, user, pair)
  ) {
    return fail(state, username, 'Bad credentials');
  }
  state.failures.delete(username);
  state.counters.issued += 1;
  return { reply: jsonReply(200, successBody(state.shape, issue(state, now))), outcome: 'issued' };
}
