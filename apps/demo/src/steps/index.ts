import { bearerCallStep } from './bearer-call.js';
import { cachedCallStep } from './cached-call.js';
import { concurrentCallersStep } from './concurrent-callers.js';
import { encryptedCallStep } from './encrypted-call.js';
import { getTokenStep } from './get-token.js';
import { lockoutGuardStep } from './lockout-guard.js';
import { observingStep } from './observing.js';
import { oneHostStep } from './one-host.js';
import { refreshAheadStep } from './refresh-ahead.js';
import { showWireStep } from './show-wire.js';
import type { Step } from './step.js';
import { tokenLifetimeStep } from './token-lifetime.js';

/** The walkthrough every product goes through, in order. */
export const STEPS: readonly Step[] = [
  getTokenStep,
  showWireStep,
  tokenLifetimeStep,
  cachedCallStep,
  concurrentCallersStep,
  bearerCallStep,
  encryptedCallStep,
  refreshAheadStep,
  lockoutGuardStep,
  // Last: it begins with a token, which clears the sandbox's count the lockout guard step left.
  oneHostStep,
  // After the others, so their columns keep their places; it resets the guard the lockout step tripped.
  observingStep,
];
