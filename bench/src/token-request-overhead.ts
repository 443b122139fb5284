// Where a token request's client-side time goes, without a socket or a server: each step of
// ours is timed against the step before it, interleaved, over a fetch that answers a canned
// rewards token response at once. Run: node dist/token-request-overhead.js [--quick]
import { parseArgs } from 'node:util';
import { createRewardsAuth, rewardsTokenResponse } from '@enkash/rewards';
import ky from 'ky';
import * as v from 'valibot';
import { formatDuration } from './figure.js';
import { runInterleaved } from './interleaved.js';

const TOKEN_URL = 'http://127.0.0.1:9/rewards/oauth/token';
const BODY = JSON.stringify({
  access_token: 'overhead-access-token-0123456789abcdef',
  token_type: 'bearer',
  refresh_token: 'overhead-refresh-token-0123456789abcdef',
  expires_in: 299,
  scope: 'read write',
});
const RESPONSE_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
const REQUEST_HEADERS = {
  authorization: `Basic ${btoa('client:secret')}`,
  'content-type': 'application/x-www-form-urlencoded',
  'user-agent': 'overhead/1.0',
};
const FORM = 'username=9000000002&password=secret&grant_type=password&clientId=client';

async function stubFetch(): Promise<Response> {
  return new Response(BODY, { status: 200, headers: RESPONSE_HEADERS });
}

const tokenKy = ky.create({ retry: 0, throwHttpErrors: false, timeout: false, fetch: stubFetch });
const auth = createRewardsAuth({
  baseUrl: 'http://127.0.0.1:9/rewards',
  clientId: 'client',
  clientSecret: 'secret',
  username: '9000000002',
  password: 'secret',
  fetch: stubFetch,
});

const STEPS = [
  {
    name: 'fetch + text + JSON.parse (bare)',
    run: async () => JSON.parse(await (await stubFetch()).text()) as unknown,
  },
  {
    name: '+ new Request(url, init) first',
    run: async () => {
      const request = new Request(TOKEN_URL, {
        method: 'POST',
        headers: REQUEST_HEADERS,
        body: FORM,
      });
      const response = await stubFetch();
      const parsed: unknown = JSON.parse(await response.text());
      return [request, parsed];
    },
  },
  {
    name: 'ky.post (retry 0, timeout false), no signal',
    run: async () =>
      JSON.parse(
        await (await tokenKy.post(TOKEN_URL, { headers: REQUEST_HEADERS, body: FORM })).text(),
      ) as unknown,
  },
  {
    name: 'ky.post + AbortSignal.timeout (what the core sends)',
    run: async () =>
      JSON.parse(
        await (
          await tokenKy.post(TOKEN_URL, {
            headers: REQUEST_HEADERS,
            body: FORM,
            signal: AbortSignal.timeout(10_000),
          })
        ).text(),
      ) as unknown,
  },
  {
    name: 'valibot safeParse of the rewards body alone',
    run: async () => v.safeParse(rewardsTokenResponse.schema, JSON.parse(BODY)),
  },
  {
    name: 'getToken({ forceRefresh: true }) (all of ours)',
    run: () => auth.getToken({ forceRefresh: true }),
  },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const result = await runInterleaved(
    STEPS,
    values.quick
      ? { rounds: 7, batchMs: 10, warmupRounds: 1 }
      : { rounds: 21, batchMs: 25, warmupRounds: 3 },
  );
  const width = Math.max(...STEPS.map((step) => step.name.length));
  console.log(
    'client-side time per token request over a stub transport (CPU time, medians of rounds):',
  );
  for (const step of STEPS) {
    console.log(
      `  ${step.name.padEnd(width)}  ${formatDuration(result.medianNs.cpu[step.name] ?? Number.NaN).padStart(10)}`,
    );
  }
}

await main();
