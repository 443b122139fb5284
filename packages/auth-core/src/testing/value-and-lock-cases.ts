import { describe, expect, it } from 'vitest';
import type { TokenStore } from '../store/token-store.js';
import { type ContractSettings, uniqueKey, wait } from './contract-helpers.js';

/** The contract's cases on get, set with TTL expiry, overwrite and delete. */
export function describeValues(
  store: TokenStore,
  { shortTtlMs, settleMs }: ContractSettings,
): void {
  describe('values', () => {
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
export function describeLocks(store: TokenStore, { shortTtlMs, settleMs }: ContractSettings): void {
  describe('locks', () => {
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
