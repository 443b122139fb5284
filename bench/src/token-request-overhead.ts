// Where a token request's time goes, step by step, interleaved in one run: a bare fetch, the
// same with a Request built first, with each piece of the core's attempt added alone (an
// AbortController signal, the deadline timer, a race, a body read through a reader), ky (with
// and without AbortSignal.timeout), valibot alone, and all of ours. Options:
//   --transport stub|sandbox  a fetch answering a canned rewards token response at once (only
//                             client-side work is left), or the sandbox on 127.0.0.1
//   --quick                   fewer rounds
// Run: node dist/token-request-overhead.js (or `pnpm run overhead` in bench/)
import { parseArgs } from 'node:util';
import { createRewardsAuth, rewardsShape } from '@enkash/rewards';
import { startSandbox } from '@enkash/sandbox';
import ky from 'ky';
import * as v from 'valibot';
import { formatDuration } from './figure.js';
import { type Contender, runInterleaved } from './interleaved.js';

const CANNED_BODY = JSON.stringify({
  access_token: 'overhead-access-token-0123456789abcdef',
  token_type: 'bearer',
  refresh_token: 'overhead-refresh-token-0123456789abcdef',
  expires_in: 299,
  scope: 'read write',
});

async function stubFetch(): Promise<Response> {
  return new Response(CANNED_BODY, {
    status: 200,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  });
}

async function readWithReader(response: Response): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

function steps(
  baseUrl: string,
  user: { clientId: string; clientSecret: string; username: string; password: string },
  transport: typeof fetch,
): Contender[] {
  const tokenUrl = `${baseUrl}/oauth/token`;
  const headers = {
    authorization: `Basic ${btoa(`${user.clientId}:${user.clientSecret}`)}`,
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'overhead/1.0',
  };
  const body = new URLSearchParams({
    username: user.username,
    password: user.password,
    grant_type: 'password',
    clientId: user.clientId,
  }).toString();
  const tokenKy = ky.create({ retry: 0, throwHttpErrors: false, timeout: false, fetch: transport });
  const auth = createRewardsAuth({ baseUrl, ...user, fetch: transport });
  const init = { method: 'POST', headers, body };
  return [
    {
      name: 'fetch(url, init) + text + JSON.parse (bare)',
      run: async () => JSON.parse(await (await transport(tokenUrl, init)).text()) as unknown,
    },
    {
      name: 'fetch(new Request(url, init)) + text + JSON.parse',
      run: async () =>
        JSON.parse(await (await transport(new Request(tokenUrl, init))).text()) as unknown,
    },
    {
      name: 'bare + AbortSignal.timeout(10 s)',
      run: async () =>
        JSON.parse(
          await (
            await transport(tokenUrl, { ...init, signal: AbortSignal.timeout(10_000) })
          ).text(),
        ) as unknown,
    },
    {
      name: 'bare + one AbortController signal',
      run: async () =>
        JSON.parse(
          await (
            await transport(tokenUrl, { ...init, signal: new AbortController().signal })
          ).text(),
        ) as unknown,
    },
    {
      name: 'bare + a 10 s timer set and cleared',
      run: async () => {
        const timer = setTimeout(() => undefined, 10_000);
        try {
          return JSON.parse(await (await transport(tokenUrl, init)).text()) as unknown;
        } finally {
          clearTimeout(timer);
        }
      },
    },
    {
      name: 'bare + Promise.race with a pending promise',
      run: async () =>
        Promise.race([
          (async () => JSON.parse(await (await transport(tokenUrl, init)).text()) as unknown)(),
          new Promise<never>(() => undefined),
        ]),
    },
    {
      name: 'bare, body read with getReader + TextDecoder',
      run: async () => JSON.parse(await readWithReader(await transport(tokenUrl, init))) as unknown,
    },
    {
      name: 'ky.post (retry 0, timeout false), no signal',
      run: async () => JSON.parse(await (await tokenKy.post(tokenUrl, { headers, body })).text()),
    },
    {
      name: 'ky.post + AbortSignal.timeout (as the core calls it)',
      run: async () =>
        JSON.parse(
          await (
            await tokenKy.post(tokenUrl, { headers, body, signal: AbortSignal.timeout(10_000) })
          ).text(),
        ),
    },
    {
      name: 'valibot safeParse of the rewards body alone',
      run: async () => v.safeParse(rewardsShape.schema, JSON.parse(CANNED_BODY)),
    },
    {
      name: 'getToken({ forceRefresh: true }) (all of ours)',
      run: () => auth.getToken({ forceRefresh: true }),
    },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      transport: { type: 'string', default: 'stub' },
    },
  });
  const sandbox = await startSandbox();
  try {
    const stub = values.transport === 'stub';
    const list = steps(
      sandbox.baseUrl('rewards'),
      sandbox.users.rewards,
      stub ? stubFetch : globalThis.fetch,
    );
    for (const step of list) await step.run();
    const result = await runInterleaved(
      list,
      values.quick
        ? { rounds: 7, batchMs: 10, warmupRounds: 1 }
        : { rounds: 21, batchMs: 25, warmupRounds: 3 },
    );
    const width = Math.max(...list.map((step) => step.name.length));
    console.log(
      `token request over ${stub ? 'a stub transport' : 'the sandbox on 127.0.0.1'}: CPU time (wall beside), medians of interleaved rounds`,
    );
    for (const step of list) {
      const cpu = formatDuration(result.medianNs.cpu[step.name] ?? Number.NaN);
      const wall = formatDuration(result.medianNs.wall[step.name] ?? Number.NaN);
      console.log(`  ${step.name.padEnd(width)}  ${cpu.padStart(10)}  (${wall})`);
    }
  } finally {
    await sandbox.close();
  }
}

await main();
