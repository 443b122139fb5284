import { createPayoutsAuth } from '@enkash/payouts';
import type { BenchContext } from '../bench-context.js';
import { atMost, type Figure, formatDuration } from '../figure.js';
import { ratios, runInterleaved } from '../interleaved.js';

/**
 * A bearer call with a cached token (`GET /payouts/api/ping` on the sandbox):
 * `auth.fetch(url)` and `auth.client.get()` against a bare `fetch` carrying
 * the same `Authorization` header. Every body is read to the end.
 */
export async function benchBearerCall(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const baseUrl = sandbox.baseUrl('payouts');
  const auth = createPayoutsAuth({ baseUrl, ...sandbox.users.payouts });
  const authorization = await auth.getAuthorizationHeader();
  const url = `${baseUrl}/api/ping`;
  const check = (response: Response) => {
    if (!response.ok) throw new Error(`bearer call: HTTP ${response.status}`);
    return response.arrayBuffer();
  };
  const contenders = [
    { name: 'fetch', run: async () => check(await auth.fetch(url)) },
    { name: 'bare', run: async () => check(await fetch(url, { headers: { authorization } })) },
    { name: 'client', run: async () => check(await auth.client.get('api/ping')) },
  ];
  for (const contender of contenders) await contender.run();
  context.progress('Bearer call ...');
  const result = await runInterleaved(contenders, context.timing);
  const bare = formatDuration(result.medianNs.cpu.bare ?? Number.NaN);
  const ratioMeaning = 'our time ÷ bare fetch (below 1: ours is faster)';
  const viaFetch = ratios(result, 'fetch', 'bare');
  const viaClient = ratios(result, 'client', 'bare');
  return [
    {
      figure: 'Bearer call, cached token',
      against: 'auth.fetch(url) vs bare fetch(url, {headers})',
      ours: formatDuration(result.medianNs.cpu.fetch ?? Number.NaN),
      theirs: bare,
      ...viaFetch,
      ratioMeaning,
      target: '≤ 1.1×',
      verdict: atMost(viaFetch.ratio, 1.1),
    },
    {
      figure: 'Bearer call, cached token',
      against: 'auth.client.get(path) vs bare fetch',
      ours: formatDuration(result.medianNs.cpu.client ?? Number.NaN),
      theirs: bare,
      ...viaClient,
      ratioMeaning,
      target: '',
      verdict: 'INFO',
    },
  ];
}
