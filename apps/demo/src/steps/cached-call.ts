import type { EnkashAuth } from '@enkash/auth-core';
import { formatCount, formatDuration, formatRatio } from '../output/format.js';
import type { Step } from './step.js';

/** Cached calls measured; enough for a stable per-call time, quick enough for the demo. */
export const CACHED_CALLS = 10_000;
const WARM_UP_CALLS = 1_000;

async function timeCachedCalls(auth: EnkashAuth, calls: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let index = 0; index < calls; index += 1) {
    seen.add((await auth.getToken()).accessToken);
  }
  return seen;
}

/**
 * Side by side in the same run: one token request over the network (a forced
 * refresh on a warm connection) against {@link CACHED_CALLS} cached calls.
 */
export const cachedCallStep: Step = {
  label: 'cached call',
  column: 'cached call',
  async run({ auth, target, remember }) {
    const networkStarted = performance.now();
    const fresh = await auth.getToken({ forceRefresh: true });
    const networkMs = performance.now() - networkStarted;
    remember(fresh.accessToken);
    await timeCachedCalls(auth, WARM_UP_CALLS);

    const before = target.tokenRequestCount();
    const started = performance.now();
    const seen = await timeCachedCalls(auth, CACHED_CALLS);
    const perCallMs = (performance.now() - started) / CACHED_CALLS;
    const sent = target.tokenRequestCount() - before;
    const ratio = formatRatio(networkMs / perCallMs);
    return {
      ok: sent === 0 && seen.size === 1,
      lines: [
        `${formatCount(CACHED_CALLS)} cached getToken() calls: ${formatDuration(perCallMs)} each, ${sent} token requests`,
        `a token request over the network took ${formatDuration(networkMs)}: a cached call is ~${ratio} cheaper`,
      ],
      summary: `${formatDuration(perCallMs)} (${ratio})`,
    };
  },
};
