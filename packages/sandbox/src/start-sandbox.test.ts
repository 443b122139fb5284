import { describe, expect, it } from 'vitest';
import { SANDBOX_PRODUCTS } from './products.js';
import { startSandbox } from './start-sandbox.js';
import { requestToken } from './test-support/token-request.js';

describe('startSandbox', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    const first = await startSandbox();
    const second = await startSandbox();
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
      expect(first.port).not.toBe(second.port);
      for (const product of SANDBOX_PRODUCTS) {
        expect(first.baseUrl(product)).toBe(`${first.url}/${product}`);
      }
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('reads every option given as undefined as left out', async () => {
    const sandbox = await startSandbox({
      host: undefined,
      port: undefined,
      allowNonLoopback: undefined,
      users: undefined,
      products: { payouts: { responseShape: undefined, tokenLifetimeSeconds: undefined } },
      now: undefined,
      onRequest: undefined,
      cors: undefined,
    });
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await requestToken(sandbox, 'payouts');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.json).toMatchObject({ tokenType: 'bearer', expiresIn: 300 });
    } finally {
      await sandbox.close();
    }
  });

  it('listens on a given loopback host and port', async () => {
    const probe = await startSandbox();
    const { port } = probe;
    await probe.close();
    const sandbox = await startSandbox({ host: '::1', port }).catch(() => startSandbox({ port }));
    try {
      expect(sandbox.port).toBe(port);
      expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a non-loopback host unless allowNonLoopback is true', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(
      new TypeError(
        'The sandbox refuses to listen on non-loopback host 0.0.0.0: it accepts demo credentials. Pass allowNonLoopback: true to do it anyway.',
      ),
    );
    const open = await startSandbox({ host: '0.0.0.0', allowNonLoopback: true });
    try {
      expect(open.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    } finally {
      await open.close();
    }
  });

  it('refuses an invalid port', async () => {
    await expect(startSandbox({ port: 70_000 })).rejects.toThrow(TypeError);
    await expect(startSandbox({ port: 1.5 })).rejects.toThrow(TypeError);
  });

  it('rejects when the port is taken', async () => {
    const first = await startSandbox();
    try {
      await expect(startSandbox({ port: first.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });

  it('close() is idempotent and ends keep-alive connections', async () => {
    const sandbox = await startSandbox();
    await requestToken(sandbox, 'payouts');
    await Promise.all([sandbox.close(), sandbox.close()]);
    await expect(fetch(`${sandbox.url}/payouts/api/ping`)).rejects.toThrow(TypeError);
  });

  it('counts per product and reset() zeroes everything', async () => {
    const sandbox = await startSandbox();
    try {
      await requestToken(sandbox, 'payouts');
      await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
      await requestToken(sandbox, 'payouts', { form: { username: undefined } });
      sandbox.enqueueFault('payouts', { type: 'empty' }, { type: 'hang' });
      await requestToken(sandbox, 'payouts');
      expect(sandbox.counters('payouts')).toEqual({
        tokenRequests: 4,
        issued: 1,
        rejected: 1,
        invalidRequests: 1,
        lockouts: 0,
        faultsServed: 1,
        pings: 0,
        pingsRejected: 0,
      });
      expect(sandbox.counters('bbps').tokenRequests).toBe(0);
      sandbox.reset();
      expect(sandbox.counters('payouts').tokenRequests).toBe(0);
      expect(sandbox.requests('payouts')).toEqual([]);
      expect(sandbox.pendingFaults('payouts')).toBe(0);
      expect(sandbox.failedAttempts('payouts', sandbox.users.payouts.username)).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses an unknown product in the control API', async () => {
    const sandbox = await startSandbox();
    try {
      expect(() => sandbox.counters('wallet' as 'payouts')).toThrow(
        'Unknown sandbox product: wallet (expected one of payouts, cards, bbps, rewards, expense)',
      );
    } finally {
      await sandbox.close();
    }
  });
});
