import type { AccessToken } from '../access-token.js';
import type { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { Redactor } from '../errors/redact.js';
import type { Emit } from '../events.js';
import type { ResolvedOptions } from '../options/resolved-options.js';
import type { ProductDefinition, RejectionDetails } from '../product/product-definition.js';
import type { LifetimeClamp } from './parse-token-response.js';

/**
 * The most a token response may hold, in decoded bytes: 1 MiB. A real one is
 * under 4 KB; anything past this is `INVALID_RESPONSE`, never retried.
 */
export const TOKEN_RESPONSE_BYTE_LIMIT = 1_048_576;

/** What one token request came to, when it did not fail outright. */
export type TokenRequestResult =
  | { type: 'token'; token: AccessToken; clamped?: LifetimeClamp }
  | { type: 'rejection'; status: number; details: RejectionDetails }
  /** EnKash logged the user in (a success for its count), but the token is already dead. */
  | { type: 'dead-token'; error: EnkashAuthError };

/** A failure worth another attempt; the error is built once the attempts run out. */
export interface RetryableFailure {
  type: 'retry';
  code: 'HTTP' | 'NETWORK' | 'TIMEOUT';
  message: string;
  status?: number;
  /** Already sanitized: name, code and message only. */
  cause?: Error;
  retryAfterMs?: number | undefined;
}

/** What one attempt came to. */
export type AttemptResult = TokenRequestResult | RetryableFailure;

/** What a token request is sent and judged with: the auth's definition, options and redactor. */
export interface TokenRequestSettings {
  readonly definition: ProductDefinition;
  readonly options: Omit<ResolvedOptions, 'credentials'>;
  /** Knows the secrets of the latest requests and the tokens the auth holds. */
  readonly redactor: Redactor;
  /** Hears how each attempt ended (`token-request`) and each retry's wait (`retry`). */
  readonly events: { emit: Emit };
}

/** The response of one attempt, its body read (or left unread when not needed). */
export interface Exchange {
  response: Response;
  /** `undefined` when the body went past the limit. */
  text: string | undefined;
}
