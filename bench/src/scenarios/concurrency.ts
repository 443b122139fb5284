import { createPayoutsAuth } from '@enkash/payouts';
import type { BenchContext } from '../bench-context.js';
import type { Figure } from '../figure.js';
import { percentile } from '../statistics.js';

const CALLER_COUNTS = [10, 1_000, 100_000] as const;

/**
 * N callers at expiry: the held token has just expired (the auth's clock is
 * moved past it), N `getToken()` calls start in the same tick, and the
 * sandbox counts the token requests they cause. Each caller's wait is from
 * its call to its token.
 */
export async function benchConcurrency(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const figures: Figure[] = [];
  for (const callers of CALLER_COUNTS) {
    context.progress(`Concurrency, ${callers.toLocaleString('en-US')} callers ...`);
    let skew = 0;
    const auth = createPayoutsAuth({
      baseUrl: sandbox.baseUrl('payouts'),
      ...sandbox.users.payouts,
      clock: { now: () => Date.now() + skew },
    });
    const first = await auth.getToken();
    skew = first.expiresAt - Date.now() + 1;
    const before = sandbox.counters('payouts').tokenRequests;
    const waits = new Float64Array(callers);
    const pending: Promise<void>[] = [];
    for (let caller = 0; caller < callers; caller += 1) {
      const started = performance.now();
      pending.push(
        auth.getToken().then((token) => {
          waits[caller] = performance.now() - started;
          if (token.accessToken === first.accessToken) throw new Error('served the expired token');
        }),
      );
    }
    await Promise.all(pending);
    const requests = sandbox.counters('payouts').tokenRequests - before;
    const waitList = Array.from(waits);
    figures.push({
      figure: 'Concurrency at expiry',
      against: `${callers.toLocaleString('en-US')} callers → token requests`,
      ours: `${requests} request${requests === 1 ? '' : 's'}`,
      theirs: `p99 wait ${percentile(waitList, 99).toFixed(2)} ms, max ${percentile(waitList, 100).toFixed(2)} ms`,
      target: '1 request',
      verdict: requests === 1 ? 'PASS' : 'MISS',
    });
  }
  return figures;
}
