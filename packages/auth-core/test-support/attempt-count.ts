import { attemptRecordOrEmpty, serializeAttemptRecord } from '../src/lifecycle/attempt-record.js';
import type { TokenStore } from '../src/store/token-store.js';

/** The refusals a store's attempt record of an account holds (0 when absent or unreadable). */
export async function storedRefusals(store: TokenStore, accountKey: string): Promise<number> {
  return attemptRecordOrEmpty(await store.get(`${accountKey}:attempts`)).refused.length;
}

/** Records a refusal in a store's attempt record, as another process of the fleet would. */
export async function addStoredRefusal(store: TokenStore, accountKey: string): Promise<void> {
  const key = `${accountKey}:attempts`;
  for (;;) {
    const raw = await store.get(key);
    const record = attemptRecordOrEmpty(raw);
    const writes = record.writes + 1;
    const next = serializeAttemptRecord({
      ...record,
      refused: [...record.refused, { id: globalThis.crypto.randomUUID(), at: writes }],
      writes,
    });
    if (await store.compareAndSet(key, raw, next)) return;
  }
}
