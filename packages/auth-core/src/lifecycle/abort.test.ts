import { describe, expect, it } from 'vitest';
import { raceSignal } from './abort.js';

describe('raceSignal', () => {
  it('returns the shared promise itself without a signal', () => {
    const shared = Promise.resolve(1);
    expect(raceSignal(shared, undefined, 'payouts')).toBe(shared);
  });

  it('rejects at once for an already aborted signal, leaving the shared promise alone', async () => {
    let settle: (value: number) => void = () => undefined;
    const shared = new Promise<number>((resolve) => {
      settle = resolve;
    });
    await expect(raceSignal(shared, AbortSignal.abort(), 'cards')).rejects.toMatchObject({
      code: 'ABORTED',
      product: 'cards',
    });
    settle(7);
    expect(await shared).toBe(7);
  });

  it('resolves with the shared value when the signal never fires', async () => {
    const controller = new AbortController();
    expect(await raceSignal(Promise.resolve('token'), controller.signal, 'bbps')).toBe('token');
  });
});
