import { describe, expect, it } from 'vitest';
import { createKeepAlive } from './keep-alive.js';

/** How many timers keep the process alive (Node lists ref'd timers only). */
function refedTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe('createKeepAlive', () => {
  it('keeps timers ref’d only while a caller waits', () => {
    const keepAlive = createKeepAlive();
    const before = refedTimers();
    const clear = keepAlive.setTimer(() => undefined, 60_000);
    try {
      // No caller: the timer does not keep the process alive.
      expect(refedTimers()).toBe(before);
      const leave = keepAlive.enter();
      expect(refedTimers()).toBe(before + 1);
      const leaveToo = keepAlive.enter();
      leave();
      leave();
      expect(refedTimers()).toBe(before + 1);
      leaveToo();
      expect(refedTimers()).toBe(before);
    } finally {
      clear();
    }
  });

  it('fires a timer that nobody waits for, and clears one on request', async () => {
    const keepAlive = createKeepAlive();
    const fired = await new Promise<boolean>((resolve) => {
      keepAlive.setTimer(() => resolve(true), 1);
    });
    expect(fired).toBe(true);
    let cleared = true;
    keepAlive.setTimer(() => {
      cleared = false;
    }, 1)();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cleared).toBe(true);
  });
});
