import { createPayoutsAuth } from '@enkash/payouts';
import type { Sandbox } from '@enkash/sandbox';
import type { BenchContext } from '../bench-context.js';
import type { Figure } from '../figure.js';
import { createBareFetchTokenRequest } from '../peers/bare-fetch-token-request.js';
import { createTenLineCache } from '../peers/ten-line-cache.js';
import { percentile } from '../statistics.js';

const CALLER_COUNTS = [10, 1_000, 100_000] as const;

interface Stampede {
  requests: number;
  waits: number[];
}

/**
 * N callers at expiry: the held token has just expired (the auth's clock is
 * moved past it), N `getToken()` calls start in the same tick, and the
 * sandbox counts the token requests they cause. Each caller's wait is from
 * its call to its token. The ten-line cache goes through the same stampede,
 * so its waits show what the loop of callers itself costs.
 */
export async function benchConcurrency(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const figures: Figure[] = [];
  for (const callers of CALLER_COUNTS) {
    context.progress(`Concurrency, ${callers.toLocaleString('en-US')} callers ...`);
    const ours = await oursAtExpiry(sandbox, callers);
    const floor = await floorAtExpiry(sandbox, callers);
    figures.push({
      figure: 'Concurrency at expiry',
      against: `${callers.toLocaleString('en-US')} callers (theirs: ten-line cache)`,
      ours: describe(ours),
      theirs: describe(floor),
      target: '1 request',
      verdict: ours.requests === 1 ? 'PASS' : 'MISS',
    });
  }
  return figures;
}

function describe(stampede: Stampede): string {
  const plural = stampede.requests === 1 ? '' : 's';
  return `${stampede.requests} request${plural}, p99 wait ${percentile(stampede.waits, 99).toFixed(1)} ms`;
}

async function stampede<T>(
  callers: number,
  getToken: () => Promise<T>,
  check: (token: T) => void,
): Promise<number[]> {
  const waits = new Float64Array(callers);
  const pending: Promise<void>[] = [];
  for (let caller = 0; caller < callers; caller += 1) {
    const started = performance.now();
    pending.push(
      getToken().then((token) => {
        waits[caller] = performance.now() - started;
        check(token);
      }),
    );
  }
  await Promise.all(pending);
  return Array.from(waits);
}

async function oursAtExpiry(sandbox: Sandbox, callers: number): Promise<Stampede> {
  let skew = 0;
  const auth = createPayoutsAuth({
    baseUrl: sandbox.baseUrl('payouts'),
    ...sandbox.users.payouts,
    clock: { now: () => Date.now() + skew },
  });
  const first = await auth.getToken();
  skew = first.expiresAt - Date.now() + 1;
  const before = sandbox.counters('payouts').tokenRequests;
  const waits = await stampede(callers, auth.getToken, (token) => {
    if (token.accessToken === first.accessToken) throw new Error('served the expired token');
  });
  return { requests: sandbox.counters('payouts').tokenRequests - before, waits };
}

async function floorAtExpiry(sandbox: Sandbox, callers: number): Promise<Stampede> {
  const request = createBareFetchTokenRequest({
    tokenUrl: `${sandbox.baseUrl('payouts')}/oauth/token`,
    ...sandbox.users.payouts,
  });
  let requests = 0;
  const getToken = createTenLineCache(async () => {
    requests += 1;
    const body = (await request()) as { accessToken: string; expiresIn: number };
    // The first token is handed out already expired, so the stampede meets an expired cache.
    const expiresAt = requests === 1 ? 0 : Date.now() + body.expiresIn * 1000;
    return { accessToken: body.accessToken, expiresAt };
  });
  await getToken();
  const before = requests;
  const waits = await stampede(callers, getToken, () => undefined);
  return { requests: requests - before, waits };
}
