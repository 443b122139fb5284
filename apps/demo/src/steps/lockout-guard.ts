import { EnkashAuthError } from '@enkash/auth-core';
import type { Step } from './step.js';

const ATTEMPTS = 3;
const EXPECTED = ['REJECTED', 'REJECTED', 'LOCKOUT_GUARD'];

/**
 * A wrong password, tried three times: EnKash locks an account at its third
 * failure, so the guard refuses the third attempt without sending it.
 */
export const lockoutGuardStep: Step = {
  label: 'lockout guard',
  column: 'lockout guard',
  sandboxOnly: 'a wrong password is never tried against a real account',
  async run({ createAuth, target }) {
    const { username, password } = target.options;
    const auth = createAuth({ password: `${password}-typo` });
    // The account holds a token the right password got: drop it, or it would simply be served.
    await auth.invalidate();
    const codes: string[] = [];
    const sentPerAttempt: number[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const before = target.tokenRequestCount();
      try {
        await auth.getToken();
        codes.push('TOKEN');
      } catch (error) {
        if (!EnkashAuthError.isInstance(error)) throw error;
        codes.push(error.code);
      }
      sentPerAttempt.push(target.tokenRequestCount() - before);
    }
    const locked = target.sandbox?.isLocked(username) ?? false;
    const failures = target.sandbox?.failedAttempts(username) ?? 0;
    const sent = sentPerAttempt.reduce((sum, count) => sum + count, 0);
    const ok = codes.join() === EXPECTED.join() && sentPerAttempt[2] === 0 && !locked;
    return {
      ok,
      lines: [
        `wrong password, ${ATTEMPTS} attempts: ${codes.join(', ')} (the last one sent ${sentPerAttempt[2] === 0 ? 'no request' : 'A REQUEST'})`,
        `sandbox: ${sent} token requests, ${failures} failed attempts of the 3 that lock; isLocked ${locked}`,
      ],
      summary: ok ? 'stopped at 2' : 'failed',
    };
  },
};
