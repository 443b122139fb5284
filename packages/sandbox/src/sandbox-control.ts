import type { SandboxProduct } from './products.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import type { SandboxCounters } from './sandbox-counters.js';
import type { SandboxFault } from './sandbox-fault.js';
import type { SandboxRefusalStyle, SandboxResponseShape } from './sandbox-options.js';
import type { SandboxUser } from './sandbox-user.js';

/** The control and inspection API tests use, shared by {@link startSandbox} and {@link createSandboxHandler}. */
export interface SandboxControl {
  /** Each product's first configured user (the demo user unless `users` replaced it). */
  readonly users: Readonly<Record<SandboxProduct, Readonly<SandboxUser>>>;
  /** Queues faults for the product's next token requests, one fault per request, in order. */
  enqueueFault(product: SandboxProduct, ...faults: SandboxFault[]): void;
  /** Faults still queued for the product. */
  pendingFaults(product: SandboxProduct): number;
  /** Every request under the product's prefix so far, redacted, oldest first (a snapshot). */
  requests(product: SandboxProduct): SandboxRequestLogEntry[];
  /** The product's counters (a snapshot). */
  counters(product: SandboxProduct): SandboxCounters;
  /** Locks a user: refused even with the right password until `unlock()` or `reset()`. */
  lock(product: SandboxProduct, username: string): void;
  /** Unlocks a user and clears its failed-attempt count. */
  unlock(product: SandboxProduct, username: string): void;
  /** Whether a user is locked. */
  isLocked(product: SandboxProduct, username: string): boolean;
  /** Consecutive failed attempts of a user since its last success or unlock. */
  failedAttempts(product: SandboxProduct, username: string): number;
  /**
   * Changes a user's password, as a rotation on EnKash's side would, until
   * `reset()`: the old one is refused from now on and counts toward the lock.
   * The failed-attempt count and a lock are kept. `users` still shows the
   * configured password. Throws a `TypeError` for an unknown user or an
   * empty password.
   */
  setPassword(product: SandboxProduct, username: string, password: string): void;
  /**
   * Changes a user's client secret, as a rotation on EnKash's side would,
   * until `reset()`: the Basic pair and the payload key take the new one, the
   * old one is refused (a token request with it is a rejection, a payload
   * sealed with it a 400). Tokens already issued stay valid. Throws a
   * `TypeError` for an unknown user or an empty secret.
   */
  setClientSecret(product: SandboxProduct, username: string, clientSecret: string): void;
  /** Revokes every token of one product, or of every product when none is named; pings with them then get 401. */
  revokeAll(product?: SandboxProduct): void;
  /** Switches the success body a product serves, until `reset()`. */
  setResponseShape(product: SandboxProduct, shape: SandboxResponseShape): void;
  /** Switches how refusals of the user's credentials are worded, until `reset()`. */
  setRefusalStyle(product: SandboxProduct, style: SandboxRefusalStyle): void;
  /** Changes the lifetime of tokens issued from now on, until `reset()`. */
  setTokenLifetime(product: SandboxProduct, seconds: number): void;
  /**
   * Back to the state at start: logs, counters, locks, changed passwords, tokens, faults and
   * runtime switches cleared. Also starts a new generation of base URLs (`baseUrl()` then
   * answers `…/reset-<n>/<product>`), so auths created afterwards are new accounts to the SDK:
   * no token, request in flight or lockout count carried over from before the reset.
   */
  reset(): void;
}
