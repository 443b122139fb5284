import type { Credentials } from '../credentials/credentials.js';
import type { Redactor } from '../errors/redact.js';
import type { Publisher } from '../observe/publisher.js';
import type { ResolvedOptions } from '../options/resolved-options.js';
import type { ProductDefinition } from '../product/product-definition.js';
import type { StoreAccess } from '../store/store-access.js';
import type { Account } from './account.js';
import type { LockoutGuard } from './lockout-guard.js';

/**
 * Everything one auth works with, built once by `createAuth` (one object,
 * as octokit's `createAppAuth` builds its `state`), and handed first to
 * every operation of the lifecycle. What the auth shares with the other
 * auths of its account (the held token, the request in flight, the guard's
 * count) is the {@link Account}'s; the state holds what is the auth's own.
 */
export interface AuthState {
  readonly definition: ProductDefinition;
  /** The options, checked, with defaults applied; the credentials are their owner's alone. */
  readonly options: Omit<ResolvedOptions, 'credentials'>;
  /** The one owner of the auth's credentials. */
  readonly credentials: Credentials;
  /** Knows the fixed secrets, the credentials' recent reads and the tokens the auth has seen. */
  readonly redactor: Redactor;
  /** The auth's events: `on` for its listeners (who hear the whole account), `emit` for the lifecycle. */
  readonly events: Publisher;
  /** The auth's account, looked up again when the registry forgot it. */
  account(): Account;
  /** The store the auth was given, wrapped so its calls never throw; `undefined` without one. */
  readonly store: StoreAccess | undefined;
  /** The lockout guard, counting the account's attempts. */
  readonly guard: LockoutGuard;
}

/** The auth's redactor, taught every token the account holds (another auth may have requested it). */
export function redactorFor(redactor: Redactor, account: Account): Redactor {
  for (const token of account.recentTokens) {
    redactor.remember(token);
  }
  return redactor;
}
