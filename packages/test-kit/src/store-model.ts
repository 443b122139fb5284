import { createMemoryStore, type TokenStore } from '@enkash/auth-core';
import fc from 'fast-check';

/** Settings of {@link checkStoreAgainstModel}. */
export interface StoreModelSettings {
  /**
   * Several instances of the store under test sharing one backing (one file,
   * one Redis and prefix), fresh for each run: as the processes of a fleet.
   */
  createStores(): Promise<TokenStore[]> | TokenStore[];
  /** Called after each run with the instances it created. */
  dispose(stores: TokenStore[]): Promise<void> | void;
  /** How many generated sequences. */
  runs: number;
  /** fast-check seed: print it, replay a failure with it. */
  seed: number;
}

type Command =
  | { op: 'get' | 'delete'; store: number; key: string }
  | { op: 'set'; store: number; key: string; value: string }
  | { op: 'acquireLock' | 'releaseLock'; store: number; key: string; owner: string }
  | {
      op: 'compareAndSet';
      store: number;
      key: string;
      expected: string | undefined;
      next: string;
      ttl: boolean;
    };

// A few keys and values, so that sequences collide: what a store must get right is contention.
// As the core uses them, `set` and `compareAndSet` keep to keys of their own.
const valueKey = fc.constantFrom('enkash:payouts:a1:token', 'enkash:payouts:a1:rejection');
const recordKey = fc.constantFrom('enkash:payouts:a1:attempts', 'enkash:cards:b2:attempts');
const key = fc.oneof(valueKey, recordKey);
const value = fc.constantFrom('{"n":0}', '{"n":1}', 'ä€😀', '');
const command = (stores: number): fc.Arbitrary<Command> => {
  const store = fc.nat({ max: stores - 1 });
  return fc.oneof(
    fc.record({ op: fc.constantFrom('get' as const, 'delete' as const), store, key }),
    fc.record({
      op: fc.constant('set' as const),
      store,
      key: valueKey,
      value: value.filter((text) => text !== ''),
    }),
    fc.record({
      op: fc.constantFrom('acquireLock' as const, 'releaseLock' as const),
      store,
      key,
      owner: fc.constantFrom('owner-1', 'owner-2'),
    }),
    fc.record({
      op: fc.constant('compareAndSet' as const),
      store,
      key: recordKey,
      expected: fc.option(value, { nil: undefined }),
      next: value,
      ttl: fc.boolean(),
    }),
  );
};

function apply(store: TokenStore, step: Command): Promise<unknown> {
  switch (step.op) {
    case 'get':
      return store.get(step.key);
    case 'delete':
      return store.delete(step.key);
    case 'set':
      return store.set(step.key, step.value, 600_000);
    case 'acquireLock':
      return store.acquireLock(`${step.key}:lock`, step.owner, 600_000);
    case 'releaseLock':
      return store.releaseLock(`${step.key}:lock`, step.owner);
    case 'compareAndSet':
      return store.compareAndSet(
        step.key,
        step.expected,
        step.next,
        step.ttl ? 600_000 : undefined,
      );
  }
}

/**
 * A model test of a shared `TokenStore`: random sequences of every operation,
 * spread over several instances that share one backing (the processes of a
 * fleet), each answer compared with what the reference in-memory store
 * answers for the same sequence: a store that loses or reorders a write,
 * compares records inexactly, or lets two owners hold a lock is caught.
 * Resolves the number of operations checked; throws fast-check's report
 * (with the seed) on the first difference.
 */
export async function checkStoreAgainstModel(settings: StoreModelSettings): Promise<number> {
  let operations = 0;
  const probe = await settings.createStores();
  const count = probe.length;
  await settings.dispose(probe);
  await fc.assert(
    fc.asyncProperty(fc.array(command(count), { minLength: 1, maxLength: 40 }), async (steps) => {
      const stores = await settings.createStores();
      const model = createMemoryStore();
      try {
        for (const [index, step] of steps.entries()) {
          const expected = await apply(model, step);
          const actual = await apply(stores[step.store] as TokenStore, step);
          operations += 1;
          if (!Object.is(actual, expected) && !(actual == null && expected == null)) {
            throw new Error(
              `step ${index} ${JSON.stringify(step)}: the store answered ${JSON.stringify(actual)}, the model ${JSON.stringify(expected)}`,
            );
          }
        }
      } finally {
        await settings.dispose(stores);
      }
    }),
    { numRuns: settings.runs, seed: settings.seed },
  );
  return operations;
}
