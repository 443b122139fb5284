import type { EnkashAuth } from '@enkash/auth-core';
import { formatCount, formatDuration, formatRatio } from '../output/format.js';
import type { Step } from './step.js';

/** Cached calls measured; enough for a stable per-call time, quick enough for the demo. */
export const CACHED_CALLS = 10_000;
// Timed in rounds and the median round kept, so one garbage collection does not decide.
const ROUNDS = 10;
// The first calls run in the interpreter; warm up as many as are measured.
const WARM_UP_CALLS = CACHED_CALLS;

async function timeCachedCalls(auth: EnkashAuth, calls: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let index = 0; index < calls; index += 1) {
    seen.add((await auth.getToken()).accessToken);
  }
  return seen;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Side by side in the same run: one token request over the network (a forced
 * refresh on a warm connection) against {@link CACHED_CALLS} cached calls.
 */
export const cachedCallStep: Step = {
  label: 'cached call',
  column: 'cached call',
  async run({ auth, target, remember }) {
    // Against the sandbox a few requests give a steadier figure; a real account gets one.
    const networkSamples: number[] = [];
    for (let sample = 0; sample < (target.kind === 'sandbox' ? 5 : 1); sample += 1) {
      const networkStarted = performance.now();
      const fresh = await auth.getToken({ forceRefresh: true });
      networkSamples.push(performance.now() - networkStarted);
      remember(fresh.accessToken);
    }
    const networkMs = median(networkSamples);
    await timeCachedCalls(auth, WARM_UP_CALLS);

    const before = target.tokenRequestCount();
    const seen = new Set<string>();
    const perCall: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      for (const token of await timeCachedCalls(auth, CACHED_CALLS / ROUNDS)) seen.add(token);
      perCall.push((performance.now() - started) / (CACHED_CALLS / ROUNDS));
    }
    const perCallMs = median(perCall);
    const sent = target.tokenRequestCount() - before;
    const ratio = formatRatio(networkMs / perCallMs);
    return {
      ok: sent === 0 && seen.size === 1,
      lines: [
        `${formatCount(CACHED_CALLS)} cached getToken() calls: ${formatDuration(perCallMs)} each (median of ${ROUNDS} rounds), ${sent} token requests`,
        `a token request over the network took ${formatDuration(networkMs)}${networkSamples.length > 1 ? ` (median of ${networkSamples.length})` : ''}: a cached call is ~${ratio} cheaper`,
      ],
      summary: `${formatDuration(perCallMs)} (${ratio})`,
    };
  },
};
