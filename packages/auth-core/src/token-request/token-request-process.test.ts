import { describe, expect, it } from 'vitest';
import {
  type ChildResult,
  runChildModule,
  useBuiltCore,
} from '../../test-support/child-process.js';
import { hostileOptions, useHostileServer } from '../../test-support/hostile-auth.js';
import {
  answer,
  answerToken,
  gzipBomb,
  stallBody,
  streamBody,
} from '../../test-support/hostile-server.js';

const entry = useBuiltCore('token-request-process-test');
const server = useHostileServer();
const GiB = 1024 * 1024 * 1024;
// Above every child's own time limit, so a child that hangs fails its test rather than timing it out.
const TEST_TIME_LIMIT_MS = 40_000;
// A Node process that reads a token is well under this; one that buffers the body is far over.
const FLAT_MEMORY_BYTES = 256 * 1024 * 1024;

/**
 * A child process that creates a payouts auth on the hostile server with the
 * given extra options, runs `body` (which sees `auth` and `report(value)`),
 * and prints every reported value as a JSON line, with its peak RSS last.
 */
async function runAuthChild(
  body: string,
  options: { extra?: Record<string, unknown>; flags?: readonly string[]; timeLimitMs: number },
): Promise<ChildResult & { reports: Array<Record<string, unknown>> }> {
  const source = `
    import { camelCaseShape, createAuth } from ${JSON.stringify(entry())};
    const definition = { product: 'payouts', version: 'process-test', responses: [camelCaseShape] };
    const auth = createAuth(definition, JSON.parse(process.env.AUTH_OPTIONS));
    const report = (value) => console.log(JSON.stringify(value));
    ${body}
    process.on('exit', () => report({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
  `;
  const result = await runChildModule(source, {
    env: { AUTH_OPTIONS: JSON.stringify(hostileOptions(server(), options.extra ?? {})) },
    flags: options.flags ?? [],
    timeLimitMs: options.timeLimitMs,
  });
  const reports = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  if (process.env.ENKASH_PRINT_FIGURES === '1') {
    console.info(JSON.stringify(reports));
  }
  return { ...result, reports };
}

/** Reports the outcome of `getToken()` as `{ code | token, elapsedMs }`. */
const GET_TOKEN = `{
  const started = performance.now();
  await auth.getToken(OPTIONS).then(
    (token) => report({ token: token.accessToken, elapsedMs: performance.now() - started }),
    (error) => report({ code: error.code, elapsedMs: performance.now() - started }),
  );
}`;

describe('a stalled body, with the garbage collector running', () => {
  it(
    'times out as TIMEOUT, then the next call gets a token once the server recovers',
    async () => {
      server().enqueue(stallBody());
      server().fallback = answerToken('recovered-token');
      // gc() every 10 ms: a deadline nothing holds would be collected before it fires.
      const result = await runAuthChild(
        `
        const collector = setInterval(() => globalThis.gc(), 10);
        collector.unref();
        ${GET_TOKEN.replace('OPTIONS', '')}
        ${GET_TOKEN.replace('OPTIONS', '{ forceRefresh: true }')}
      `,
        // One 1 s attempt, then a quick answer: 20 s is slack for a busy machine.
        { extra: { timeoutMs: 1_000, retries: 0 }, flags: ['--expose-gc'], timeLimitMs: 20_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.killed).toBe(false);
      expect(result.reports[0]).toMatchObject({ code: 'TIMEOUT' });
      expect(result.reports[1]).toMatchObject({ token: 'recovered-token' });
      expect(result.code).toBe(0);
    },
    TEST_TIME_LIMIT_MS,
  );
});

describe('unbounded bodies, memory measured in a child process', () => {
  it(
    'leaves memory flat under an endless stream: INVALID_RESPONSE, not retried',
    async () => {
      server().fallback = streamBody(Number.POSITIVE_INFINITY);
      const result = await runAuthChild(GET_TOKEN.replace('OPTIONS', ''), {
        // The answer comes after 1 MiB; the 60 s deadline must not be what ends it.
        extra: { timeoutMs: 60_000 },
        timeLimitMs: 30_000,
      });
      expect(result.stderr).toBe('');
      expect(result.reports[0]).toMatchObject({ code: 'INVALID_RESPONSE' });
      expect(result.reports.at(-1)?.maxRssBytes).toBeLessThan(FLAT_MEMORY_BYTES);
      expect(server().requests).toHaveLength(1);
    },
    TEST_TIME_LIMIT_MS,
  );

  it(
    'leaves memory flat under a gzip bomb of 1 GiB: INVALID_RESPONSE, not retried',
    async () => {
      server().fallback = gzipBomb(GiB);
      const result = await runAuthChild(GET_TOKEN.replace('OPTIONS', ''), {
        extra: { timeoutMs: 60_000 },
        timeLimitMs: 30_000,
      });
      expect(result.stderr).toBe('');
      expect(result.reports[0]).toMatchObject({ code: 'INVALID_RESPONSE' });
      expect(result.reports.at(-1)?.maxRssBytes).toBeLessThan(FLAT_MEMORY_BYTES);
      expect(server().requests).toHaveLength(1);
    },
    TEST_TIME_LIMIT_MS,
  );
});

describe('exit promptly', () => {
  it(
    'exits once its only caller aborted, though the request waits 30 s to retry',
    async () => {
      server().fallback = answer(503, '', { 'Retry-After': '30' });
      const result = await runAuthChild(
        `
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 300);
        ${GET_TOKEN.replace('OPTIONS', '{ signal: controller.signal }')}
      `,
        // The retry waits 30 s (twice, with retries: 2): 15 s is well inside that and ample slack.
        { extra: { maxRetryDelayMs: 60_000 }, timeLimitMs: 15_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.killed).toBe(false);
      expect(result.reports[0]).toMatchObject({ code: 'ABORTED' });
      expect(result.code).toBe(0);
      expect(server().requests.length).toBeGreaterThanOrEqual(1);
    },
    TEST_TIME_LIMIT_MS,
  );

  it(
    'stays alive through a retry wait while a caller still waits',
    async () => {
      server().enqueue(answer(503, '', { 'Retry-After': '1' }));
      server().fallback = answerToken('after-the-wait');
      const result = await runAuthChild(GET_TOKEN.replace('OPTIONS', ''), { timeLimitMs: 20_000 });
      expect(result.stderr).toBe('');
      expect(result.reports[0]).toMatchObject({ token: 'after-the-wait' });
      expect(result.code).toBe(0);
      expect(server().requests).toHaveLength(2);
    },
    TEST_TIME_LIMIT_MS,
  );
});
