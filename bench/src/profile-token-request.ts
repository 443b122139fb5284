// The token request under the profiler: `pnpm --filter @enkash/bench run profile` runs this with
// --cpu-prof, then `node dist/summarize-profile.js` reads the newest profile. Options:
//   --mode ours|bare         getToken({ forceRefresh: true }) on rewards, or fetch + json() by hand
//   --transport sandbox|stub the sandbox on 127.0.0.1, or a fetch that answers a canned token
//                            response at once (no socket, no server: only client-side work left)
//   --requests N             how many token requests (default 20,000)
import { parseArgs } from 'node:util';
import { createRewardsAuth } from '@enkash/rewards';
import { startSandbox } from '@enkash/sandbox';
import { createBareFetchTokenRequest } from './peers/bare-fetch-token-request.js';

const CANNED_BODY = JSON.stringify({
  access_token: 'profile-access-token-0123456789abcdef',
  token_type: 'bearer',
  refresh_token: 'profile-refresh-token-0123456789abcdef',
  expires_in: 299,
  scope: 'read write',
});

/** A transport answering every request with a rewards token response, as the sandbox would. */
async function stubFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  // Read the body, as a server would receive it.
  if (input instanceof Request) await input.arrayBuffer();
  else if (init?.body !== undefined) await new Response(init.body).arrayBuffer();
  return new Response(CANNED_BODY, {
    status: 200,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'ours' },
      transport: { type: 'string', default: 'sandbox' },
      requests: { type: 'string', default: '20000' },
    },
  });
  const requests = Number(values.requests);
  const stub = values.transport === 'stub';
  const sandbox = await startSandbox();
  try {
    const user = sandbox.users.rewards;
    const baseUrl = sandbox.baseUrl('rewards');
    const auth = createRewardsAuth({ baseUrl, ...user, ...(stub ? { fetch: stubFetch } : {}) });
    const bare = createBareFetchTokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user });
    const bareStub = async () => (await stubFetch(`${baseUrl}/oauth/token`, { body: 'x' })).json();
    const run =
      values.mode === 'bare'
        ? stub
          ? bareStub
          : bare
        : () => auth.getToken({ forceRefresh: true });
    for (let warm = 0; warm < 500; warm += 1) await run();
    const started = performance.now();
    for (let request = 0; request < requests; request += 1) await run();
    const perRequest = ((performance.now() - started) * 1000) / requests;
    console.log(
      `${values.mode} over ${values.transport}: ${requests} token requests, ${perRequest.toFixed(1)} µs each`,
    );
  } finally {
    await sandbox.close();
  }
}

await main();
