import { parseArgs } from 'node:util';
import { resetStoredLockout } from '@enkash/auth-core';
import { createRedisStore } from './create-redis-store.js';

const USAGE = `usage: npx @enkash/auth-redis reset-lockout --product <name> --base-url <url> --client-id <id> --username <user> [--redis-url <url>] [--key-prefix <prefix>]

Clears the lockout guard's count of one EnKash account in Redis, for every process of the fleet,
as resetLockout() does from one of them. Fix the credentials first: the next wrong attempt counts
again, and EnKash locks the account at its 3rd. --redis-url defaults to REDIS_URL, --key-prefix to
the store's default (enkash:auth:).`;

/**
 * The `reset-lockout` operator command: resolves the exit code (0 done, 1 the
 * store failed, 2 bad arguments). Prints the product and the account's
 * hashed key, never an identifier or a secret.
 */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void = console.log,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        product: { type: 'string' },
        'base-url': { type: 'string' },
        'client-id': { type: 'string' },
        username: { type: 'string' },
        'redis-url': { type: 'string' },
        'key-prefix': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    print(USAGE);
    return 0;
  }
  const { product, username } = values;
  const baseUrl = values['base-url'];
  const clientId = values['client-id'];
  const url = values['redis-url'] ?? env.REDIS_URL;
  if (
    positionals[0] !== 'reset-lockout' ||
    positionals.length !== 1 ||
    typeof product !== 'string' ||
    typeof baseUrl !== 'string' ||
    typeof clientId !== 'string' ||
    typeof username !== 'string' ||
    typeof url !== 'string'
  ) {
    print(USAGE);
    return 2;
  }
  let normalized: string;
  try {
    // As the core keeps it: parsed, without a trailing slash.
    normalized = new URL(baseUrl).href.replace(/\/+$/, '');
  } catch {
    print(`--base-url is not an absolute URL\n${USAGE}`);
    return 2;
  }
  const keyPrefix = values['key-prefix'];
  const store = createRedisStore({
    url,
    ...(typeof keyPrefix === 'string' ? { keyPrefix } : {}),
  });
  try {
    const identity = { product, baseUrl: normalized, clientId, username };
    const written = await resetStoredLockout(store, identity);
    print(
      written
        ? `reset the lockout count of this ${product} account; its processes take it at their next token request`
        : 'the count kept changing under the reset; nothing was written: try again',
    );
    return written ? 0 : 1;
  } catch (error) {
    print(`the reset failed: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}
