import { describe, expect, it } from 'vitest';
import { runChildModule, useBuiltCore } from '../../test-support/child-process.js';

const entry = useBuiltCore('listener-lifetime-test');
// The child sends nothing and collects garbage a few times: this is slack for a loaded machine.
const CHILD_TIME_LIMIT_MS = 20_000;
// A bound on collection rounds, not on time: a hub nothing holds goes in the first one or two.
const MOST_ROUNDS = 50;

/**
 * In a child with `--expose-gc` (the garbage collector on demand): a registry
 * holding the account of an auth created, given a listener and let go at once
 * (the per-request auth of the guide), and the account of an auth that is kept
 * with its listener. Nothing is sent: the base URL is never reached.
 */
const CHILD = (entryUrl: string) => `
  import { camelCaseShape, createAuth } from ${JSON.stringify(entryUrl)};
  import { constructIn, createAccountRegistry } from ${JSON.stringify(new URL('./lifecycle/account-registry.js', entryUrl).href)};
  const report = (value) => console.log(JSON.stringify(value));
  const definition = { product: 'payouts', version: 'listener-lifetime-test', sendsClientId: true, responses: [camelCaseShape] };
  const options = { baseUrl: 'http://127.0.0.1:9/payouts', clientId: 'lifetime-client', clientSecret: 'lifetime-secret-91', password: 'lifetime-password-92' };
  // A sweep runs when a new account finds 2 remembered.
  const registry = createAccountRegistry({ sweepAbove: 2 });
  const authOf = (username) => constructIn(registry, () => createAuth(definition, { ...options, username }));
  const accountOf = (username) => registry.accountFor({ product: 'payouts', baseUrl: options.baseUrl, clientId: options.clientId, username });

  (function perRequest() {
    authOf('dropped@example.com').on('token', () => undefined);
  })();
  const kept = authOf('kept@example.com');
  kept.on('token', () => undefined);
  const dropped = accountOf('dropped@example.com');
  report({ remembered: registry.size, droppedIdle: dropped.isIdle(Date.now()) });

  let rounds = 0;
  while (!dropped.isIdle(Date.now()) && rounds < ${MOST_ROUNDS}) {
    rounds += 1;
    // A weakly held object is cleared only after the job that last read it: collect on a later turn.
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.gc();
  }
  report({ rounds, droppedIdle: dropped.isIdle(Date.now()), keptIdle: accountOf('kept@example.com').isIdle(Date.now()) });

  const keptAccount = accountOf('kept@example.com');
  authOf('newcomer@example.com').status();
  // Reading the kept auth last keeps it, and its listener, reachable until here.
  report({ afterSweep: registry.size, droppedRetired: dropped.retired, keptRetired: keptAccount.retired, keptToken: kept.status().token });
`;

describe('no listener keeps an account alive forever', () => {
  it(
    'an auth given a listener and let go lets its account be swept; a kept one keeps it',
    async () => {
      const result = await runChildModule(CHILD(entry()), {
        flags: ['--expose-gc'],
        timeLimitMs: CHILD_TIME_LIMIT_MS,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const reports = result.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      // Before any collection, the dropped auth's listener still counts: the account is kept.
      expect(reports[0]).toEqual({ remembered: 2, droppedIdle: false });
      expect(reports[1]).toMatchObject({ droppedIdle: true, keptIdle: false });
      expect(reports[1]?.rounds).toBeLessThan(MOST_ROUNDS);
      // The newcomer's sweep retired the let-go account only: the kept one and the newcomer remain.
      expect(reports[2]).toEqual({
        afterSweep: 2,
        droppedRetired: true,
        keptRetired: false,
        keptToken: 'none',
      });
    },
    2 * CHILD_TIME_LIMIT_MS,
  );
});
