import { describe, expect, it } from 'vitest';
import type { TokenStore } from '../store/token-store.js';
import { type ContractSettings, uniqueKey, wait } from './contract-helpers.js';

/**
 * The contract's `compareAndSet` cases: exact comparison, one winner under
 * concurrency, exact read-modify-write loops, TTL or none.
 */
export function describeCompareAndSet(store: TokenStore, settings: ContractSettings): void {
  describe('compareAndSet', () => {
    it('sets an absent key when expected is undefined, and only then', async () => {
      const key = uniqueKey('cas-absent');
      expect(await store.compareAndSet(key, undefined, 'first', 60_000)).toBe(true);
      expect(await store.get(key)).toBe('first');
      expect(await store.compareAndSet(key, undefined, 'second', 60_000)).toBe(false);
      expect(await store.get(key)).toBe('first');
    });

    it('replaces the value only when it is exactly the one expected', async () => {
      const key = uniqueKey('cas-replace');
      await store.compareAndSet(key, undefined, '{"n":1}', 60_000);
      expect(await store.compareAndSet(key, '{"n":2}', '{"n":3}', 60_000)).toBe(false);
      expect(await store.compareAndSet(key, '{"n":1} ', '{"n":3}', 60_000)).toBe(false);
      expect(await store.get(key)).toBe('{"n":1}');
      expect(await store.compareAndSet(key, '{"n":1}', '{"n":2}', 60_000)).toBe(true);
      expect(await store.get(key)).toBe('{"n":2}');
    });

    it('keeps and compares any text byte for byte', async () => {
      const key = uniqueKey('cas-bytes');
      const value = `{"a":"ä€😀\\u0000","b":"${'x'.repeat(70_000)}"}`;
      expect(await store.compareAndSet(key, undefined, value, 60_000)).toBe(true);
      expect(await store.get(key)).toBe(value);
      expect(await store.compareAndSet(key, value, 'next', 60_000)).toBe(true);
      expect(await store.get(key)).toBe('next');
    });

    compareAndSetUnderLoad(store, settings);
  });
}

/** The `compareAndSet` cases under concurrent writers, then with and without a TTL. */
function compareAndSetUnderLoad(
  store: TokenStore,
  { shortTtlMs, settleMs, concurrency }: ContractSettings,
): void {
  it('lets exactly one of many concurrent writers from the same value win', async () => {
    const key = uniqueKey('cas-race');
    await store.compareAndSet(key, undefined, 'start', 60_000);
    const results = await Promise.all(
      Array.from({ length: concurrency }, (_, index) =>
        store.compareAndSet(key, 'start', `writer-${index}`, 60_000),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get(key)).toBe(`writer-${winner}`);
  });

  it('counts exactly under concurrent read-modify-write loops', async () => {
    // The lockout guard's protocol: read, compute the next record, compare-and-set, retry.
    const key = uniqueKey('cas-loop');
    const add = async () => {
      for (;;) {
        const current = await store.get(key);
        const next = String(Number(current ?? '0') + 1);
        if (await store.compareAndSet(key, current, next, 60_000)) return;
      }
    };
    const writers = Math.min(concurrency, 20);
    await Promise.all(Array.from({ length: writers }, add));
    expect(await store.get(key)).toBe(String(writers));
  });

  it('forgets a value once its TTL passes, and keeps one set without a TTL', async () => {
    const expiring = uniqueKey('cas-ttl');
    const lasting = uniqueKey('cas-no-ttl');
    await store.compareAndSet(expiring, undefined, 'short', shortTtlMs);
    await store.compareAndSet(lasting, undefined, 'long');
    await wait(shortTtlMs + settleMs);
    expect(await store.get(expiring)).toBeUndefined();
    expect(await store.get(lasting)).toBe('long');
    // An expired key counts as absent.
    expect(await store.compareAndSet(expiring, undefined, 'again', 60_000)).toBe(true);
    await store.delete(lasting);
  });

  it('keeps values of compareAndSet and set apart by key', async () => {
    const key = uniqueKey('cas-namespaces');
    await store.compareAndSet(key, undefined, 'record');
    await store.set(`${key}:value`, 'value', 60_000);
    expect(await store.get(key)).toBe('record');
    await store.delete(key);
  });
}

/** The contract's cases on `waitFor`, when the store has it. */
export function describeWaitFor(store: TokenStore, { shortTtlMs }: ContractSettings): void {
  describe('waitFor (optional)', () => {
    it('resolves at once when the key already holds a value', async ({ skip }) => {
      if (store.waitFor === undefined) return skip();
      const key = uniqueKey('wait-present');
      await store.set(key, 'ready', 60_000);
      expect(await store.waitFor(key, 1_000)).toBe('ready');
    });

    it('resolves as soon as another writer sets the key', async ({ skip }) => {
      if (store.waitFor === undefined) return skip();
      const key = uniqueKey('wait-set');
      const waiting = store.waitFor(key, 5_000);
      await wait(20);
      await store.set(key, 'arrived', 60_000);
      expect(await waiting).toBe('arrived');
    });

    it('resolves undefined after the timeout', async ({ skip }) => {
      if (store.waitFor === undefined) return skip();
      expect(await store.waitFor(uniqueKey('wait-timeout'), shortTtlMs)).toBeUndefined();
    });

    it('resolves undefined when the signal aborts', async ({ skip }) => {
      if (store.waitFor === undefined) return skip();
      const controller = new AbortController();
      const waiting = store.waitFor(uniqueKey('wait-abort'), 5_000, controller.signal);
      controller.abort();
      expect(await waiting).toBeUndefined();
      const aborted = AbortSignal.abort();
      expect(await store.waitFor(uniqueKey('wait-aborted'), 5_000, aborted)).toBeUndefined();
    });
  });
}
