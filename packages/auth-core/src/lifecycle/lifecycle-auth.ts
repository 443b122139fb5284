import type { Credentials } from '../credentials/credentials.js';
import type { Emit } from '../events.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import { createStoreAccess, type StoreAccess, StoreAnswerError } from '../store/store-access.js';
import type { TokenStore } from '../store/token-store.js';
import type { TokenRequestContext } from '../token-request/token-request.js';
import type { Account } from './account.js';
import { type AccountRegistry, registryForConstruction } from './account-registry.js';
import { createLockoutGuard, type LockoutGuard } from './lockout-guard.js';

/** What the lifecycle needs from `createAuth`. */
export interface LifecycleContext extends TokenRequestContext {
  emit: Emit;
  /** The one owner of the auth's credentials. */
  credentials: Credentials;
  /** The accounts the auth shares state with; by default the process's (see `constructIn`). */
  accounts?: AccountRegistry;
}

/** One auth's view of its account: its own options and store, the account's state. */
export interface Auth {
  context: LifecycleContext;
  options: ResolvedOptions;
  emit: Emit;
  credentials: Credentials;
  /** The auth's account, looked up again when the registry forgot it. */
  account(): Account;
  /** The store the auth was given, wrapped so its calls never throw; `undefined` without one. */
  store: StoreAccess | undefined;
  guard: LockoutGuard;
}

/**
 * Prepares one auth's view of its account: the store wrapped so its calls
 * never throw nor hang (a fault is reported as `store-error`, redacted), and
 * the lockout guard. The account itself is looked up on first use.
 */
export function prepareAuth(context: LifecycleContext): Auth {
  const { options, emit } = context;
  const { product } = options;
  const registry = context.accounts ?? registryForConstruction();
  const identity = {
    product,
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    username: options.username,
  };
  // Looked up lazily: construction touches no account.
  let account: Account | undefined;
  const accountOf = (): Account => {
    if (account === undefined || account.retired) {
      account = registry.accountFor(identity);
    }
    return account;
  };
  const reportStoreFault = (operation: keyof TokenStore, error: unknown) => {
    const named = error instanceof Error ? error : undefined;
    const code = (error as { code?: unknown } | undefined)?.code;
    // A store's message may quote the command it ran, token included.
    const message = redactorOf(context, accountOf())
      .redact(named?.message ?? '')
      .slice(0, 300);
    emit('store-error', {
      product,
      operation,
      errorName: named?.name ?? typeof error,
      ...(typeof code === 'string' ? { code } : {}),
      message,
    });
  };
  const store =
    options.store !== undefined
      ? createStoreAccess(options.store, {
          timeoutMs: options.timeoutMs,
          keepAlive: () => accountOf().keepAlive,
          report: reportStoreFault,
        })
      : undefined;
  const guard = createLockoutGuard({
    product,
    maxConsecutiveFailures: options.maxConsecutiveFailures,
    storeOutage: options.storeOutage,
    reservationTtlMs: options.reservationTtlMs,
    clock: options.clock,
    account: accountOf,
    store,
    emit,
    reportCorrupt: () =>
      reportStoreFault(
        'get',
        new StoreAnswerError(
          "The store's attempt record is not one the SDK wrote (unreadable, or a negative or fractional count); this process's own count replaces it.",
          'INVALID_VALUE',
        ),
      ),
  });
  return {
    context,
    options,
    emit,
    credentials: context.credentials,
    account: accountOf,
    store,
    guard,
  };
}

/** The auth's redactor, taught every token the account holds (another auth may have requested it). */
export function redactorOf(
  context: TokenRequestContext,
  account: Account,
): TokenRequestContext['redactor'] {
  for (const token of account.recentTokens) {
    context.redactor.remember(token);
  }
  return context.redactor;
}
