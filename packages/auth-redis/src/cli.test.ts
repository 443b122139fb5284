import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store-options.js';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';

const { skipReason, startRedisServer } = lookUpRedisServer();
const binPath = fileURLToPath(new URL('../bin/enkash-auth-redis.js', import.meta.url));

describe.skipIf(skipReason !== undefined)('npx @enkash/auth-redis reset-lockout', () => {
  let redisServer: RedisServer;
  let sandbox: Sandbox;
  let store: RedisStore;

  beforeEach(async () => {
    redisServer = await startRedisServer();
    sandbox = await startSandbox();
    store = createRedisStore({ url: redisServer.url });
  });

  afterEach(async () => {
    await store?.close();
    await sandbox?.close();
    await redisServer?.stop();
  });

  it('clears the fleet count of a tripped account, printing no identifier', async () => {
    const user = sandbox.users.payouts;
    const options = { baseUrl: sandbox.baseUrl('payouts'), ...user, store };
    const wrong = createPayoutsAuth({ ...options, password: 'wrong-password-92' });
    await wrong.getToken().catch(() => undefined);
    await wrong.getToken().catch(() => undefined);
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });

    const printed: string[] = [];
    const code = await runCli(
      [
        'reset-lockout',
        '--product',
        'payouts',
        '--base-url',
        `${sandbox.baseUrl('payouts')}/`,
        '--client-id',
        user.clientId,
        '--username',
        user.username,
      ],
      { REDIS_URL: redisServer.url },
      (line) => printed.push(line),
    );
    expect(code).toBe(0);
    expect(printed.join('\n')).toBe(
      'reset the lockout count of this payouts account; its processes take it at their next token request',
    );
    // The running process takes the reset: the fixed credentials get their token.
    const fixed = createPayoutsAuth(options);
    await expect(fixed.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(sandbox.counters('payouts').tokenRequests).toBe(3);
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
  });

  it('runs as the package bin, and answers bad arguments with its usage and exit code 2', () => {
    const help = spawnSync(process.execPath, [binPath, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npx @enkash/auth-redis reset-lockout --product');
    const bad = spawnSync(process.execPath, [binPath, 'reset-lockout', '--product', 'payouts'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('usage:');
  });
});
