import { createFollowingCipher, type KeySource } from '../api/following-cipher.js';
import { createPayloadCipher, type PayloadCipher } from '../api/payload-cipher.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { headerMapEntries, type ProductDefinition } from '../product/product-definition.js';

/** Options of the API calls made through `client` and `fetch`; every product takes them. */
export interface PayloadEncryptionOptions {
  /**
   * Encrypt JSON request bodies into `{"request": "<ciphertext>"}` and decrypt
   * such responses (AES-128-ECB, see {@link encryptPayload}). Default: on for
   * payouts, cards and rewards, off for bbps and expense.
   */
  encryption?: boolean | undefined;
  /**
   * The secret the payload key is derived from. Default: `clientSecret`;
   * when that is a provider, the value it yielded for the latest token
   * request (before the first one, the provider is read without sending
   * anything).
   */
  encryptionKey?: string | undefined;
  /**
   * The deadline, in milliseconds, for what the SDK reads of one API answer
   * through `client` and `fetch`: its headers, and the body it opens when it
   * looks for an envelope. Past it the call fails with `TIMEOUT`. `client`'s
   * own (ky) timeout follows it. Default 30 000.
   */
  apiTimeoutMs?: number | undefined;
  /**
   * The most the SDK reads of one API answer, in bytes once decoded: an
   * encrypting product's JSON object answer larger than this fails with
   * `PAYLOAD` (a non-2xx one is handed on as it is), and the SDK stops
   * reading. Default 16 777 216 (16 MiB).
   */
  maxResponseBytes?: number | undefined;
}

/** What the bearer client needs besides the token: its cipher, headers, bounds and the key to redact. */
export interface ApiSettings {
  /** `apiTimeoutMs`, checked. */
  timeoutMs: number;
  /** `maxResponseBytes`, checked. */
  maxResponseBytes: number;
  /** Present when payloads are encrypted. */
  cipher: PayloadCipher | undefined;
  /** Headers of every API call, from the definition's `apiOptionHeaders`. */
  headers: Readonly<Record<string, string>>;
  /**
   * The encryption key, a secret to redact like the others; `undefined` when
   * it follows a `clientSecret` provider (each request's secrets are redacted already).
   */
  encryptionKey: string | undefined;
}

// Timers take at most a signed 32-bit number of milliseconds.
const LONGEST_TIMER = 2_147_483_647;

/**
 * Checks the API-call options (`encryption`, `encryptionKey`,
 * `apiTimeoutMs`, `maxResponseBytes` and the definition's
 * `apiOptionHeaders`, such as cards' `partnerId`) and applies the product's
 * defaults. Throws `CONFIG`; a message never repeats a value.
 */
export function resolveApiOptions(
  definition: ProductDefinition,
  options: Record<string, unknown>,
  product: string,
  clientSecret: KeySource,
): ApiSettings {
  const fail = (name: string, expected: string) =>
    new EnkashAuthError(`${product}: option "${name}" must be ${expected}.`, {
      code: 'CONFIG',
      product,
    });
  const {
    encryption = definition.encryptsPayloads === true,
    encryptionKey = options.clientSecret,
    apiTimeoutMs = 30_000,
    maxResponseBytes = 16_777_216,
  } = options;
  if (typeof encryption !== 'boolean') throw fail('encryption', 'a boolean');
  const bounds = { apiTimeoutMs, maxResponseBytes };
  for (const name of ['apiTimeoutMs', 'maxResponseBytes'] as const) {
    const value = bounds[name];
    if (
      !Number.isSafeInteger(value) ||
      (value as number) < 1 ||
      (value as number) > LONGEST_TIMER
    ) {
      throw fail(name, `an integer from 1 to ${LONGEST_TIMER}`);
    }
  }
  // Defaulted to a clientSecret provider (checked with the other options): the key follows it.
  const following = options.encryptionKey === undefined && typeof encryptionKey === 'function';
  if (!following && (typeof encryptionKey !== 'string' || encryptionKey.trim() === '')) {
    throw fail('encryptionKey', 'a non-empty string');
  }
  const headers: Record<string, string> = {};
  for (const [name, header] of headerMapEntries(definition.apiOptionHeaders)) {
    const value = options[name];
    if (value === undefined) continue;
    // A CR or LF would let the value smuggle in headers of its own.
    if (typeof value !== 'string' || value.trim() === '' || /\p{Cc}/u.test(value)) {
      throw fail(name, 'a non-empty string without control characters');
    }
    headers[header] = value;
  }
  const settings = {
    timeoutMs: apiTimeoutMs as number,
    maxResponseBytes: maxResponseBytes as number,
    headers,
  };
  if (typeof encryptionKey !== 'string') {
    return {
      ...settings,
      cipher: encryption ? createFollowingCipher(clientSecret, product) : undefined,
      encryptionKey: undefined,
    };
  }
  return {
    ...settings,
    cipher: encryption ? createPayloadCipher(encryptionKey, product) : undefined,
    encryptionKey,
  };
}
