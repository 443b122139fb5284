import { formatDuration } from '../output/format.js';
import type { Step } from './step.js';

/** The first `getToken()`: one token request, timed. */
export const getTokenStep: Step = {
  label: 'token',
  column: 'token',
  async run({ auth, facts, remember, target }) {
    const before = target.tokenRequestCount();
    const requestedAt = Date.now();
    const started = performance.now();
    const token = await auth.getToken();
    const durationMs = performance.now() - started;
    remember(token.accessToken);
    if (token.refreshToken !== undefined) remember(token.refreshToken);
    facts.first = { token, requestedAt, durationMs };
    const sent = target.tokenRequestCount() - before;
    // The type is the server's text: only a word the demo knows is printed.
    const type = token.tokenType.toLowerCase() === 'bearer' ? 'bearer' : 'non-bearer';
    return {
      ok: sent === 1,
      lines: [
        `auth.getToken() -> a ${type} token in ${formatDuration(durationMs)} (${sent} token request, connection set-up included)`,
      ],
      summary: sent === 1 ? 'ok' : `${sent} requests`,
    };
  },
};
