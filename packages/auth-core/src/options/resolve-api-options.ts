import { createFollowingCipher } from '../api/following-cipher.js';
import { createPayloadCipher } from '../api/payload-cipher.js';
import type { PayloadKeySource } from '../credentials/credentials.js';
import { headerMapEntries, type ProductDefinition } from '../product/product-definition.js';
import { optionError } from './config-error.js';
import { checkApiHeaderValue } from './resolve-headers.js';
import type { ApiSettings } from './resolved-options.js';

// Timers take at most a signed 32-bit number of milliseconds.
const LONGEST_TIMER = 2_147_483_647;

/**
 * Checks the API-call options (`encryption`, `apiTimeoutMs`,
 * `maxResponseBytes`, `encryptionKey` and the definition's
 * `apiOptionHeaders`, such as cards' `partnerId`) and applies the product's
 * defaults. The payload key is `encryptionKey`, else the client secret:
 * fixed when it is a string, following `clientSecret`'s reads when it comes
 * from a provider. Throws `CONFIG`; a message never repeats a value.
 */
export function resolveApiOptions(
  definition: ProductDefinition,
  options: Record<string, unknown>,
  product: string,
  clientSecret: PayloadKeySource,
): ApiSettings {
  // Defaults apply to what is left out (`undefined`), as destructuring defaults would.
  const encryption =
    options.encryption === undefined ? definition.encryptsPayloads === true : options.encryption;
  if (typeof encryption !== 'boolean')
    throw optionError(product, 'encryption', 'must be a boolean');
  const timeoutMs = resolveBound(product, 'apiTimeoutMs', options.apiTimeoutMs, 30_000);
  const maxResponseBytes = resolveBound(
    product,
    'maxResponseBytes',
    options.maxResponseBytes,
    16_777_216,
  );
  // The payload key's secret when it is fixed: `encryptionKey`, else a client secret given as a
  // string; `undefined` when it follows a `clientSecret` provider.
  const given = options.encryptionKey;
  const encryptionKey = given === undefined ? clientSecret.fixed : given;
  if (
    encryptionKey !== undefined &&
    (typeof encryptionKey !== 'string' || encryptionKey.trim() === '')
  ) {
    throw optionError(product, 'encryptionKey', 'must be a non-empty string');
  }
  const headers: Record<string, string> = {};
  for (const [name, header] of headerMapEntries(definition.apiOptionHeaders)) {
    const value = options[name];
    if (value !== undefined) headers[header] = checkApiHeaderValue(product, name, value);
  }
  const cipher = !encryption
    ? undefined
    : encryptionKey === undefined
      ? createFollowingCipher(clientSecret, product)
      : createPayloadCipher(encryptionKey, product);
  return { timeoutMs, maxResponseBytes, cipher, headers, encryptionKey };
}

/** A bound of the API calls: an integer from 1 to the longest timer, `fallback` when left out. */
function resolveBound(product: string, name: string, given: unknown, fallback: number): number {
  const value = given === undefined ? fallback : given;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > LONGEST_TIMER) {
    throw optionError(product, name, `must be an integer from 1 to ${LONGEST_TIMER}`);
  }
  return value as number;
}
