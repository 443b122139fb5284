import { parseAttemptRecord, serializeAttemptRecord } from '../src/lifecycle/attempt-record.js';
import type { TokenStore } from '../src/store/token-store.js';

/** The refusals a store's attempt record of an account holds (0 when absent or unreadable). */
export async function storedRefusals(store: TokenStore, accountKey: string): Promise<number> {
  const record = parseAttemptRecord(await store.get(`${accountKey}:attempts`));
  return record === undefined || record === 'corrupt' ? 0 : record.refused.length;
}

/** Records a refusal in a store's attempt record, as another process of the fleet would. */
export async function addStoredRefusal(store: TokenStore, accountKey: string): Promise<void> {
  const key = `${accountKey}:attempts`;
  for (;;) {
    const raw = await store.get(key);
    const parsed = parseAttemptRecord(raw);
    const record =
      parsed === undefined || parsed === 'corrupt'
        ? { epoch: 0, refused: [], pending: [], writes: 0 }
        : parsed;
    const writes = record.writes + 1;
    const next = serializeAttemptRecord({
      ...record,
      refused: [...record.refused, { id: globalThis.crypto.randomUUID(), at: writes }],
      writes,
    });
    if (await store.compareAndSet(key, raw, next)) return;
  }
}
