import { createPayoutsAuth, PAYOUTS_UAT_BASE_URL } from '@enkash/payouts';
import { startSandbox } from '@enkash/sandbox';
import { expectReadmeToShowQuickStart, startQuickStartSandbox } from '@enkash/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';

const { skipReason, startRedisServer } = lookUpRedisServer();

describe.skipIf(skipReason !== undefined)('README', () => {
  let server: RedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
    process.env.REDIS_URL = server.url;
  });

  afterAll(async () => {
    delete process.env.REDIS_URL;
    await server?.stop();
  });

  it('shows a quick start that works against Redis and the sandbox', async () => {
    const sandbox = await startQuickStartSandbox(startSandbox, 'payouts');

    // README quick start: begin
    const store = createRedisStore({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      keyPrefix: 'enkash:auth:',
      encryptionKey: process.env.ENKASH_TOKEN_KEY, // optional: 32 random bytes, base64
    });
    const auth = createPayoutsAuth({
      baseUrl: process.env.ENKASH_BASE_URL ?? PAYOUTS_UAT_BASE_URL,
      clientId: process.env.ENKASH_CLIENT_ID ?? '',
      clientSecret: process.env.ENKASH_CLIENT_SECRET ?? '',
      username: process.env.ENKASH_USERNAME ?? '',
      password: process.env.ENKASH_PASSWORD ?? '',
      store, // every process on this Redis shares one token and one lockout count
    });

    const response = await auth.client.get('api/ping');
    console.log(response.status); // 200

    // on shutdown
    await store.close();
    // README quick start: end

    expect(response.status).toBe(200);
    expect(sandbox.counters('payouts').issued).toBe(1);
    await expectReadmeToShowQuickStart(import.meta.filename);
  });
});
