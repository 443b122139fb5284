import { formatClock, formatDuration } from '../output/format.js';
import type { Step } from './step.js';

/** How long the token lives and when refresh ahead starts, with the SDK's default window. */
export const tokenLifetimeStep: Step = {
  label: 'lifetime',
  column: 'lifetime',
  async run({ facts }) {
    if (facts.first === undefined) {
      return { ok: false, lines: ['no token to measure'], summary: 'n/a' };
    }
    const { token, requestedAt } = facts.first;
    const lifetime = token.expiresAt - requestedAt;
    // The default refresh window is 60 s, never more than half the lifetime.
    const window = Math.min(60_000, lifetime / 2);
    return {
      ok: lifetime > 0,
      lines: [
        `lives ${formatDuration(lifetime)} (expires ${formatClock(token.expiresAt)}); refreshed in the background from ${formatDuration(window)} before expiry`,
      ],
      summary: formatDuration(lifetime),
    };
  },
};
