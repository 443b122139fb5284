import type { Sandbox } from '@enkash/sandbox';
import { PRODUCTS, type ProductName } from '../products.js';
import type { Target } from './target.js';

// Cards lets a caller forward the cookie EnKash gave it; the demo sends a made-up
// one so the masked `cookie` header is visible on the wire.
const DEMO_CARDS_COOKIE = 'JSESSIONID=demo-session-0001';

/** A product of the embedded sandbox, with its demo user. */
export function createSandboxTarget(sandbox: Sandbox, name: ProductName): Target {
  const baseUrl = sandbox.baseUrl(name);
  return {
    product: PRODUCTS[name],
    kind: 'sandbox',
    baseUrl,
    options: {
      baseUrl,
      ...sandbox.users[name],
      ...(name === 'cards' ? { cookie: DEMO_CARDS_COOKIE } : {}),
    },
    tokenRequestCount: () => sandbox.counters(name).tokenRequests,
    requests: () =>
      sandbox.requests(name).map(({ method, path, headers, form }) => ({
        method,
        path,
        headers,
        ...(form === undefined ? {} : { form }),
      })),
    sandbox: {
      setTokenLifetime: (seconds) => sandbox.setTokenLifetime(name, seconds),
      isLocked: (username) => sandbox.isLocked(name, username),
      failedAttempts: (username) => sandbox.failedAttempts(name, username),
      failNextTokenRequest: () => sandbox.enqueueFault(name, { type: 'status', status: 503 }),
    },
  };
}
