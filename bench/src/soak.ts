// `pnpm soak` (not part of `npm test`): 200 callers call getToken() without pause for 60 s
// (`--seconds N`, `--callers N`) against the sandbox issuing 2-second tokens, while a refresh
// now and then gets a 503. Reports token requests against duration ÷ refresh interval, that no
// caller ever received an expired token, heap at start and end, and event-loop delay p99.
// Exits 1 when a caller got an expired token or an error.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics } from 'node:v8';
import { createPayoutsAuth, isEnkashAuthError } from '@enkash/payouts';
import { startSandbox } from '@enkash/sandbox';

const TOKEN_LIFETIME_SECONDS = 2;
/** Refresh ahead starts at half a short token's life (the window is capped at half). */
const REFRESH_INTERVAL_MS = (TOKEN_LIFETIME_SECONDS * 1000) / 2;
const FAULT_EVERY_MS = 4_300;
const PING_EVERY_MS = 250;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      callers: { type: 'string', default: '200' },
    },
  });
  const seconds = Number(values.seconds);
  const callerCount = Number(values.callers);
  if (!(seconds > 0 && seconds <= 3_600) || !(Number.isInteger(callerCount) && callerCount > 0)) {
    console.error('usage: pnpm soak [--seconds 1..3600] [--callers N]');
    return 2;
  }
  const sandbox = await startSandbox({
    products: { payouts: { tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS } },
  });
  const baseUrl = sandbox.baseUrl('payouts');
  const auth = createPayoutsAuth({ baseUrl, ...sandbox.users.payouts });
  const errors = new Map<string, number>();
  const tally = { calls: 0, expired: 0, faults: 0, pings: 0, pingsRejected: 0 };
  let latest = await auth.getToken();
  const before = sandbox.counters('payouts');
  collectGarbage();
  const heapAtStart = heapSpaces();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function caller(): Promise<void> {
    while (performance.now() < deadline) {
      try {
        const token = await auth.getToken();
        // The clock at receipt: a token that expired before it reached the caller counts.
        if (token.expiresAt <= Date.now()) tally.expired += 1;
        tally.calls += 1;
        latest = token;
      } catch (error) {
        const code = isEnkashAuthError(error) ? error.code : 'unexpected';
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
      // Continuous, yet I/O and timers still get their turn, as in a busy server.
      await nextTurn();
    }
  }

  // A refresh now and then meets a 503 (one queued fault fails one attempt; the retry succeeds).
  const faults = setInterval(() => {
    if (sandbox.pendingFaults('payouts') === 0) {
      sandbox.enqueueFault('payouts', { type: 'status', status: 503, body: 'Service Unavailable' });
      tally.faults += 1;
    }
  }, FAULT_EVERY_MS);
  // The sandbox's own verdict on the token callers hold: a ping with it must succeed.
  const pings = setInterval(() => {
    const authorization = `Bearer ${latest.accessToken}`;
    tally.pings += 1;
    void fetch(`${baseUrl}/api/ping`, { headers: { authorization } }).then(
      async (response) => {
        if (response.status === 401) tally.pingsRejected += 1;
        await response.arrayBuffer();
      },
      () => undefined,
    );
  }, PING_EVERY_MS);
  try {
    await Promise.all(Array.from({ length: callerCount }, caller));
  } finally {
    clearInterval(faults);
    clearInterval(pings);
    delay.disable();
  }
  const elapsedMs = performance.now() - started;
  const after = sandbox.counters('payouts');
  // The sandbox's request log and issued tokens live in this heap too: clear them first.
  sandbox.reset();
  await sandbox.close();
  collectGarbage();
  const heapAtEnd = heapSpaces();

  const tokenRequests = after.tokenRequests - before.tokenRequests;
  const faultsServed = after.faultsServed - before.faultsServed;
  const expected = elapsedMs / REFRESH_INTERVAL_MS;
  const errorCount = [...errors.values()].reduce((sum, count) => sum + count, 0);
  const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const lines = [
    `soak: ${(elapsedMs / 1000).toFixed(1)} s, ${callerCount} callers, ${TOKEN_LIFETIME_SECONDS}-second tokens (refresh ahead every ${REFRESH_INTERVAL_MS / 1000} s), a 503 queued every ${FAULT_EVERY_MS / 1000} s`,
    `token requests: ${tokenRequests}, of which ${faultsServed} answered 503; duration ÷ refresh interval = ${expected.toFixed(1)}; (requests − 503s) ÷ that = ${((tokenRequests - faultsServed) / expected).toFixed(2)}`,
    `getToken calls: ${tally.calls.toLocaleString('en-US')}; errors: ${errorCount}${errorCount === 0 ? '' : ` (${[...errors].map(([code, count]) => `${code} ${count}`).join(', ')})`}`,
    `expired tokens received (expiresAt ≤ the clock at receipt): ${tally.expired}`,
    `pings with the latest received token: ${tally.pings}, refused by the sandbox: ${tally.pingsRejected}`,
    `heap: ${megabytes(heapAtStart.total)} at start, ${megabytes(heapAtEnd.total)} at end, after garbage collection and with the sandbox's log cleared; of which objects (old space) ${megabytes(heapAtStart.objects)} → ${megabytes(heapAtEnd.objects)}, compiled code and its metadata ${megabytes(heapAtStart.code)} → ${megabytes(heapAtEnd.code)}`,
    `event-loop delay: p99 ${(delay.percentile(99) / 1e6).toFixed(2)} ms, max ${(delay.max / 1e6).toFixed(2)} ms`,
  ];
  const ok = tally.expired === 0 && errorCount === 0 && tally.pingsRejected === 0;
  lines.push(ok ? 'soak: PASS, no caller received an expired token' : 'soak: FAIL');
  console.log(lines.join('\n'));
  return ok ? 0 : 1;
}

/** Heap in use: in total, in the old space (long-lived objects), and in code and its metadata. */
function heapSpaces(): { total: number; objects: number; code: number } {
  const used = new Map(
    getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
  );
  return {
    total: process.memoryUsage().heapUsed,
    objects: used.get('old_space') ?? 0,
    code: (used.get('code_space') ?? 0) + (used.get('trusted_space') ?? 0),
  };
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

process.exitCode = await main();
