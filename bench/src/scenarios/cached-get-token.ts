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
  const contenders = [
    { name: 'ours', run: () => auth.getToken() },
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
    );
  }
  return figures;
}
