import { afterEach, beforeEach } from 'vitest';
import { createAuth } from '../src/create-auth.js';
import type { EnkashAuth } from '../src/enkash-auth.js';
import type { AuthOptions } from '../src/options/auth-options.js';
import type { ProductDefinition } from '../src/product/product-definition.js';
import { camelDefinition } from './definitions.js';
import { type HostileServer, startHostileServer } from './hostile-server.js';

/**
 * Credentials whose encoded spellings all differ from the raw ones: the
 * password has a space, `@`, `/`, `&` and `!`, which URL and form encoding
 * spell differently.
 */
export const HOSTILE_CREDENTIALS = {
  clientId: 'hostile-client-id',
  clientSecret: 'client-secret-Qx81',
  username: 'ops+hostile@example.com',
  password: 'p@ss word/Zr9!&x',
} as const;

/** Starts a fresh hostile server before each test and closes it after, even on failure. */
export function useHostileServer(): () => HostileServer {
  let server: HostileServer | undefined;
  beforeEach(async () => {
    server = await startHostileServer();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return () => {
    if (server === undefined) throw new Error('hostile server not started');
    return server;
  };
}

/** Options of an auth whose token endpoint is the hostile server's `/payouts/oauth/token`. */
export function hostileOptions(
  server: HostileServer,
  overrides: Partial<AuthOptions> & Record<string, unknown> = {},
): AuthOptions & Record<string, unknown> {
  return {
    baseUrl: `${server.origin}/payouts`,
    ...HOSTILE_CREDENTIALS,
    retryDelayMs: 1,
    ...overrides,
  };
}

/** An auth on the hostile server. */
export function hostileAuth(
  server: HostileServer,
  overrides: Partial<AuthOptions> & Record<string, unknown> = {},
  definition: ProductDefinition = camelDefinition,
): EnkashAuth {
  return createAuth(definition, hostileOptions(server, overrides));
}
