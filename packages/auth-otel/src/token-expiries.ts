import type { ObservableResult } from '@opentelemetry/api';

/**
 * When the token of each account the process holds expires, fed by the
 * `token` and `token-adopted` events and read by the time-to-expiry gauge.
 */
export interface TokenExpiries {
  /** Notes the token an account now holds. */
  hold(account: number, product: string, expiresAt: number): void;
  /** Observes the seconds left of every account's token; an expired one is forgotten. */
  observe(result: ObservableResult, now: number): void;
  /** Forgets every account. */
  clear(): void;
}

/** Creates an empty {@link TokenExpiries}. */
export function createTokenExpiries(): TokenExpiries {
  const expiries = new Map<number, { product: string; expiresAt: number }>();
  return {
    hold(account, product, expiresAt) {
      expiries.set(account, { product, expiresAt });
    },
    observe(result, now) {
      for (const [account, { product, expiresAt }] of expiries) {
        // An account whose token ran out holds none: no stale point, and no account kept forever.
        if (expiresAt <= now) {
          expiries.delete(account);
          continue;
        }
        // The account number keeps two accounts of one product apart (one point each).
        result.observe((expiresAt - now) / 1000, {
          'enkash.product': product,
          'enkash.account': account,
        });
      }
    },
    clear() {
      expiries.clear();
    },
  };
}
