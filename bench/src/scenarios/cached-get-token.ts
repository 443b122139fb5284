import { availableParallelism } from 'node:os';
import { createPayoutsAuth } from '@enkash/payouts';
import type { BenchContext } from '../bench-context.js';
import { withCpuLoad } from '../cpu-load.js';
import { atLeast, type Figure, formatDuration } from '../figure.js';
import { ratios, runInterleaved } from '../interleaved.js';
import { createGoogleCachedClient } from '../peers/google-cached.js';
import { createTenLineCache } from '../peers/ten-line-cache.js';

/** Ours against the hand-written ten-line cache: their time ÷ ours at least this. */
const TEN_LINE_CACHE_TARGET = 0.9;
/** Ours against `Date.now()` and a resolved promise, the least any clock-reading cache costs. */
const CLOCK_FLOOR_TARGET = 0.85;

/**
 * A fresh token in memory: our `getToken()` against google-auth-library's
 * cached `getAccessToken()` (reported only), the hand-written ten-line cache
 * and the clock floor, on the machine as it is and with every core kept busy
 * by other processes.
 */
export async function benchCachedGetToken(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const options = { baseUrl: sandbox.baseUrl('payouts'), ...sandbox.users.payouts };
  const auth = createPayoutsAuth(options);
  await auth.getToken();
  // The peers get a real sandbox token once, then answer from their caches.
  const fetchToken = async () => {
    const token = await createPayoutsAuth(options).getToken();
    return { accessToken: token.accessToken, expiresAt: token.expiresAt };
  };
  const google = await createGoogleCachedClient(fetchToken);
  const floor = createTenLineCache(fetchToken);
  await floor();
  // The least a cached getToken that reads the clock can cost: one Date.now()
  // and an already resolved promise, nothing else. Every contender pays both.
  const held = Promise.resolve(await auth.getToken());
  const clockFloor = () => (Date.now() > 0 ? held : Promise.reject(new Error('clock before 1970')));
  const contenders = [
    { name: 'ours', run: () => auth.getToken() },
    { name: 'clock', run: clockFloor },
    { name: 'google', run: () => google.getAccessToken() },
    { name: 'floor', run: floor },
  ];

  const figures: Figure[] = [];
  for (const loaded of [false, true]) {
    const label = loaded
      ? `Cached getToken(), loaded (${availableParallelism()} busy processes)`
      : 'Cached getToken()';
    context.progress(`${label} ...`);
    const measure = () => runInterleaved(contenders, context.timing);
    // The children stop by themselves after a minute should this process die first.
    const result = loaded
      ? await withCpuLoad(availableParallelism(), 60_000, measure)
      : await measure();
    const ours = formatDuration(result.medianNs.cpu.ours ?? Number.NaN);
    const google = ratios(result, 'google', 'ours');
    const floor = ratios(result, 'floor', 'ours');
    const clock = ratios(result, 'clock', 'ours');
    const ratioMeaning = 'their time ÷ ours (above 1: ours is faster)';
    figures.push(
      {
        figure: label,
        against: 'ten-line cache (the floor)',
        ours,
        theirs: formatDuration(result.medianNs.cpu.floor ?? Number.NaN),
        ...floor,
        ratioMeaning,
        target: `≥ ${TEN_LINE_CACHE_TARGET}×`,
        verdict: atLeast(floor.ratio, TEN_LINE_CACHE_TARGET),
      },
      {
        figure: label,
        against: 'Date.now() + a resolved promise (the clock floor)',
        ours,
        theirs: formatDuration(result.medianNs.cpu.clock ?? Number.NaN),
        ...clock,
        ratioMeaning,
        target: `≥ ${CLOCK_FLOOR_TARGET}×`,
        verdict: atLeast(clock.ratio, CLOCK_FLOOR_TARGET),
      },
      {
        figure: label,
        against: 'google-auth-library getAccessToken()',
        ours,
        theirs: formatDuration(result.medianNs.cpu.google ?? Number.NaN),
        ...google,
        ratioMeaning,
        target: '',
        verdict: 'INFO',
        note: `google ÷ the clock floor is ${ratios(result, 'google', 'clock').ratio.toFixed(2)}×: the most any cache that reads the clock on each call can be faster than google here.`,
      },
    );
  }
  return figures;
}
