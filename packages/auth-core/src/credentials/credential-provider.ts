import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { KeepAlive } from '../util/keep-alive.js';
import type { TokenCredentials } from './token-wire-request.js';

/**
 * A function that yields a credential's current value, for credentials kept
 * in a vault and rotated without a restart. It is called each time a token
 * request is about to be made (never for a cached token), and once more after
 * a refusal to see whether the value changed. It may be async.
 *
 * @example
 * ```ts
 * const auth = createPayoutsAuth({
 *   ...credentials,
 *   password: async () => (await vault.read('enkash/payouts')).password,
 * });
 * ```
 */
export type CredentialProvider = () => string | Promise<string>;

/** A credential option: the value itself, or a {@link CredentialProvider} that yields it. */
export type Credential = string | CredentialProvider;

/** Which option a credential came from, for the `CONFIG` message. */
export type CredentialName = 'password' | 'clientSecret';

/** The {@link TokenCredentials} as configured: `password` and `clientSecret` may be providers. */
export interface CredentialSources extends Omit<TokenCredentials, 'clientSecret' | 'password'> {
  clientSecret: Credential;
  password: Credential;
}

/** What {@link readCredential} needs besides the source and the keep-alive. */
export interface ProviderSettings {
  product: string;
  /** How long a provider may take. */
  timeoutMs: number;
}

/**
 * Whether a credential option is a provider rather than the value itself:
 * the one place the question is answered.
 */
export function isProvider(value: unknown): value is CredentialProvider {
  return typeof value === 'function';
}

/**
 * The credentials of one token request: each provider called once (both at
 * the same time), the strings as they are.
 */
export async function readCredentials(
  sources: CredentialSources,
  settings: ProviderSettings,
  keepAlive: KeepAlive,
): Promise<TokenCredentials> {
  const [clientSecret, password] = await Promise.all([
    readCredential(sources.clientSecret, 'clientSecret', settings, keepAlive),
    readCredential(sources.password, 'password', settings, keepAlive),
  ]);
  return { ...sources, clientSecret, password };
}

/**
 * The value of a credential option for one token request: the string itself,
 * or what its provider yields. A provider that throws, rejects, or yields
 * anything but a non-empty string is `CONFIG`, naming the option and the
 * provider's error name when it is a standard one, never its message (a vault client's message may
 * hold the secret, or the path to it). A provider that takes longer than
 * `timeoutMs` is `TIMEOUT`: the token request waits for it, and so would
 * every caller. `keepAlive` holds the deadline only while a caller waits.
 */
export async function readCredential(
  source: Credential,
  name: CredentialName,
  settings: ProviderSettings,
  keepAlive: KeepAlive,
): Promise<string> {
  if (!isProvider(source)) {
    return source;
  }
  const { product, timeoutMs } = settings;
  let value: unknown;
  let clearDeadline: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    clearDeadline = keepAlive.setTimer(() => {
      reject(
        new EnkashAuthError(
          `${product}: the "${name}" provider did not yield a value within ${timeoutMs} ms (timeoutMs); no token request was sent.`,
          { code: 'TIMEOUT', product },
        ),
      );
    }, timeoutMs);
  });
  try {
    value = await Promise.race([callProvider(source), deadline]);
  } catch (error) {
    if (EnkashAuthError.isInstance(error)) {
      throw error;
    }
    throw new EnkashAuthError(
      `${product}: the "${name}" provider failed (${errorName(error)}); no token request was sent. Its message is left out, as it may hold the secret.`,
      { code: 'CONFIG', product },
    );
  } finally {
    clearDeadline?.();
  }
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'an empty string' : describeType(value);
    throw new EnkashAuthError(
      `${product}: the "${name}" provider must yield a non-empty string; got ${got}. No token request was sent.`,
      { code: 'CONFIG', product },
    );
  }
  return value;
}

/** Calls the provider so that a synchronous throw rejects like an async one. */
async function callProvider(provider: CredentialProvider): Promise<unknown> {
  return provider();
}

// The names the language and the platform give their errors: a name outside these may be
// anything a vault client chose, the secret itself included.
const STANDARD_ERROR_NAME =
  /^(|Type|Range|Syntax|Reference|Eval|URI|Aggregate|Abort|Timeout|Network)Error$/;

/** A standard error name as it is; any other name (a name is not always harmless) left out. */
function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return `threw ${describeType(error)}`;
  let name: unknown;
  try {
    ({ name } = error as { name?: unknown });
  } catch {
    // A getter that throws names nothing.
  }
  return typeof name === 'string' && STANDARD_ERROR_NAME.test(name)
    ? name
    : 'an error of its own kind';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
