import type { AttemptRecord } from './attempt-record.js';

/** An attempt of this process under way. */
export interface OwnAttempt {
  id: string;
  /** The record's `writes` that reserved it; absent when no store recorded it. */
  at?: number;
  /** When it lapses, in epoch milliseconds. */
  until: number;
}

/**
 * What one process knows of an account's attempts: the refusals since the
 * last success it knows of (each marked once a store record held it), its
 * own attempts under way, and the record epoch it last saw. Without a store
 * it is the whole count; with one, it is never counted below.
 */
export interface AttemptLedger {
  epoch: number;
  /** Refused attempt ids; `true` once a store record held the refusal. */
  readonly refused: Map<string, boolean>;
  /** This process's attempts under way. */
  readonly pending: Map<string, OwnAttempt>;
  /** The shared store failed the guard's last operation. */
  storeDown: boolean;
  /**
   * The base for the next write: the stored record (absent or corrupt:
   * `undefined`) with the refusals only this process knows written back,
   * lapsed reservations dropped. Learns what the record tells: a newer
   * epoch (a success came after the refusals it synced, which it drops)
   * and the refusals of other processes.
   */
  reconcile(stored: AttemptRecord | undefined, now: number): AttemptRecord;
  /** Takes a record just written as what the process knows. */
  adopt(record: AttemptRecord): void;
}

/** Creates an empty ledger. */
export function createAttemptLedger(): AttemptLedger {
  const ledger: AttemptLedger = {
    epoch: 0,
    refused: new Map(),
    pending: new Map(),
    storeDown: false,
    reconcile(stored, now) {
      const writes = stored?.writes ?? 0;
      if (stored !== undefined && stored.epoch > ledger.epoch) {
        ledger.epoch = stored.epoch;
        for (const [id, synced] of ledger.refused) {
          if (synced) ledger.refused.delete(id);
        }
      }
      const refused = [...(stored?.refused ?? [])];
      const known = new Set(refused.map((refusal) => refusal.id));
      for (const [id] of ledger.refused) {
        if (!known.has(id)) refused.push({ id, at: writes + 1 });
      }
      for (const id of known) ledger.refused.set(id, true);
      ledger.storeDown = false;
      return {
        // A record older than what this process saw was rewritten by a stale one: keep ours.
        epoch: Math.max(stored?.epoch ?? 0, ledger.epoch),
        refused,
        pending: (stored?.pending ?? []).filter((pending) => pending.until > now),
        writes,
      };
    },
    adopt(record) {
      ledger.epoch = record.epoch;
      ledger.refused.clear();
      for (const refusal of record.refused) ledger.refused.set(refusal.id, true);
    },
  };
  return ledger;
}
