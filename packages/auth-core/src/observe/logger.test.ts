import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  createManualClock,
  nextEvent,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';
import type { EnkashAuthLogger } from './logger.js';

// Every one of these differs in each spelling: a quote and a backslash (JSON), a space,
// `@`, `/`, `&` and `!` (URL and form encoding), and lengths that give base64 `+`, `/` and padding.
const USER = {
  clientId: 'logger-client-id',
  clientSecret: 'client"secret\\Qx/71?',
  username: 'logger@example.com',
  password: 'p@ss "word"/Zr9!&x\\',
};
const WRONG_PASSWORD = 'wrong "pass"/word\\72';
// A token a quote and a backslash make different in JSON; still header-safe.
const ACCESS_TOKEN = 'access"token\\with/odd+chars=73';

const clock = createManualClock();
const sandbox = useSandbox({ now: clock.now, users: { payouts: USER } });

interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

function recordingLogger(): { logger: Required<EnkashAuthLogger>; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: object): void => {
      entries.push({ level, message, fields: fields as Record<string, unknown> | undefined });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    entries,
  };
}

/** Every spelling a secret may take in text: raw, base64, base64url, URL-encoded, JSON-escaped. */
function spellingsOf(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/** Every way a logger may turn an entry into text. */
function renderings(entry: LogEntry): string[] {
  return [
    entry.message,
    ...Object.values(entry.fields ?? {}).map(String),
    JSON.stringify(entry),
    inspect(entry, { depth: 10 }),
  ];
}

/** A store that fails every call and quotes what it was given, value included, as some clients do. */
function quotingStore(): TokenStore {
  const memory = createMemoryStore();
  const basic = Buffer.from(`${USER.clientId}:${USER.clientSecret}`).toString('base64');
  const echo = spellingsOf(USER.password).join(' ');
  return {
    ...memory,
    get: async (key) => {
      throw new Error(`GET ${key} failed for ${echo} (Authorization: Basic ${basic})`);
    },
    set: async (key, value) => {
      // The stored value is JSON: a token's quote and backslash appear escaped in it.
      throw new Error(`SET ${key} ${value} failed`);
    },
  };
}

describe('a logger gets no secret', () => {
  it('in any entry of a whole lifecycle, in any spelling', async () => {
    const { logger, entries } = recordingLogger();
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      clock,
      logger,
      store: quotingStore(),
      retries: 1,
      retryDelayMs: 0,
    });
    // A retried 503, then a token whose scope echoes the client secret (header-safe, so kept).
    sandbox().enqueueFault(
      'payouts',
      { type: 'status', status: 503 },
      {
        type: 'status',
        status: 200,
        body: {
          accessToken: ACCESS_TOKEN,
          refreshToken: 'refresh"token\\74',
          expiresIn: 300,
          scope: `read:${USER.clientSecret}`,
        },
      },
    );
    expect((await auth.getToken()).accessToken).toBe(ACCESS_TOKEN);
    // A failed background refresh.
    clock.advance(250_000);
    sandbox().enqueueFault(
      'payouts',
      { type: 'status', status: 500 },
      { type: 'status', status: 500 },
    );
    const refreshFailed = nextEvent(auth, 'refresh-error');
    await auth.getToken();
    await refreshFailed;
    clock.set(Date.UTC(2026, 0, 1));
    // Two rejections, the guard's trip and a refusal.
    const wrong = sandboxAuth(sandbox(), camelDefinition, { logger, password: WRONG_PASSWORD });
    for (let call = 0; call < 3; call += 1) await failureOf(wrong.getToken({ forceRefresh: true }));

    const secrets = [
      USER.password,
      USER.clientSecret,
      WRONG_PASSWORD,
      Buffer.from(`${USER.clientId}:${USER.clientSecret}`).toString('base64'),
      ACCESS_TOKEN,
      'refresh"token\\74',
    ];
    const events = new Set(entries.map((entry) => entry.message.split(': ')[1]));
    expect([...events].sort()).toEqual(
      [
        'guard-refused',
        'lockout',
        'refresh-error',
        'retry',
        'store-error',
        'token',
        'token-request',
      ].sort(),
    );
    for (const entry of entries) {
      for (const text of renderings(entry)) {
        for (const secret of secrets) {
          for (const spelling of spellingsOf(secret)) {
            expect(text, `${spelling} in ${entry.message}`).not.toContain(spelling);
          }
        }
      }
    }
    // The redactor was at work, not silence: the faults' texts are there, secrets replaced.
    const storeErrors = entries.filter((entry) => entry.message === 'enkash payouts: store-error');
    const storeMessages = storeErrors.map((entry) => String(entry.fields?.message));
    expect(storeMessages[0]).toMatch(
      /^GET enkash:payouts:[0-9a-f]{64}:token failed for \[redacted\] \[redacted\] \[redacted\] \[redacted\] \[redacted\] \(Authorization: \[redacted\]\)$/,
    );
    expect(storeMessages.find((message) => message.startsWith('SET'))).toMatch(
      /^SET enkash:payouts:[0-9a-f]{64}:token \{"accessToken":"\[redacted\]","tokenType":"bearer",/,
    );
  });
});

describe('log levels', () => {
  it('token requests and tokens at debug, retries and refusals at warn, a guard trip at error', async () => {
    const { logger, entries } = recordingLogger();
    const auth = sandboxAuth(sandbox(), camelDefinition, { logger, retries: 1, retryDelayMs: 0 });
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    await auth.getToken();
    const wrong = sandboxAuth(sandbox(), camelDefinition, { logger, password: WRONG_PASSWORD });
    for (let call = 0; call < 3; call += 1) await failureOf(wrong.getToken({ forceRefresh: true }));

    expect(entries.map(({ level, message }) => `${level} ${message}`)).toEqual([
      'debug enkash payouts: token-request',
      'warn enkash payouts: retry',
      'debug enkash payouts: token-request',
      'debug enkash payouts: token',
      // A rejected attempt is worth a warning, not only the guard's trip.
      'warn enkash payouts: token-request',
      'warn enkash payouts: token-request',
      'error enkash payouts: lockout',
      'warn enkash payouts: guard-refused',
    ]);
    expect(entries[1]?.fields).toEqual({
      product: 'payouts',
      attempt: 1,
      delayMs: 0,
      status: 503,
      code: 'HTTP',
    });
    expect(entries.at(-1)?.fields).toEqual({
      product: 'payouts',
      failures: 2,
      maxConsecutiveFailures: 2,
    });
  });

  it('writes only the levels a logger has: one with warn alone gets the warnings', async () => {
    const warnings: string[] = [];
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      logger: { warn: (message) => warnings.push(message) },
      retries: 1,
      retryDelayMs: 0,
    });
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    await auth.getToken();
    expect(warnings).toEqual(['enkash payouts: retry']);
  });
});

describe('option logger', () => {
  it.each([
    ['a string', 'yes', 'must be an object with debug, info, warn or error methods; got string'],
    ['null', null, 'must be an object with debug, info, warn or error methods; got null'],
    ['a level that is not a function', { warn: 'loud' }, 'has a warn that is not a function'],
  ])('refuses %s with CONFIG', (_label, logger, problem) => {
    let thrown: unknown;
    try {
      // What a JavaScript caller may pass, whatever the types say.
      sandboxAuth(sandbox(), camelDefinition, { logger: logger as EnkashAuthLogger });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining(`option "logger" ${problem}.`),
    });
  });
});
