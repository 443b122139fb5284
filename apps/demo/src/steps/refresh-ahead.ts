import { fingerprint } from '../fingerprint.js';
import { formatDuration } from '../output/format.js';
import { sleep } from '../sleep.js';
import type { Step } from './step.js';

/** A short token so the refresh window comes within the demo's time. */
const LIFETIME_SECONDS = 2;
const REFRESH_WINDOW_MS = 1_000;
const CALLERS = 100;
const REFRESH_TIMEOUT_MS = 5_000;

/**
 * Inside the refresh window callers get the current token at once while one
 * background request fetches the next; the following call gets the new one.
 */
export const refreshAheadStep: Step = {
  label: 'refresh ahead',
  column: 'refresh ahead',
  sandboxOnly: 'it needs a short-lived token, which only the sandbox can issue on demand',
  async run({ createAuth, target, remember, progress }) {
    target.sandbox?.setTokenLifetime(LIFETIME_SECONDS);
    const auth = createAuth({ refreshWindowMs: REFRESH_WINDOW_MS });
    // Drop the account's 300 s token: the next one is the short-lived one.
    await auth.invalidate();
    const old = await auth.getToken();
    remember(old.accessToken);
    progress(`waiting for the refresh window of a ${LIFETIME_SECONDS} s token`);
    // The window is at most half the lifetime the SDK trusts (for expense a little less than 2 s:
    // its absolute expiry is read against the second-precise Date header), so ask the auth.
    while (auth.status().token === 'fresh' && Date.now() < old.expiresAt) await sleep(10);

    const refreshed = new Promise<boolean>((resolve) => {
      const stop = auth.on('token', () => {
        stop();
        resolve(true);
      });
      sleep(REFRESH_TIMEOUT_MS).then(() => resolve(false));
    });
    const before = target.tokenRequestCount();
    const started = performance.now();
    const served = await Promise.all(Array.from({ length: CALLERS }, () => auth.getToken()));
    const servedMs = performance.now() - started;
    const gotOld = served.every((token) => token.accessToken === old.accessToken);
    const arrived = await refreshed;
    const sent = target.tokenRequestCount() - before;
    const next = await auth.getToken();
    remember(next.accessToken);
    const renewed = arrived && next.accessToken !== old.accessToken;
    return {
      ok: gotOld && sent === 1 && renewed,
      lines: [
        `${LIFETIME_SECONDS} s token, refreshWindowMs ${REFRESH_WINDOW_MS}: ${formatDuration(REFRESH_WINDOW_MS)} before expiry`,
        `${CALLERS} callers got the old token ${fingerprint(old.accessToken)} in ${formatDuration(servedMs)} (${gotOld ? 'none waited' : 'SOME WAITED'})`,
        `meanwhile ${sent} background token request; then the new token ${fingerprint(next.accessToken)}`,
      ],
      summary: renewed && gotOld ? 'no wait' : 'failed',
    };
  },
};
