import { createRewardsAuth } from '@enkash/rewards';
import { runAlternating } from '../alternating.js';
import type { BenchContext } from '../bench-context.js';
import type { Figure } from '../figure.js';
import { createBareFetchTokenRequest } from '../peers/bare-fetch-token-request.js';
import { createOauth4webapiTokenRequest } from '../peers/oauth4webapi-token-request.js';
import { createSimpleOauth2TokenRequest } from '../peers/simple-oauth2-token-request.js';
import type { TokenEndpoint } from '../peers/token-endpoint.js';
import { tokenRequestFigures } from '../peers/token-request-figures.js';

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
  return tokenRequestFigures(result, {
    figure: 'Full token request in process (forceRefresh, rewards)',
    ratioMeaning: 'our time ÷ theirs (below 1: ours is faster)',
  }).figures;
}
