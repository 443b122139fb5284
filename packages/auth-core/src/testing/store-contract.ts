import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenStore } from '../store/token-store.js';

/** Options of {@link runTokenStoreContract}. */
export interface TokenStoreContractOptions {
  /** TTL in milliseconds for the expiry cases. Default 50. */
  shortTtlMs?: number;
  /** How long past `shortTtlMs` to wait before expecting expiry. Default 40. */
  settleMs?: number;
  /** Concurrent `compareAndSet` and lock calls in the atomicity cases. Default 50. */
  concurrency?: number;
  /** Called after each case, e.g. to close a connection. */
  dispose?: (store: TokenStore) => Promise<void> | void;
}

const wait = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** The contract's timings and load, defaults applied. */
interface ContractSettings {
  shortTtlMs: number;
  settleMs: number;
  concurrency: number;
}

let keyCounter = 0;

/** A key no other case (nor an earlier run against a shared server) uses. */
function uniqueKey(label: string): string {
  keyCounter += 1;
  return `contract:${label}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}:${keyCounter}`;
}

/**
 * Registers a vitest `describe` suite that every {@link TokenStore} must pass:
 * get/set with TTL expiry, delete, owner-only lock release and lock expiry,
 * `compareAndSet` (exact comparison, one winner under concurrency, exact
 * read-modify-write loops, TTL or none: the lockout guard keeps its attempt
 * record with it), and `waitFor` when the store has it. Keys are unique per case, so a shared server needs
 * no flushing between runs.
 *
 * @example
 * ```ts
 * // memory-store.test.ts
 * import { createMemoryStore } from '@enkash/auth-core';
 * import { runTokenStoreContract } from '@enkash/auth-core/testing';
 *
 * runTokenStoreContract('memory store', () => createMemoryStore());
 * ```
 */
export function runTokenStoreContract(
  name: string,
  createStore: () => Promise<TokenStore> | TokenStore,
  options: TokenStoreContractOptions = {},
): void {
  const settings: ContractSettings = {
    shortTtlMs: options.shortTtlMs ?? 50,
    settleMs: options.settleMs ?? 40,
    concurrency: options.concurrency ?? 50,
  };

  describe(`TokenStore contract: ${name}`, () => {
    let store: TokenStore;

    beforeEach(async () => {
      store = await createStore();
    });

    afterEach(async () => {
      await options.dispose?.(store);
    });

    const current = () => store;
    describeValues(current, settings);
    describeLocks(current, settings);
    describeCompareAndSet(current, settings);
    describeWaitFor(current, settings);
  });
}

/** The contract's cases on get, set with TTL expiry, overwrite and delete. */
function describeValues(
  current: () => TokenStore,
  { shortTtlMs, settleMs }: ContractSettings,
): void {
  describe('values', () => {
    let store: TokenStore;
    beforeEach(() => {
      store = current();
    });

    it('resolves undefined for a key never set', async () => {
      expect(await store.get(uniqueKey('absent'))).toBeUndefined();
    });

    it('returns what was set, byte for byte', async () => {
      const key = uniqueKey('roundtrip');
      const value = JSON.stringify({ accessToken: 'a.b.c', note: 'ünïcødé ✓', n: 1 });
      await store.set(key, value, 60_000);
      expect(await store.get(key)).toBe(value);
    });

    it('overwrites a value on a second set', async () => {
      const key = uniqueKey('overwrite');
      await store.set(key, 'first', 60_000);
      await store.set(key, 'second', 60_000);
      expect(await store.get(key)).toBe('second');
    });

    it('keeps a value until its TTL passes, then forgets it', async () => {
      const key = uniqueKey('ttl');
      await store.set(key, 'short-lived', shortTtlMs);
      expect(await store.get(key)).toBe('short-lived');
      await wait(shortTtlMs + settleMs);
      expect(await store.get(key)).toBeUndefined();
    });

    it('renews the TTL when a key is set again', async () => {
      const key = uniqueKey('renew');
      await store.set(key, 'first', shortTtlMs);
      await store.set(key, 'second', 60_000);
      await wait(shortTtlMs + settleMs);
      expect(await store.get(key)).toBe('second');
    });

    it('deletes a key, and deleting an absent key is not an error', async () => {
      const key = uniqueKey('delete');
      await store.set(key, 'value', 60_000);
      await store.delete(key);
      expect(await store.get(key)).toBeUndefined();
      await expect(store.delete(uniqueKey('never-set'))).resolves.toBeUndefined();
    });

    it('keeps keys apart', async () => {
      const first = uniqueKey('apart-1');
      const second = uniqueKey('apart-2');
      await store.set(first, 'one', 60_000);
      await store.set(second, 'two', 60_000);
      await store.delete(first);
      expect(await store.get(second)).toBe('two');
    });
  });
}

/** The contract's cases on owner-only lock release and lock expiry. */
function describeLocks(
  current: () => TokenStore,
  { shortTtlMs, settleMs }: ContractSettings,
): void {
  describe('locks', () => {
    let store: TokenStore;
    beforeEach(() => {
      store = current();
    });

    it('gives a free lock to the first owner only', async () => {
      const key = uniqueKey('lock');
      expect(await store.acquireLock(key, 'owner-a', 60_000)).toBe(true);
      expect(await store.acquireLock(key, 'owner-b', 60_000)).toBe(false);
      expect(await store.acquireLock(key, 'owner-a', 60_000)).toBe(false);
    });

    it('lets exactly one of many concurrent contenders win', async () => {
      const key = uniqueKey('lock-race');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => store.acquireLock(key, `owner-${index}`, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('releases only for the owner', async () => {
      const key = uniqueKey('release');
      await store.acquireLock(key, 'owner-a', 60_000);
      await store.releaseLock(key, 'owner-b');
      expect(await store.acquireLock(key, 'owner-b', 60_000)).toBe(false);
      await store.releaseLock(key, 'owner-a');
      expect(await store.acquireLock(key, 'owner-b', 60_000)).toBe(true);
    });

    it('releasing a free lock is not an error', async () => {
      await expect(store.releaseLock(uniqueKey('free'), 'owner-a')).resolves.toBeUndefined();
    });

    it('frees a lock whose holder never released it once its TTL passes', async () => {
      const key = uniqueKey('lock-ttl');
      expect(await store.acquireLock(key, 'crashed', shortTtlMs)).toBe(true);
      await wait(shortTtlMs + settleMs);
      expect(await store.acquireLock(key, 'successor', 60_000)).toBe(true);
      // The late holder's release must not free its successor's lock.
      await store.releaseLock(key, 'crashed');
      expect(await store.acquireLock(key, 'third', 60_000)).toBe(false);
    });
  });
}

/**
 * The contract's `compareAndSet` cases: exact comparison, one winner under
 * concurrency, exact read-modify-write loops, TTL or none.
 */
function describeCompareAndSet(current: () => TokenStore, settings: ContractSettings): void {
  describe('compareAndSet', () => {
    let store: TokenStore;
    beforeEach(() => {
      store = current();
    });

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

    compareAndSetUnderLoad(() => store, settings);
  });
}

/** The `compareAndSet` cases under concurrent writers, then with and without a TTL. */
function compareAndSetUnderLoad(
  current: () => TokenStore,
  { shortTtlMs, settleMs, concurrency }: ContractSettings,
): void {
  let store: TokenStore;
  beforeEach(() => {
    store = current();
  });

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
function describeWaitFor(current: () => TokenStore, { shortTtlMs }: ContractSettings): void {
  describe('waitFor (optional)', () => {
    let store: TokenStore;
    beforeEach(() => {
      store = current();
    });

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
