import { createMemoryStore } from '../src/store/memory-store.js';
import type { TokenStore } from '../src/store/token-store.js';

/** A shared store a test can take down, stall, flush and corrupt, as Redis misbehaves. */
export interface FaultyStore extends TokenStore {
  /** While true, every operation rejects at once, as with a server that is down. */
  down: boolean;
  /**
   * While set, every operation rejects after `rejectAfterMs` as timed out, and
   * is still applied `applyAfterMs` after it was called, as a stalled server
   * runs the commands it had queued once it recovers.
   */
  stall: { rejectAfterMs: number; applyAfterMs: number } | undefined;
  /** Loses every value, as FLUSHALL or a restart without persistence. */
  flush(): void;
  /** Resolves once every stalled operation has been applied. */
  settled(): Promise<void>;
  /** The store underneath, untouched by faults, to look at or corrupt. */
  readonly inner: TokenStore;
}

/** Creates a {@link FaultyStore} over a memory store that claims to be shared. */
export function createFaultyStore(): FaultyStore {
  let inner = createMemoryStore();
  const late: Promise<unknown>[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const wait = (milliseconds: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, milliseconds);
      timers.add(timer);
    });

  function operation(name: string) {
    return (...parameters: unknown[]): Promise<unknown> => {
      if (store.down) {
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
            code: 'ECONNREFUSED',
          }),
        );
      }
      const run = (): Promise<unknown> =>
        (inner as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[
          name
        ]?.apply(inner, parameters) ?? Promise.resolve(undefined);
      const { stall } = store;
      if (stall === undefined) return run();
      late.push(wait(stall.applyAfterMs).then(run));
      return wait(stall.rejectAfterMs).then(() => {
        throw Object.assign(new Error(`Redis ${name} timed out after ${stall.rejectAfterMs} ms.`), {
          name: 'RedisStoreError',
          code: 'REDIS_TIMEOUT',
        });
      });
    };
  }

  // Every method of the store underneath, wrapped alike (waitFor left out: the core then polls).
  const operations = Object.fromEntries(
    Object.keys(inner)
      .filter((name) => name !== 'waitFor')
      .map((name) => [name, operation(name)]),
  ) as unknown as Omit<TokenStore, 'waitFor'>;
  const store: FaultyStore = {
    ...operations,
    down: false,
    stall: undefined,
    shared: true,
    flush() {
      inner = createMemoryStore();
    },
    async settled() {
      await Promise.allSettled(late);
    },
    get inner() {
      return inner;
    },
  };
  return store;
}
