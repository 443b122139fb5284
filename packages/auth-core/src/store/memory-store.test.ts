import { describe, expect, it } from 'vitest';
import { runTokenStoreContract } from '../testing/index.js';
import { createMemoryStore } from './memory-store.js';

runTokenStoreContract('memory store', () => createMemoryStore());

describe('createMemoryStore', () => {
  it('expires entries by the injected clock, lazily and without timers', async () => {
    let now = 1_000;
    const store = createMemoryStore({ clock: { now: () => now } });
    await store.set('key', 'value', 100);
    await store.acquireLock('lock', 'owner', 100);
    now += 99;
    expect(await store.get('key')).toBe('value');
    expect(await store.acquireLock('lock', 'other', 100)).toBe(false);
    now += 1;
    expect(await store.get('key')).toBeUndefined();
    expect(await store.acquireLock('lock', 'other', 100)).toBe(true);
  });

  it('is not shared', () => {
    expect(createMemoryStore().shared).toBeUndefined();
  });

  it('wakes several waiters on one key with the same value', async () => {
    const store = createMemoryStore();
    const first = store.waitFor?.('key', 5_000);
    const second = store.waitFor?.('key', 5_000);
    await store.set('key', 'value', 1_000);
    expect(await Promise.all([first, second])).toEqual(['value', 'value']);
  });
});
