import { createRewardsAuth } from '@enkash/rewards';
import { runAlternating } from '../alternating.js';
import type { BenchContext } from '../bench-context.js';
import { atMost, type Figure, formatDuration } from '../figure.js';
import { fastestOf, ratios } from '../interleaved.js';
import {
  createBareFetchTokenRequest,
  createOauth4webapiTokenRequest,
  createSimpleOauth2TokenRequest,
  type TokenEndpoint,
} from '../peers/token-request-peers.js';

const PEERS = {
  bare: 'bare fetch + json()',
  oauth4webapi: 'oauth4webapi',
  simpleOauth2: 'simple-oauth2',
} as const;

/**
 * A full token request on loopback (rewards, the strict snake_case body):
 * `getToken({ forceRefresh: true })` against the same request made by hand
 * and by two OAuth client libraries, all to the sandbox on 127.0.0.1.
 */
export async function benchTokenRequest(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const user = sandbox.users.rewards;
  const baseUrl = sandbox.baseUrl('rewards');
  const endpoint: TokenEndpoint = { tokenUrl: `${baseUrl}/oauth/token`, ...user };
  const auth = createRewardsAuth({ baseUrl, ...user });
  const contenders = [
    { name: 'ours', run: () => auth.getToken({ forceRefresh: true }) },
    { name: 'bare', run: createBareFetchTokenRequest(endpoint) },
    { name: 'oauth4webapi', run: createOauth4webapiTokenRequest(endpoint) },
    { name: 'simpleOauth2', run: createSimpleOauth2TokenRequest(endpoint) },
  ];
  // Each must really get a token before it is timed.
  for (const contender of contenders) await contender.run();
  context.progress('Full token request ...');
  const result = await runAlternating(contenders, context.timing);
  const ours = formatDuration(result.medianNs.cpu.ours ?? Number.NaN);
  const ratioMeaning = 'our time ÷ theirs (below 1: ours is faster)';
  const figures: Figure[] = Object.entries(PEERS).map(([name, label]) => ({
    figure: 'Full token request (forceRefresh, rewards)',
    against: label,
    ours,
    theirs: formatDuration(result.medianNs.cpu[name] ?? Number.NaN),
    ...ratios(result, 'ours', name),
    ratioMeaning,
    target: '',
    verdict: 'INFO' as const,
  }));
  const fastest = fastestOf(result, Object.keys(PEERS));
  const againstFastest = ratios(result, 'ours', fastest);
  figures.push({
    figure: 'Full token request (forceRefresh, rewards)',
    against: `the fastest of those (${PEERS[fastest as keyof typeof PEERS]})`,
    ours,
    theirs: formatDuration(result.medianNs.cpu[fastest] ?? Number.NaN),
    ...againstFastest,
    ratioMeaning,
    target: '≤ 1.1×',
    verdict: atMost(againstFastest.ratio, 1.1),
  });
  return figures;
}
