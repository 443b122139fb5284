import { createRewardsAuth } from '@enkash/rewards';
import { runAlternating } from '../alternating.js';
import type { BenchContext } from '../bench-context.js';
import { type Figure, formatDuration } from '../figure.js';
import { fastestOf, ratios } from '../interleaved.js';
import { createBareFetchTokenRequest } from '../peers/bare-fetch-token-request.js';
import { createOauth4webapiTokenRequest } from '../peers/oauth4webapi-token-request.js';
import { createSimpleOauth2TokenRequest } from '../peers/simple-oauth2-token-request.js';
import type { TokenEndpoint } from '../peers/token-endpoint.js';
import { TOKEN_REQUEST_PEERS, type TokenRequestPeer } from '../peers/token-request-peer-labels.js';

/**
 * A full token request on loopback (rewards, the strict snake_case body):
 * `getToken({ forceRefresh: true })` against the same request made by hand
 * and by two OAuth client libraries, all to the sandbox on 127.0.0.1, in this
 * process, with everything loaded and warm. Reported only: the target is on
 * a new process's first token (`first-token`), which is what a short-lived
 * process pays.
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
  const figures: Figure[] = Object.entries(TOKEN_REQUEST_PEERS).map(([name, label]) => ({
    figure: 'Full token request (forceRefresh, rewards)',
    against: label,
    ours,
    theirs: formatDuration(result.medianNs.cpu[name] ?? Number.NaN),
    ...ratios(result, 'ours', name),
    ratioMeaning,
    target: '',
    verdict: 'INFO' as const,
  }));
  const fastest = fastestOf(result, Object.keys(TOKEN_REQUEST_PEERS)) as TokenRequestPeer;
  const againstFastest = ratios(result, 'ours', fastest);
  figures.push({
    figure: 'Full token request (forceRefresh, rewards)',
    against: `the fastest of those (${TOKEN_REQUEST_PEERS[fastest]})`,
    ours,
    theirs: formatDuration(result.medianNs.cpu[fastest] ?? Number.NaN),
    ...againstFastest,
    ratioMeaning,
    target: '',
    verdict: 'INFO',
  });
  return figures;
}
