import type { AccessToken } from '../access-token.js';
import type { Redactor } from '../errors/redact.js';
import type { TokenEvent } from '../events.js';
import { isHeaderValue } from '../util/header-safety.js';

// A scope is a few words; a longer one is more likely an echo than a grant.
const LONGEST_SCOPE = 1023;

/**
 * The `token` event of a new token: only what the SDK vouches for. The type
 * is `bearer` when EnKash said so in any case, else left out; the scope only
 * when it is header-safe (tab, space and visible ASCII), under 1 KB, and
 * then redacted. Anything else the server sent (an echoed password, a
 * CR/LF) never reaches a listener.
 */
export function tokenEventOf(product: string, token: AccessToken, redactor: Redactor): TokenEvent {
  const { scope } = token;
  return {
    product,
    ...(token.tokenType.toLowerCase() === 'bearer' ? { tokenType: 'bearer' } : {}),
    expiresAt: token.expiresAt,
    ...(scope !== undefined && scope !== '' && scope.length <= LONGEST_SCOPE && isHeaderValue(scope)
      ? { scope: redactor.redact(scope) }
      : {}),
  };
}
