import { createMemoryStore } from '../../src/store/memory-store.js';
import { TOKEN_STORE_METHODS, type TokenStore } from '../../src/store/token-store.js';
import type { ModelClock, Weather } from './program.js';

/**
 * What the model's processes share: the memory store, one SQLite file, one
 * Redis. Each simulated process has its own store over it (its own
 * connection, its own database handle), as the processes of a fleet do.
 */
export interface ModelBacking {
  /** The store process `process` uses now: looked up at each operation, so a flush or reopen takes effect at once. */
  storeOf(process: number): TokenStore;
  /** Process `process` restarted: it opens its store anew. */
  reopen(process: number): Promise<void>;
  /** Loses every value, as FLUSHALL, a restart without persistence, or a deleted file. */
  flush(): Promise<void>;
  /**
   * Writes `value` under `key` as the backend holds it, past the store's own
   * encoding (a raw `SET` in Redis, a row in SQLite): what another tool or
   * an older version may leave there. Absent when there is no raw form.
   */
  writeRaw?(key: string, value: string): Promise<void>;
  /** Stops what the backing started; called once per program, even when it failed. */
  close(): Promise<void>;
}

/** Opens a fresh backing for one program of `processes` processes on the model's clock. */
export type OpenBacking = (setting: {
  processes: number;
  clock: ModelClock;
}) => ModelBacking | Promise<ModelBacking>;

/** The memory store every process of the model shares (one object, as the core's own tests use it). */
export const openMemoryBacking: OpenBacking = ({ clock }) => {
  let store = createMemoryStore({ clock });
  return {
    storeOf: () => store,
    async reopen() {},
    async flush() {
      store = createMemoryStore({ clock });
    },
    async close() {},
  };
};

/** The stores of a program's processes, whose weather the model sets: up, down, or stalling. */
export interface FaultyStores {
  weather: Weather;
  /** The store process `process` is given, with the weather's faults. */
  readonly stores: readonly TokenStore[];
  /** Resolves once every stalled operation has been applied (or failed). */
  settled(): Promise<void>;
  /** The value under `key`, read past every fault. */
  peek(key: string): Promise<string | undefined>;
}

/**
 * Wraps each process's store: while `down` every operation rejects at once;
 * while `stalling` about a third time out for their caller and most are
 * applied later, as a stalled server runs the commands it had queued (the
 * rest are lost with the connection). `waitFor` is left out: the core then
 * polls, so a fault reaches its every read.
 */
export function injectFaults(
  backing: ModelBacking,
  processes: number,
  random: () => number,
): FaultyStores {
  const late: Promise<unknown>[] = [];
  const pause = (milliseconds: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  const operation =
    (process: number, name: (typeof TOKEN_STORE_METHODS)[number]) =>
    (...parameters: unknown[]): Promise<unknown> => {
      const run = () => {
        const target = backing.storeOf(process) as unknown as Record<
          string,
          (...values: unknown[]) => Promise<unknown>
        >;
        return target[name]?.apply(target, parameters) as Promise<unknown>;
      };
      if (faulty.weather === 'down') {
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        );
      }
      if (faulty.weather === 'stalling' && random() < 0.3) {
        // Timed out for the caller; applied later, or lost with the connection.
        if (random() < 0.8) late.push(pause(1 + Math.floor(random() * 25)).then(run));
        return pause(1 + Math.floor(random() * 3)).then(() => {
          throw Object.assign(new Error(`${name} timed out`), { code: 'REDIS_TIMEOUT' });
        });
      }
      return run();
    };
  const stores = Array.from(
    { length: processes },
    (_, process): TokenStore => ({
      ...(Object.fromEntries(
        TOKEN_STORE_METHODS.map((name) => [name, operation(process, name)]),
      ) as unknown as Omit<TokenStore, 'waitFor'>),
      shared: true,
    }),
  );
  const faulty: FaultyStores = {
    weather: 'up',
    stores,
    async settled() {
      await Promise.allSettled(late);
    },
    peek(key) {
      return backing.storeOf(0).get(key);
    },
  };
  return faulty;
}
