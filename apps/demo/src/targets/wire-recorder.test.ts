import { DEMO_USERS, type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../products.js';
import { createWireRecorder } from './wire-recorder.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

describe('createWireRecorder', () => {
  it('records what the SDK sends, masked, and passes the request through', async () => {
    const recorder = createWireRecorder(['username']);
    const user = DEMO_USERS.expense;
    const auth = PRODUCTS.expense.create({
      baseUrl: sandbox.baseUrl('expense'),
      ...user,
      fetch: recorder.fetch,
    });
    const token = await auth.getToken();
    const ping = await auth.client.get('api/ping');

    expect(ping.status).toBe(200);
    expect(sandbox.counters('expense')).toMatchObject({ tokenRequests: 1, issued: 1, pings: 1 });
    const [tokenRequest, pingRequest] = recorder.requests();
    expect(tokenRequest).toMatchObject({
      method: 'POST',
      path: '/expense/oauth/token',
      form: { username: '[redacted]', password: '[redacted]', grant_type: 'password' },
    });
    expect(tokenRequest?.headers).toMatchObject({
      authorization: 'Basic [redacted]',
      'api-key': '[redacted]',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(pingRequest).toMatchObject({ method: 'GET', path: '/expense/api/ping' });
    expect(pingRequest?.headers.authorization).toBe('Bearer [redacted]');

    const logged = JSON.stringify(recorder.requests());
    for (const secret of [user.password, user.clientSecret, user.apiKey ?? '', token.accessToken]) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toContain(user.username);
  });
});
