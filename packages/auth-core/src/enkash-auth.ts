import type { KyInstance } from 'ky';
import type { AccessToken } from './access-token.js';
import type { AuthStatus } from './auth-status.js';
import type { EnkashAuthEvents } from './events.js';
import type { GetTokenOptions } from './options/auth-options.js';

/** Names of the events an {@link EnkashAuth} emits (the keys of {@link EnkashAuthEvents}). */
export type EnkashAuthEvent = keyof EnkashAuthEvents;

/** An authenticated EnKash client for one product and one credential set. */
export interface EnkashAuth {
  /** A valid token: cached, shared with concurrent callers, refreshed ahead of expiry. */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** `Bearer <token>`, ready for an `Authorization` header. */
  getAuthorizationHeader(options?: GetTokenOptions): Promise<string>;
  /** Forgets the cached token (locally and in the store); the next call requests a new one. */
  invalidate(): Promise<void>;
  /** Clears the lockout guard's failure count once the credentials are fixed. */
  resetLockout(): Promise<void>;
  /**
   * This process's view of the token and the lockout guard, for a readiness
   * probe or a metrics scrape: synchronous, no I/O, no token request. Holds
   * no secret and no token. With a shared store, what other processes did
   * shows once this process has read the store on its next token request.
   */
  status(): AuthStatus;
  /** Subscribes to an event with its typed payload; returns the function that unsubscribes. */
  on<K extends keyof EnkashAuthEvents>(
    event: K,
    listener: (payload: EnkashAuthEvents[K]) => void,
  ): () => void;
  /** A ky 2 instance on `baseUrl` that attaches the bearer token and retries once after a 401. */
  readonly client: KyInstance;
  /** `fetch` with the bearer token attached; relative URLs resolve against `baseUrl`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}
