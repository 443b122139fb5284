import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatLogLine } from './format-log-line.js';
import { SANDBOX_PRODUCTS } from './products.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { accessTokenOf, ping, requestToken } from './test-support/token-request.js';

const NOW = Date.UTC(2026, 0, 1);
const COOKIE =
  '_cfuvid=f5yil.secretcookievalue-1737528925925; JSESSIONID=3811B357B64F1FB6E0C97811B55F13AA';
const streamed: SandboxRequestLogEntry[] = [];
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => NOW, onRequest: (entry) => streamed.push(entry) });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  streamed.length = 0;
});

describe('request log', () => {
  it('records the exact wire request of a token call, secrets redacted', async () => {
    await requestToken(sandbox, 'cards', { headers: { cookie: COOKIE } });
    const [entry] = sandbox.requests('cards');
    const { username, clientId } = sandbox.users.cards;
    expect(entry).toMatchObject({
      time: NOW,
      method: 'POST',
      path: '/cards/oauth/token',
      endpoint: 'token',
      contentType: 'application/x-www-form-urlencoded',
      userAgent: 'sandbox-test/1.0',
      basicId: clientId,
      form: { username, password: '[redacted]', grant_type: 'password', clientId },
      outcome: 'issued',
      status: 200,
    });
    expect(entry?.headers).toMatchObject({
      authorization: 'Basic [redacted]',
      cookie: '_cfuvid=[redacted]; JSESSIONID=[redacted]',
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'sandbox-test/1.0',
    });
  });

  it('redacts the API-Key and bearer tokens', async () => {
    const token = accessTokenOf((await requestToken(sandbox, 'expense')).json);
    await ping(sandbox, 'expense', token);
    const [tokenCall, pingCall] = sandbox.requests('expense');
    expect(tokenCall?.headers['api-key']).toBe('[redacted]');
    expect(pingCall).toMatchObject({ endpoint: 'ping', outcome: 'ok', status: 200 });
    expect(pingCall?.headers.authorization).toBe('Bearer [redacted]');
  });

  it('keeps an entry per request, in order, including rejections and malformed ones', async () => {
    await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
    await requestToken(sandbox, 'payouts', { form: { grant_type: undefined } });
    await requestToken(sandbox, 'payouts', { headers: { authorization: undefined } });
    expect(sandbox.requests('payouts').map(({ outcome, status }) => [outcome, status])).toEqual([
      ['rejected', 401],
      ['invalid_request', 400],
      ['unauthorized', 401],
    ]);
    expect(sandbox.requests('payouts')[2]).not.toHaveProperty('basicId');
    expect(sandbox.requests('bbps')).toEqual([]);
  });

  it('returns snapshots that callers cannot corrupt', async () => {
    await requestToken(sandbox, 'payouts');
    const entries = sandbox.requests('payouts');
    (entries[0] as SandboxRequestLogEntry).outcome = 'tampered';
    sandbox.counters('payouts').issued = 99;
    expect(sandbox.requests('payouts')[0]?.outcome).toBe('issued');
    expect(sandbox.counters('payouts').issued).toBe(1);
  });

  it('never holds a secret: not in the log, the onRequest stream or the CLI lines', async () => {
    const secrets: string[] = [COOKIE, 'secretcookievalue', '3811B357B64F1FB6E0C97811B55F13AA'];
    for (const product of SANDBOX_PRODUCTS) {
      const user = sandbox.users[product];
      const { json } = await requestToken(sandbox, product, { headers: { cookie: COOKIE } });
      const token = accessTokenOf(json);
      await ping(sandbox, product, token);
      await requestToken(sandbox, product, { form: { password: `${user.password}-typo` } });
      const basicValue = Buffer.from(`${user.clientId}:${user.clientSecret}`).toString('base64');
      secrets.push(user.password, user.clientSecret, basicValue, token);
      if (typeof json.refreshToken === 'string') secrets.push(json.refreshToken);
      if (typeof json.refresh_token === 'string') secrets.push(json.refresh_token);
      if (user.apiKey !== undefined) secrets.push(user.apiKey);
    }
    const everything = JSON.stringify([
      SANDBOX_PRODUCTS.map((product) => sandbox.requests(product)),
      streamed,
      streamed.map(formatLogLine),
    ]);
    expect(streamed).toHaveLength(15);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('formats a CLI line from the redacted entry only', async () => {
    await requestToken(sandbox, 'payouts');
    const line = formatLogLine(streamed[0] as SandboxRequestLogEntry);
    expect(line).toBe(
      `2026-01-01T00:00:00.000Z POST /payouts/oauth/token 200 issued user=${sandbox.users.payouts.username} basicId=${sandbox.users.payouts.clientId}`,
    );
  });
});
