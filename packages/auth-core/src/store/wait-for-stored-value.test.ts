import { describe, expect, it } from 'vitest';
import { waitForStoredValue } from './wait-for-stored-value.js';

const HOUR = 3_600_000;

/** A key's value, and how many times it was read. */
function fakeKey() {
  const state = { value: undefined as string | undefined, reads: 0 };
  return {
    state,
    read: () => {
      state.reads += 1;
      return Promise.resolve(state.value);
    },
  };
}

describe('waitForStoredValue', () => {
  it('resolves at once with a value already there', async () => {
    const key = fakeKey();
    key.state.value = 'ready';
    expect(
      await waitForStoredValue({ read: key.read, timeoutMs: HOUR, pollIntervalMs: HOUR }),
    ).toBe('ready');
    expect(key.state.reads).toBe(1);
  });

  it('finds a value by polling', async () => {
    const key = fakeKey();
    const waiting = waitForStoredValue({ read: key.read, timeoutMs: HOUR, pollIntervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    key.state.value = 'polled';
    expect(await waiting).toBe('polled');
  });

  it('reads again on an announcement, without waiting for the poll', async () => {
    const key = fakeKey();
    let announce: () => void = () => undefined;
    const waiting = waitForStoredValue({
      read: key.read,
      timeoutMs: HOUR,
      pollIntervalMs: HOUR,
      listen: (listener) => {
        announce = listener;
        return () => {
          announce = () => undefined;
        };
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    key.state.value = 'announced';
    announce();
    expect(await waiting).toBe('announced');
  });

  it('reads once more when an announcement arrives during a read that found nothing', async () => {
    let release: (value: string | undefined) => void = () => undefined;
    let reads = 0;
    let announce: () => void = () => undefined;
    const waiting = waitForStoredValue({
      read: () => {
        reads += 1;
        // The first read started before the value was stored and answers "absent" late.
        if (reads === 1) return new Promise((resolve) => (release = resolve));
        return Promise.resolve('stored meanwhile');
      },
      timeoutMs: HOUR,
      pollIntervalMs: HOUR,
      listen: (listener) => {
        announce = listener;
        return () => undefined;
      },
    });
    announce();
    expect(reads).toBe(1);
    release(undefined);
    expect(await waiting).toBe('stored meanwhile');
    expect(reads).toBe(2);
  });

  it('resolves undefined after the timeout and stops reading', async () => {
    const key = fakeKey();
    let listening = true;
    const result = await waitForStoredValue({
      read: key.read,
      timeoutMs: 30,
      pollIntervalMs: 5,
      listen: () => () => {
        listening = false;
      },
    });
    expect(result).toBeUndefined();
    expect(listening).toBe(false);
    const reads = key.state.reads;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(key.state.reads).toBe(reads);
  });

  it('resolves undefined on abort, and at once for an aborted signal', async () => {
    const key = fakeKey();
    const controller = new AbortController();
    const waiting = waitForStoredValue({
      read: key.read,
      timeoutMs: HOUR,
      pollIntervalMs: HOUR,
      signal: controller.signal,
    });
    controller.abort();
    expect(await waiting).toBeUndefined();
    const reads = key.state.reads;
    expect(
      await waitForStoredValue({
        read: key.read,
        timeoutMs: HOUR,
        pollIntervalMs: HOUR,
        signal: AbortSignal.abort(),
      }),
    ).toBeUndefined();
    expect(key.state.reads).toBe(reads);
  });

  it('rejects with the fault of a read', async () => {
    const fault = new Error('store down');
    await expect(
      waitForStoredValue({
        read: () => Promise.reject(fault),
        timeoutMs: HOUR,
        pollIntervalMs: HOUR,
      }),
    ).rejects.toBe(fault);
  });

  it('hands its give-up to track, and forgets it once settled', async () => {
    const key = fakeKey();
    const pending = new Set<() => void>();
    const track = (giveUp: () => void) => {
      pending.add(giveUp);
      return () => pending.delete(giveUp);
    };
    const waiting = waitForStoredValue({
      read: key.read,
      timeoutMs: HOUR,
      pollIntervalMs: HOUR,
      track,
    });
    expect(pending.size).toBe(1);
    for (const giveUp of pending) giveUp();
    expect(await waiting).toBeUndefined();
    expect(pending.size).toBe(0);
  });
});
