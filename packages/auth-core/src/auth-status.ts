import type { EnkashAuthErrorCode } from './errors/error-codes.js';

/**
 * The state of the token an auth holds, by its clock:
 * - `none`: no token held (none requested yet, or it was invalidated);
 * - `fresh`: a valid token, before its refresh window;
 * - `refreshing`: a valid token inside its refresh window; it is still
 *   served while a renewal is due or under way;
 * - `expired`: the token held has expired; the next call requests a new one.
 */
export type AuthTokenState = 'none' | 'fresh' | 'refreshing' | 'expired';

/**
 * What {@link EnkashAuth.status} reports: this process's view of its token
 * and of its lockout guard. It holds no secret and no token. With a shared
 * store the fleet may know more (a token another process saved, failures
 * another process counted) than this process has seen.
 */
export interface AuthStatus {
  /** The state of the token held; see {@link AuthTokenState}. */
  token: AuthTokenState;
  /** When the held token expires, in epoch milliseconds (by the auth's `clock`); absent when `token` is `none`. */
  expiresAt?: number;
  /** Refused token requests in a row, as this process counted them; a token resets it to 0. */
  consecutiveFailures: number;
  /**
   * Whether the lockout guard has tripped: token requests are refused
   * without contacting EnKash until `resetLockout()`. Alert on it.
   */
  guardTripped: boolean;
  /** The code and time (epoch milliseconds, by `clock`) of the last failed token request since the last token. */
  lastError?: {
    /** The failure's stable code. */
    code: EnkashAuthErrorCode;
    /** When it failed, in epoch milliseconds. */
    at: number;
  };
}
