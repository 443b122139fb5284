import { createCipheriv, createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  corePageAssets,
  corePageHtml,
  DIST_ENTRY,
  sourceNewerThanBuild,
} from '../../test-support/browser-page.js';
import {
  createPageAuth,
  deriveStoreKeyInPage,
  describePageRuntime,
  encryptedRoundTripInPage,
  failuresInPage,
  getTokensInPage,
  type PageAuthOptions,
  type PageErrorReport,
  pingInPage,
} from '../../test-support/browser-scenario.js';
import { type ChromiumSession, findChromium, launchChromium } from '../../test-support/chromium.js';
import { type StaticServer, startStaticServer } from '../../test-support/static-server.js';

// Behaviour 11: the core runs outside Node. The BUILT core (dist/, what npm
// ships) is loaded unbundled into a real Chromium through an import map and
// talks to the sandbox over real HTTP, cross-origin, as a browser app would.
const chromium = findChromium();
if (chromium.missing !== undefined) {
  console.warn(`auth-core browser test skipped: ${chromium.missing}`);
}
const title =
  chromium.missing === undefined
    ? 'the built core in Chromium'
    : `the built core in Chromium (skipped: ${chromium.missing})`;

describe.skipIf(chromium.missing !== undefined)(title, () => {
  let sandbox: Sandbox;
  let server: StaticServer;
  let session: ChromiumSession;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const assets = corePageAssets(); // throws, naming the build command, when dist is missing
    const unbuilt = sourceNewerThanBuild();
    if (unbuilt !== undefined) {
      console.warn(
        `auth-core browser test: ${unbuilt} changed after the last build; it runs dist/ as built (pnpm --filter @enkash/auth-core build).`,
      );
    }
    sandbox = await startSandbox({ cors: true });
    server = await startStaticServer({
      folders: assets.folders,
      pages: { '/': corePageHtml(assets.importMap) },
    });
    session = await launchChromium(chromium.executable);
    page = session.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    const loaded = await page
      .waitForFunction(
        () => {
          const globals = globalThis as { enkashCore?: unknown; enkashLoadError?: string };
          return globals.enkashCore !== undefined || globals.enkashLoadError !== undefined;
        },
        undefined,
        { timeout: 10_000 },
      )
      .then(() =>
        page.evaluate(() => (globalThis as { enkashLoadError?: string }).enkashLoadError ?? null),
      )
      .catch((error: unknown) => `timed out: ${String(error)}`);
    if (loaded !== null) {
      throw new Error(
        `The page could not load /auth-core/index.js: ${loaded}; paths not found: ${JSON.stringify(server.missing)}; page errors: ${JSON.stringify([...pageErrors, ...consoleErrors])}`,
      );
    }
  }, 30_000);

  beforeEach(async () => {
    sandbox.reset();
    // A fresh page is a fresh process: no account (token, guard count) from the case before.
    await page.reload();
    await page.waitForFunction(
      () => (globalThis as { enkashCore?: unknown }).enkashCore !== undefined,
      undefined,
      { timeout: 20_000 },
    );
  }, 40_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    await sandbox?.close();
  });

  const userOptions = (overrides: Partial<PageAuthOptions> = {}): PageAuthOptions => ({
    baseUrl: sandbox.baseUrl('payouts'),
    ...sandbox.users.payouts,
    ...overrides,
  });

  it('loads the core from dist with ky and valibot unbundled, in a browser page', async () => {
    const runtime = await page.evaluate(describePageRuntime);
    expect(runtime).toMatchObject({
      secureContext: true,
      hasSubtleCrypto: true,
      processType: 'undefined',
      bufferType: 'undefined',
      requireType: 'undefined',
    });
    expect(runtime.userAgent).toMatch(/HeadlessChrome\//);
    expect(server.missing).toEqual([]);
  });

  it('gets a token, then serves the second call from the cache', async () => {
    await page.evaluate(createPageAuth, { name: 'main', options: userOptions() });
    const [[first], [second]] = (await page.evaluate(getTokensInPage, {
      name: 'main',
      rounds: 2,
      callers: 1,
      invalidateFirst: false,
    })) as [[unknown], [unknown]];
    expect(first).toMatchObject({ tokenType: 'bearer', accessToken: expect.any(String) });
    expect(second).toEqual(first);
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, issued: 1 });
    const [entry] = sandbox.requests('payouts');
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/payouts/oauth/token',
      contentType: 'application/x-www-form-urlencoded',
      basicId: sandbox.users.payouts.clientId,
      outcome: 'issued',
    });
  });

  it('50 concurrent getToken() calls share one request', async () => {
    await page.evaluate(createPageAuth, { name: 'concurrent', options: userOptions() });
    const [callers] = await page.evaluate(getTokensInPage, {
      name: 'concurrent',
      rounds: 1,
      callers: 50,
      invalidateFirst: true,
    });
    expect(callers).toHaveLength(50);
    expect(new Set(callers?.map((token) => token.accessToken)).size).toBe(1);
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, issued: 1 });
  });

  it('auth.fetch and auth.client reach the protected API with the bearer token', async () => {
    await page.evaluate(createPageAuth, { name: 'api', options: userOptions() });
    const result = await page.evaluate(pingInPage, { name: 'api' });
    expect(result).toEqual({
      fetchStatus: 200,
      fetchBody: { ok: true, product: 'payouts' },
      clientBody: { ok: true, product: 'payouts' },
    });
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, pings: 2 });
  });

  it('encrypts and decrypts payloads with WebCrypto, as node:crypto does, through the client too', async () => {
    const payload = { beneficiaryName: 'Asha Rao', note: 'नमस्ते ✓', amount: 100 };
    const result = await page.evaluate(encryptedRoundTripInPage, {
      options: userOptions(),
      payload,
    });
    const key = createHash('sha256')
      .update(sandbox.users.payouts.clientSecret)
      .digest()
      .subarray(0, 16);
    const cipher = createCipheriv('aes-128-ecb', key, null);
    const expected = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]);
    expect(result.ciphertext).toBe(expected.toString('base64'));
    expect(result.decrypted).toEqual(payload);
    expect(result.echoed).toEqual({ method: 'POST', path: '/payouts/api/echo', received: payload });
    expect(result.wrongKey).toMatch(/^PAYLOAD: /);
    expect(result.wrongKey).not.toContain('Asha');
    expect(sandbox.requests('payouts').at(-1)).toMatchObject({ endpoint: 'api', outcome: 'ok' });
  });

  it('a wrong password: REJECTED, then LOCKOUT_GUARD without a request, as in Node', async () => {
    const wrongPassword = 'wrong-browser-password-7731';
    await page.evaluate(createPageAuth, {
      name: 'wrong',
      options: userOptions({ password: wrongPassword }),
    });
    const { failures, events } = await page.evaluate(failuresInPage, {
      name: 'wrong',
      attempts: 3,
    });
    expect(failures.map((failure) => failure?.code)).toEqual([
      'REJECTED',
      'REJECTED',
      'LOCKOUT_GUARD',
    ]);
    for (const failure of failures) {
      expect(failure).toMatchObject({
        name: 'EnkashAuthError',
        product: 'payouts',
        isEnkashAuthError: true,
        isInstance: true,
        isError: true,
      });
    }
    expect(failures[0]).toMatchObject({ status: 401 });
    expect(failures[0]?.message).toMatch(/^EnKash payouts rejected the credentials \(HTTP 401/);
    expect(failures[2]?.message).toMatch(/without contacting EnKash/);
    // The guard answered the third call itself: two requests, and the account is not locked.
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 2, rejected: 2 });
    expect(sandbox.isLocked('payouts', sandbox.users.payouts.username)).toBe(false);
    expect(events.filter(([event]) => event === 'lockout')).toHaveLength(1);

    const { clientId, clientSecret } = sandbox.users.payouts;
    const basicValue = btoa(`${clientId}:${clientSecret}`);
    const texts = [
      ...failures.flatMap((failure) => [failure?.message, failure?.stack, failure?.json]),
      ...events.map(([, payload]) => payload),
    ].join('\n');
    for (const secret of [wrongPassword, clientSecret, basicValue]) {
      expect(texts).not.toContain(secret);
    }

    // The same built code in Node gives the same errors: the browser is not a special case.
    sandbox.reset();
    const inNode = await nodeFailures(userOptions({ password: wrongPassword }), 3);
    expect(failures.map(comparable)).toEqual(inNode.map(comparable));
  });

  it('derives the store key through WebCrypto, equal to Node', async () => {
    const identity = {
      product: 'payouts',
      baseUrl: 'https://ekpayout-uat.enkash.in',
      clientId: 'enkash-client',
      username: 'ops+browser@example.com',
    };
    const inBrowser = await page.evaluate(deriveStoreKeyInPage, identity);
    const core = await importDist();
    expect(inBrowser).toMatch(/^enkash:payouts:[0-9a-f]{64}$/);
    expect(inBrowser).toBe(await core.deriveStoreKey(identity));
    const other = await page.evaluate(deriveStoreKeyInPage, { ...identity, username: 'x' });
    expect(other).not.toBe(inBrowser);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The built core, imported in Node: the same files the page loaded. */
async function importDist(): Promise<typeof import('../index.js')> {
  return (await import(pathToFileURL(DIST_ENTRY).href)) as typeof import('../index.js');
}

/** Runs the page's failure step in Node with the built core. */
async function nodeFailures(options: PageAuthOptions, attempts: number) {
  const core = await importDist();
  const auth = core.createAuth(
    {
      product: 'payouts',
      version: '0.0.0-browser',
      sendsClientId: true,
      responses: [core.camelCaseShape],
    },
    options,
  );
  const failures: Array<Record<string, unknown> | null> = [];
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    failures.push(
      await auth.getToken().then(
        () => null,
        (error: Record<string, unknown>) => error,
      ),
    );
  }
  return failures;
}

/** The fields that must match between runtimes (the stack differs by nature). */
function comparable(failure: PageErrorReport | Record<string, unknown> | null) {
  if (failure === null) return null;
  const { name, code, status, product, message } = failure;
  return { name, code, status, product, message };
}
