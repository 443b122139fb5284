// Steps that run INSIDE the browser page through `page.evaluate`. Playwright
// sends each function's source text, so every step is self-contained: it
// reaches the core only through the page's `enkashCore` global (the built
// dist, imported by the page's module script) and imports nothing at run time.
import type { AccessToken } from '../src/access-token.js';
import type { EnkashAuth } from '../src/enkash-auth.js';
import type * as AuthCore from '../src/index.js';
import type { AuthOptions } from '../src/options/auth-options.js';
import type { StoreKeyIdentity } from '../src/store/store-key.js';

/** What the page's module script exposes: the symbols it imported from `/auth-core/index.js`. */
export type PageCore = Pick<
  typeof AuthCore,
  | 'camelCaseShape'
  | 'createAuth'
  | 'decryptPayload'
  | 'deriveStoreKey'
  | 'encryptPayload'
  | 'EnkashAuthError'
  | 'isEnkashAuthError'
>;

/** The page's globals the steps share. */
interface PageGlobals {
  enkashCore: PageCore;
  enkashAuths?: Record<string, { auth: EnkashAuth; events: Array<[string, string]> }>;
}

/** Options for an auth created in the page: the sandbox product's base URL and user (strings: they cross into the page as JSON). */
export type PageAuthOptions = Pick<AuthOptions, 'baseUrl' | 'clientId' | 'username'> & {
  clientSecret: string;
  password: string;
};

/** What a page-side failure looked like, in JSON-safe form. */
export interface PageErrorReport {
  name: string;
  code: unknown;
  status: unknown;
  product: unknown;
  message: string;
  stack: string;
  json: string;
  isEnkashAuthError: boolean;
  isInstance: boolean;
  isError: boolean;
}

/** The page's runtime, to show the steps ran in a browser and not in Node. */
export interface PageRuntime {
  userAgent: string;
  secureContext: boolean;
  hasSubtleCrypto: boolean;
  processType: string;
  bufferType: string;
  requireType: string;
}

/** Reports the page's runtime globals. */
export async function describePageRuntime(): Promise<PageRuntime> {
  const page = globalThis as unknown as Record<string, unknown> & { navigator: Navigator };
  return {
    userAgent: page.navigator.userAgent,
    secureContext: page.isSecureContext === true,
    hasSubtleCrypto: typeof globalThis.crypto?.subtle?.digest === 'function',
    processType: typeof page.process,
    bufferType: typeof page.Buffer,
    requireType: typeof page.require,
  };
}

/**
 * Creates a named auth in the page with a payouts-like product (camelCase
 * body, `clientId` in the form) and records its events by name and JSON payload.
 */
export async function createPageAuth(input: {
  name: string;
  options: PageAuthOptions;
}): Promise<void> {
  const page = globalThis as unknown as PageGlobals;
  const core = page.enkashCore;
  const auth = core.createAuth(
    {
      product: 'payouts',
      version: '0.0.0-browser',
      sendsClientId: true,
      responses: [core.camelCaseShape],
    },
    input.options,
  );
  const events: Array<[string, string]> = [];
  for (const event of ['token', 'refresh-error', 'lockout', 'store-error'] as const) {
    auth.on(event, (payload) => events.push([event, JSON.stringify(payload)]));
  }
  page.enkashAuths = { ...page.enkashAuths, [input.name]: { auth, events } };
}

/**
 * Calls `getToken()` on a named auth: `rounds` times one after another, each
 * round `callers` concurrent calls. `invalidateFirst` drops the cached token
 * so the first round has to ask the server.
 */
export async function getTokensInPage(input: {
  name: string;
  rounds: number;
  callers: number;
  invalidateFirst: boolean;
}): Promise<AccessToken[][]> {
  const entry = (globalThis as unknown as PageGlobals).enkashAuths?.[input.name];
  if (entry === undefined) throw new Error(`no auth named ${input.name} in the page`);
  if (input.invalidateFirst) await entry.auth.invalidate();
  const rounds: AccessToken[][] = [];
  for (let round = 0; round < input.rounds; round += 1) {
    rounds.push(
      await Promise.all(Array.from({ length: input.callers }, () => entry.auth.getToken())),
    );
  }
  return rounds;
}

/** Calls the sandbox's protected ping through the named auth's `fetch` and its ky `client`. */
export async function pingInPage(input: { name: string }): Promise<{
  fetchStatus: number;
  fetchBody: unknown;
  clientBody: unknown;
}> {
  const entry = (globalThis as unknown as PageGlobals).enkashAuths?.[input.name];
  if (entry === undefined) throw new Error(`no auth named ${input.name} in the page`);
  const response = await entry.auth.fetch('api/ping');
  const fetchBody: unknown = await response.json();
  const clientBody: unknown = await entry.auth.client.get('api/ping').json();
  return { fetchStatus: response.status, fetchBody, clientBody };
}

/**
 * Calls `getToken()` on the named auth `attempts` times in a row and reports
 * every failure; a call that succeeds is reported as `null`.
 */
export async function failuresInPage(input: {
  name: string;
  attempts: number;
}): Promise<{ failures: Array<PageErrorReport | null>; events: Array<[string, string]> }> {
  const page = globalThis as unknown as PageGlobals;
  const entry = page.enkashAuths?.[input.name];
  if (entry === undefined) throw new Error(`no auth named ${input.name} in the page`);
  const failures: Array<PageErrorReport | null> = [];
  for (let attempt = 0; attempt < input.attempts; attempt += 1) {
    try {
      await entry.auth.getToken();
      failures.push(null);
    } catch (error) {
      const fields = error as Record<string, unknown>;
      failures.push({
        name: String(fields.name),
        code: fields.code,
        status: fields.status,
        product: fields.product,
        message: String(fields.message),
        stack: String(fields.stack),
        json: JSON.stringify(error),
        isEnkashAuthError: page.enkashCore.isEnkashAuthError(error),
        isInstance: page.enkashCore.EnkashAuthError.isInstance(error),
        isError: error instanceof Error,
      });
    }
  }
  return { failures, events: [...entry.events] };
}

/**
 * An encrypted round trip in the page, through the browser's WebCrypto: the
 * standalone functions, then `client.post` to the sandbox's encrypted echo
 * with an encrypting payouts-like product, and a wrong key's `PAYLOAD`.
 */
export async function encryptedRoundTripInPage(input: {
  options: PageAuthOptions;
  payload: unknown;
}): Promise<{ ciphertext: string; decrypted: unknown; echoed: unknown; wrongKey: string }> {
  const core = (globalThis as unknown as PageGlobals).enkashCore;
  const secret = input.options.clientSecret;
  const ciphertext = await core.encryptPayload(input.payload, secret);
  const decrypted = await core.decryptPayload(ciphertext, secret);
  const auth = core.createAuth(
    {
      product: 'payouts',
      version: '0.0.0-browser',
      encryptsPayloads: true,
      responses: [core.camelCaseShape],
    },
    input.options,
  );
  const echoed: unknown = await auth.client.post('api/echo', { json: input.payload }).json();
  const wrongKey = await core.decryptPayload(ciphertext, `${secret}-wrong`).then(
    () => 'decrypted',
    (error: { code?: unknown; message?: unknown }) =>
      `${String(error.code)}: ${String(error.message)}`,
  );
  return { ciphertext, decrypted, echoed, wrongKey };
}

/** Derives a store key in the page, through the browser's WebCrypto. */
export async function deriveStoreKeyInPage(identity: StoreKeyIdentity): Promise<string> {
  return (globalThis as unknown as PageGlobals).enkashCore.deriveStoreKey(identity);
}
