import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { sandboxOptions } from '../../test-support/sandbox.js';
import { createAuth } from '../create-auth.js';
import type { EnkashAuth } from '../enkash-auth.js';
import { createMemoryStore } from '../store/memory-store.js';

// The hot path (a fresh token in memory) against a real token request over
// HTTP to the sandbox on 127.0.0.1: the ratio is what the cache saves.
let sandbox: Sandbox;
let cached: EnkashAuth;
let cachedWithSharedStore: EnkashAuth;
let network: EnkashAuth;

beforeAll(async () => {
  sandbox = await startSandbox();
  const options = sandboxOptions(sandbox, 'payouts');
  cached = createAuth(camelDefinition, options);
  cachedWithSharedStore = createAuth(camelDefinition, {
    ...options,
    store: { ...createMemoryStore(), shared: true },
  });
  network = createAuth(camelDefinition, options);
  await cached.getToken();
  await cachedWithSharedStore.getToken();
});

afterAll(async () => {
  await sandbox.close();
});

test('cached getToken against a network token request', async ({ bench }) => {
  const results = await bench.compare(
    bench('cached getToken', async () => {
      await cached.getToken();
    }),
    bench('cached getToken, shared store configured', async () => {
      await cachedWithSharedStore.getToken();
    }),
    bench('cached getAuthorizationHeader', async () => {
      await cached.getAuthorizationHeader();
    }),
    bench('network token request (forceRefresh)', async () => {
      await network.getToken({ forceRefresh: true });
    }),
    { time: 1_000 },
  );
  const networkResult = results.get('network token request (forceRefresh)');
  for (const name of [
    'cached getToken',
    'cached getToken, shared store configured',
    'cached getAuthorizationHeader',
  ] as const) {
    expect(results.get(name)).toBeFasterThan(networkResult);
  }
});
