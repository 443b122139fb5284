import { TOKEN_STORE_METHODS, type TokenStore } from '../store/token-store.js';
import { describeValue, optionError } from './config-error.js';

/** Option `storeOutage`: `'proceed'` (default) or `'refuse'`. */
export function resolveStoreOutage(product: string, storeOutage: unknown): 'proceed' | 'refuse' {
  const value = storeOutage ?? 'proceed';
  if (value !== 'proceed' && value !== 'refuse') {
    throw optionError(
      product,
      'storeOutage',
      `must be "proceed" or "refuse"; got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Option `store`: an object with every {@link TokenStore} method, or left out. */
export function resolveStore(product: string, store: unknown): TokenStore | undefined {
  if (store === undefined) return undefined;
  if (typeof store !== 'object' || store === null) {
    throw optionError(product, 'store', `must be a TokenStore; got ${describeValue(store)}`);
  }
  for (const method of TOKEN_STORE_METHODS) {
    if (typeof (store as Record<string, unknown>)[method] !== 'function') {
      throw optionError(product, 'store', `has no ${method}() method`);
    }
  }
  return store as TokenStore;
}
