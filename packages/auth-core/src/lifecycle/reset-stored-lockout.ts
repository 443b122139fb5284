import { deriveStoreKey, type StoreKeyIdentity } from '../store/store-key.js';
import type { TokenStore } from '../store/token-store.js';
import { attemptRecordOrEmpty, serializeAttemptRecord } from './attempt-record.js';

/** A record that keeps changing under us this often is not one to reset blindly. */
const MOST_WRITE_TRIES = 20;

/**
 * Clears the lockout count one account's attempt record holds in a store, as
 * `resetLockout()` does from a process of the fleet: for an operator's tool
 * (`npx @enkash/auth-redis reset-lockout`) once the credentials are fixed.
 * Every process of the fleet takes the reset at its next token request; the
 * announced refusal goes too. Resolves whether the record was written (it
 * also is when the store held none); rejects with what the store threw.
 *
 * @example
 * ```ts
 * await resetStoredLockout(store, { product: 'payouts', baseUrl, clientId, username });
 * ```
 */
export async function resetStoredLockout(
  store: TokenStore,
  identity: StoreKeyIdentity,
): Promise<boolean> {
  const account = await deriveStoreKey(identity);
  const key = `${account}:attempts`;
  for (let tries = 0; tries < MOST_WRITE_TRIES; tries += 1) {
    const raw = await store.get(key);
    const record = attemptRecordOrEmpty(raw);
    const next = {
      epoch: record.epoch + 1,
      refused: [],
      pending: record.pending,
      writes: record.writes + 1,
    };
    if (await store.compareAndSet(key, raw, serializeAttemptRecord(next))) {
      await store.delete(`${account}:rejection`);
      return true;
    }
  }
  return false;
}
