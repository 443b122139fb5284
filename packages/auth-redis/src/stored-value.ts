import type { StoredValueCodec } from '@enkash/auth-core';

/**
 * Marks a value written by `compareAndSet`: kept in clear, so a script can
 * compare it, and told apart from a token value (sealed, or JSON).
 */
export const RECORD_PREFIX = 'enkash-record:';

/**
 * What `get` answers for the string Redis holds under `key`: a record as it
 * was written, a token value as the codec opens it (a miss when it does not),
 * `undefined` for no value.
 */
export async function revealStoredValue(
  stored: string | null,
  key: string,
  codec: StoredValueCodec,
): Promise<string | undefined> {
  if (stored === null) {
    return undefined;
  }
  if (stored.startsWith(RECORD_PREFIX)) {
    return stored.slice(RECORD_PREFIX.length);
  }
  return codec.decode(stored, key);
}
