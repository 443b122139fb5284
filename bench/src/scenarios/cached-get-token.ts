import { availableParallelism } from 'node:os';
import { createPayoutsAuth } from '@enkash/payouts';
import type { BenchContext } from '../bench-context.js';
import { withCpuLoad } from '../cpu-load.js';
import { atLeast, type Figure, formatDuration } from '../figure.js';
import { ratios, runInterleaved } from '../interleaved.js';
import { createGoogleCachedClient } from '../peers/google-cached.js';
import { createTenLineCache } from '../peers/ten-line-cache.js';

/**
 * A fresh token in memory: our `getToken()` against google-auth-library's
 * cached `getAccessToken()` and the hand-written ten-line cache, on the
 * machine as it is and with every core kept busy by other processes.
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
    const ratioMeaning = 'their time ÷ ours (above 1: ours is faster)';
    figures.push(
      {
        figure: label,
        against: 'google-auth-library getAccessToken()',
        ours,
        theirs: formatDuration(result.medianNs.cpu.google ?? Number.NaN),
        ...google,
        ratioMeaning,
        target: '≥ 1.5×',
        verdict: atLeast(google.ratio, 1.5),
      },
      {
        figure: label,
        against: 'ten-line cache (the floor)',
        ours,
        theirs: formatDuration(result.medianNs.cpu.floor ?? Number.NaN),
        ...floor,
        ratioMeaning,
        target: '≥ 0.9×',
        verdict: atLeast(floor.ratio, 0.9),
      },
      {
        figure: label,
        against: 'Date.now() + a resolved promise (the clock floor)',
        ours,
        theirs: formatDuration(result.medianNs.cpu.clock ?? Number.NaN),
        ...ratios(result, 'clock', 'ours'),
        ratioMeaning,
        target: '',
        verdict: 'INFO',
        note: `google ÷ the clock floor is ${ratios(result, 'google', 'clock').ratio.toFixed(2)}×: the best any cache that reads the clock on each call can reach against google here.`,
      },
    );
  }
  return figures;
}
