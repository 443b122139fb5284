import { describe, expect, it } from 'vitest';
import { runChildModule, useBuiltCore } from '../../test-support/child-process.js';
import { sandboxOptions, useSandbox } from '../../test-support/sandbox.js';

const sandbox = useSandbox();
const entry = useBuiltCore('debug-switch-test');
// The child makes two quick token requests: this is slack for a loaded machine, not a measure.
const CHILD_TIME_LIMIT_MS = 20_000;
const TEST_TIME_LIMIT_MS = 2 * CHILD_TIME_LIMIT_MS;

/**
 * A child process with a payouts auth on the sandbox and a store whose reads fail
 * quoting the password and the Basic value (so the redactor has something to do):
 * one token after a retried 503. It prints the token on stdout as JSON, for the
 * parent to look for it on stderr; `LOGGER=console` gives it `logger: console`.
 */
const CHILD = (entryUrl: string) => `
  import { camelCaseShape, createAuth } from ${JSON.stringify(entryUrl)};
  import { createMemoryStore } from ${JSON.stringify(new URL('./store/memory-store.js', entryUrl).href)};
  const options = JSON.parse(process.env.AUTH_OPTIONS);
  const basic = Buffer.from(options.clientId + ':' + options.clientSecret).toString('base64');
  const store = {
    ...createMemoryStore(),
    get: async () => {
      throw new Error('GET failed for ' + options.password + ' (Authorization: Basic ' + basic + ')');
    },
  };
  const definition = { product: 'payouts', version: 'debug-switch-test', sendsClientId: true, responses: [camelCaseShape] };
  const logger = process.env.LOGGER === 'console' ? console : undefined;
  const auth = createAuth(definition, { ...options, store, logger, retries: 1, retryDelayMs: 0 });
  const token = await auth.getToken();
  console.log(JSON.stringify({ accessToken: token.accessToken }));
`;

async function runChild(env: Record<string, string>) {
  sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
  const result = await runChildModule(CHILD(entry()), {
    env: { AUTH_OPTIONS: JSON.stringify(sandboxOptions(sandbox(), 'payouts')), ...env },
    timeLimitMs: CHILD_TIME_LIMIT_MS,
  });
  expect(result.killed).toBe(false);
  expect(result.code).toBe(0);
  const reported = result.stdout.split('\n').find((line) => line.startsWith('{"accessToken"'));
  const { accessToken } = JSON.parse(reported ?? '{}') as { accessToken: string };
  expect(accessToken).toEqual(expect.any(String));
  return { ...result, accessToken };
}

/** The secrets of the sandbox's payouts user and the token, in every spelling. */
function secretSpellings(accessToken: string): string[] {
  const { clientId, clientSecret, password } = sandbox().users.payouts;
  const secrets = [
    password,
    clientSecret,
    Buffer.from(`${clientId}:${clientSecret}`).toString('base64'),
    accessToken,
  ];
  return secrets.flatMap((secret) => [
    secret,
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ]);
}

describe('ENKASH_AUTH_DEBUG', () => {
  it(
    'with 1, the SDK prints every event to stderr by itself, one redacted line each',
    async () => {
      const result = await runChild({ ENKASH_AUTH_DEBUG: '1' });
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      const storeErrors = lines.filter((line) => line.includes(' store-error '));
      // The store is read for the token and for the attempt record, some of it in the background.
      expect(storeErrors.length).toBeGreaterThan(0);
      for (const line of storeErrors) {
        expect(line).toMatch(
          /^\[enkash-auth\] warn enkash payouts: store-error \{.*"message":"GET failed for \[redacted\] \(Authorization: \[redacted\]\)"\}$/,
        );
      }
      const others = lines.filter((line) => !storeErrors.includes(line));
      expect(others.map((line) => line.replace(/ \{.*$/, ''))).toEqual([
        '[enkash-auth] debug enkash payouts: token-request',
        '[enkash-auth] warn enkash payouts: retry',
        '[enkash-auth] debug enkash payouts: token-request',
        '[enkash-auth] debug enkash payouts: token',
      ]);
      expect(others[1]).toBe(
        '[enkash-auth] warn enkash payouts: retry {"product":"payouts","attempt":1,"delayMs":0,"status":503,"code":"HTTP"}',
      );
      for (const spelling of secretSpellings(result.accessToken)) {
        expect(result.stderr).not.toContain(spelling);
      }
    },
    TEST_TIME_LIMIT_MS,
  );

  it.each([
    // Set empty rather than left out: the run of the tests itself may have it.
    ['without the variable', { ENKASH_AUTH_DEBUG: '' }],
    ['with ENKASH_AUTH_DEBUG=0', { ENKASH_AUTH_DEBUG: '0' }],
    ['with ENKASH_AUTH_DEBUG=true (only 1 switches it on)', { ENKASH_AUTH_DEBUG: 'true' }],
  ])(
    'prints nothing %s',
    async (_label, env: Record<string, string>) => {
      const result = await runChild(env);
      expect(result.stderr).toBe('');
    },
    TEST_TIME_LIMIT_MS,
  );

  it(
    'gives way to a logger given as an option: the global console, as is',
    async () => {
      const result = await runChild({ ENKASH_AUTH_DEBUG: '1', LOGGER: 'console' });
      // console.warn writes to stderr, console.debug to stdout; no [enkash-auth] line from the switch.
      expect(result.stderr).not.toContain('[enkash-auth]');
      expect(result.stderr).toMatch(/^enkash payouts: store-error \{/);
      expect(result.stderr).toContain('enkash payouts: retry {');
      expect(result.stdout).toMatch(/^enkash payouts: token-request \{/);
      expect(result.stdout).toContain('enkash payouts: token {');
      for (const spelling of secretSpellings(result.accessToken)) {
        expect(result.stderr).not.toContain(spelling);
        expect(result.stdout.replace(/\{"accessToken":.*\}/, '')).not.toContain(spelling);
      }
    },
    TEST_TIME_LIMIT_MS,
  );
});
