import type { Step } from './step.js';

/** Callers that ask at once, as a busy server does right after start-up. */
export const CONCURRENT_CALLERS = 1_000;

/** Many callers on an auth without a token: single-flight sends exactly one request. */
export const concurrentCallersStep: Step = {
  label: 'concurrency',
  column: `${CONCURRENT_CALLERS} callers`,
  async run({ createAuth, target, remember }) {
    const auth = createAuth();
    // The account holds the first step's token: drop it so the callers need a new one.
    await auth.invalidate();
    const before = target.tokenRequestCount();
    const tokens = await Promise.all(
      Array.from({ length: CONCURRENT_CALLERS }, () => auth.getToken()),
    );
    const sent = target.tokenRequestCount() - before;
    const distinct = new Set(tokens.map((token) => token.accessToken));
    for (const token of distinct) remember(token);
    const counter = target.kind === 'sandbox' ? 'counted by the sandbox' : 'counted on the wire';
    const plural = sent === 1 ? 'request' : 'requests';
    return {
      ok: sent === 1 && distinct.size === 1,
      lines: [
        `${CONCURRENT_CALLERS} callers -> ${sent} token ${plural} (${counter}); ${distinct.size === 1 ? 'all got the same token' : `${distinct.size} different tokens`}`,
      ],
      summary: `${sent} ${plural}`,
    };
  },
};
