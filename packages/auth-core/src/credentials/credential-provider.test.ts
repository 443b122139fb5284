import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import type { CredentialProvider } from './credential-provider.js';

const sandbox = useSandbox();

/** A provider that counts its calls and yields whatever `value` holds at the time. */
interface CountingProvider {
  value: string;
  calls: number;
  read: CredentialProvider;
}

function countingProvider(initial: string): CountingProvider {
  const provider: CountingProvider = {
    value: initial,
    calls: 0,
    read: async () => {
      provider.calls += 1;
      return provider.value;
    },
  };
  return provider;
}

function renderings(error: unknown): string {
  return [
    String(error),
    (error as Error).stack ?? '',
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(error),
  ].join('\n');
}

describe('credential providers', () => {
  it('are called when a token request is about to be made: not at construction, not for a cached token', async () => {
    const password = countingProvider(sandbox().users.payouts.password);
    const clientSecret = countingProvider(sandbox().users.payouts.clientSecret);
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: password.read,
      clientSecret: clientSecret.read,
    });
    expect(password.calls).toBe(0);
    await auth.getToken();
    await auth.getToken();
    await auth.getAuthorizationHeader();
    expect([password.calls, clientSecret.calls]).toEqual([1, 1]);
    await auth.getToken({ forceRefresh: true });
    expect([password.calls, clientSecret.calls]).toEqual([2, 2]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('send the value yielded for that request, in the form body and the Basic pair', async () => {
    const { username, clientSecret } = sandbox().users.payouts;
    const password = countingProvider(sandbox().users.payouts.password);
    const secret = countingProvider(clientSecret);
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: password.read,
      clientSecret: () => secret.read(),
      retries: 0,
    });
    await auth.getToken();
    sandbox().setPassword('payouts', username, 'rotated-password-8812');
    password.value = 'rotated-password-8812';
    await auth.getToken({ forceRefresh: true });
    // The Basic pair follows the provider too: a wrong secret is refused as a client.
    secret.value = 'not-the-client-secret-4471';
    const refused = await failureOf(auth.getToken({ forceRefresh: true }));
    expect(refused.code).toBe('REJECTED');
    expect(
      sandbox()
        .requests('payouts')
        .map((entry) => entry.outcome),
    ).toEqual(['issued', 'issued', 'unauthorized']);
    expect(sandbox().counters('payouts').issued).toBe(2);
  });

  it.each([
    [
      'throws',
      () => {
        throw new VaultError('vault said: token vault-secret-7731 expired');
      },
      'an error of its own kind',
    ],
    [
      'rejects',
      async () => {
        throw new VaultError('vault-secret-7731 at secret/enkash');
      },
      'an error of its own kind',
    ],
    [
      'throws a standard error',
      () => {
        throw new TypeError('vault-secret-7731 is not a function');
      },
      'TypeError',
    ],
    [
      'throws a string',
      () => {
        throw 'vault-secret-7731';
      },
      'threw string',
    ],
    [
      'throws an object with a hostile name',
      () => {
        throw { name: 'Bad\r\nName vault-secret-7731 '.repeat(5), message: 'vault-secret-7731' };
      },
      'an error of its own kind',
    ],
    [
      'throws an object whose name is the secret',
      () => {
        throw { name: 'vault-secret-7731' };
      },
      'an error of its own kind',
    ],
  ] as const)(
    'a provider that %s gives CONFIG naming only a standard error name, none of its message, and sends nothing',
    async (_case, provider, name) => {
      const auth = sandboxAuth(sandbox(), camelDefinition, {
        password: provider as CredentialProvider,
      });
      const error = await failureOf(auth.getToken());
      expect(error.code).toBe('CONFIG');
      expect(error.message).toContain(`the "password" provider failed (${name})`);
      expect(error.cause).toBeUndefined();
      expect(renderings(error)).not.toContain('vault-secret-7731');
      expect(renderings(error)).not.toMatch(/\r|expired|secret\/enkash/);
      expect(sandbox().counters('payouts').tokenRequests).toBe(0);
    },
  );

  it.each([
    ['undefined', undefined, 'undefined'],
    ['a number', 42, 'number'],
    ['an object', { password: 'x' }, 'object'],
    ['null', null, 'null'],
    ['an empty string', '', 'an empty string'],
    ['blanks', '   ', 'an empty string'],
  ])('a provider that yields %s gives CONFIG and sends nothing', async (_case, value, got) => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      clientSecret: (async () => value) as unknown as CredentialProvider,
    });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('CONFIG');
    expect(error.message).toBe(
      `payouts: the "clientSecret" provider must yield a non-empty string; got ${got}. No token request was sent.`,
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(0);
  });

  it('a failing provider never counts toward the lockout guard', async () => {
    const password = countingProvider('');
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: password.read,
      maxConsecutiveFailures: 1,
    });
    for (let call = 0; call < 3; call += 1) {
      expect((await failureOf(auth.getToken())).code).toBe('CONFIG');
    }
    password.value = sandbox().users.payouts.password;
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('a provider that never answers gives TIMEOUT after timeoutMs, sends nothing, and the next call tries again', async () => {
    let hang = true;
    const { password } = sandbox().users.payouts;
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      timeoutMs: 100,
      password: () => (hang ? new Promise<string>(() => undefined) : password),
    });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(
      'payouts: the "password" provider did not yield a value within 100 ms (timeoutMs); no token request was sent.',
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(0);
    hang = false;
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('redact the values of this request and of the one before it from what the server echoes', async () => {
    const password = countingProvider('first-provided-password-31');
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: password.read,
      retries: 0,
    });
    const echo = (text: string) =>
      sandbox().enqueueFault('payouts', {
        type: 'status',
        status: 401,
        body: { error: 'invalid_grant', error_description: text },
      });
    echo('Bad credentials: first-provided-password-31');
    const first = await failureOf(auth.getToken());
    expect(first.details?.error_description).toBe('Bad credentials: [redacted]');
    password.value = 'second-provided-password-47';
    echo(
      `was ${encodeURIComponent('first-provided-password-31')}, now ${Buffer.from('second-provided-password-47').toString('base64')}`,
    );
    const second = await failureOf(auth.getToken());
    expect(second.details?.error_description).toBe('was [redacted], now [redacted]');
    expect(renderings(second)).not.toContain('provided-password');
  });
});

class VaultError extends Error {
  override name = 'VaultError';
}
