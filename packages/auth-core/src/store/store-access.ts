import type { KeepAlive } from '../util/keep-alive.js';
import { TOKEN_STORE_METHODS, type TokenStore } from './token-store.js';

/**
 * A {@link TokenStore} whose calls never throw nor hang: a fault (a
 * rejection, an answer of the wrong type, no answer within the deadline) is
 * reported once and answered with a neutral value, and the lifecycle goes on
 * without the store. Reads that must tell "absent" from "the store is down"
 * resolve `undefined` on a fault.
 */
export interface StoreAccess {
  /** The wrapped store is shared between processes. */
  readonly shared: boolean;
  /** The value, or `undefined` when absent or on a fault (a miss either way). */
  get(key: string): Promise<string | undefined>;
  /** `{ value }` as `get` answers it, or `undefined` when the store is down. */
  read(key: string): Promise<{ value: string | undefined } | undefined>;
  set: TokenStore['set'];
  delete: TokenStore['delete'];
  /** `undefined` when the store is down. */
  acquireLock(...lock: Parameters<TokenStore['acquireLock']>): Promise<boolean | undefined>;
  releaseLock: TokenStore['releaseLock'];
  /** `undefined` when the store is down: the change may still be applied later. */
  compareAndSet(...change: Parameters<TokenStore['compareAndSet']>): Promise<boolean | undefined>;
  /** Present when the store has `waitFor`; `undefined` on a fault, as on a timeout. */
  readonly waitFor?: (key: string, timeoutMs: number) => Promise<string | undefined>;
}

/** What {@link createStoreAccess} reports a fault with. */
export type StoreFaultReport = (operation: keyof TokenStore, error: unknown) => void;

/** Settings of {@link createStoreAccess}. */
export interface StoreAccessSettings {
  /** How long one operation may take before it counts as a fault (it may still be applied later). */
  timeoutMs: number;
  /** Holds the deadline's timer only while a caller waits. */
  keepAlive: () => KeepAlive;
  /** Hears each fault (the lifecycle emits `store-error`). */
  report: StoreFaultReport;
}

/** What each operation must resolve; anything else is a fault, never passed on. */
const ANSWERS: Record<string, (value: unknown) => boolean> = {
  get: (value) => value === undefined || value === null || typeof value === 'string',
  acquireLock: (value) => typeof value === 'boolean',
  compareAndSet: (value) => typeof value === 'boolean',
  waitFor: (value) => value === undefined || value === null || typeof value === 'string',
};

/** A fault of the store's own making: the answer it gave, or none in time. */
export class StoreAnswerError extends Error {
  override readonly name = 'StoreAnswerError';
  /** `INVALID_VALUE` for an answer of the wrong type, `TIMEOUT` for none in time. */
  readonly code: 'INVALID_VALUE' | 'TIMEOUT';
  constructor(message: string, code: 'INVALID_VALUE' | 'TIMEOUT') {
    super(message);
    this.code = code;
  }
}

/**
 * Wraps a store once: every call goes through the one place store faults are
 * handled, and a fault resolves `undefined`.
 */
export function createStoreAccess(store: TokenStore, settings: StoreAccessSettings): StoreAccess {
  const access: Record<string, unknown> = { shared: store.shared === true };
  const operations =
    store.waitFor === undefined
      ? TOKEN_STORE_METHODS
      : [...TOKEN_STORE_METHODS, 'waitFor' as const];
  for (const operation of operations) {
    access[operation] = async (...parameters: unknown[]) => {
      try {
        return await call(store, operation, parameters, settings);
      } catch (error) {
        settings.report(operation, error);
        return undefined;
      }
    };
  }
  access.read = async (key: string) => {
    try {
      return { value: await call(store, 'get', [key], settings) };
    } catch (error) {
      settings.report('get', error);
      return undefined;
    }
  };
  return access as unknown as StoreAccess;
}

async function call(
  store: TokenStore,
  operation: keyof TokenStore,
  parameters: unknown[],
  settings: StoreAccessSettings,
): Promise<never> {
  // Looked up at each call, as a direct call would.
  const method = store[operation] as (...values: unknown[]) => Promise<unknown>;
  // waitFor bounds itself; the deadline only catches a store that ignores its timeout.
  const limit = settings.timeoutMs + (operation === 'waitFor' ? (parameters[1] as number) : 0);
  let clearDeadline: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    clearDeadline = settings.keepAlive().setTimer(() => {
      reject(
        new StoreAnswerError(
          `The store's ${operation} did not answer within ${limit} ms.`,
          'TIMEOUT',
        ),
      );
    }, limit);
  });
  try {
    const value = await Promise.race([method.apply(store, parameters), deadline]);
    const check = ANSWERS[operation];
    if (check !== undefined && !check(value)) {
      throw new StoreAnswerError(
        `The store's ${operation} answered a ${value === null ? 'null' : typeof value}, which no TokenStore may.`,
        'INVALID_VALUE',
      );
    }
    // A store written for JSON APIs may answer null for "absent".
    return (value === null ? undefined : value) as never;
  } finally {
    clearDeadline?.();
  }
}
