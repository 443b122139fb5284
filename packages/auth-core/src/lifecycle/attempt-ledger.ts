import type { AttemptRecord, PendingAttempt } from './attempt-record.js';

/** An attempt of this process under way. */
export interface OwnAttempt {
  id: string;
  /** The record's `writes` that reserved it; absent when no store recorded it. */
  at?: number;
  /** When it lapses, in epoch milliseconds. */
  until: number;
}

/** An outcome the store has not recorded yet (a refusal is kept in `refused` instead). */
export type Settlement =
  | { kind: 'success'; id: string; at: number | undefined }
  | { kind: 'given back'; id: string };

/** What {@link AttemptLedger.reconcile} makes of a stored record. */
export interface Reconciled {
  /** The base for the next write. */
  record: AttemptRecord;
  /** The settlements it applied, recorded once the write succeeds. */
  applied: readonly Settlement[];
}

/**
 * What one process knows of an account's attempts: the refusals since the
 * last success it knows of (each marked once a store record held it), its
 * own attempts under way, the outcomes a store has yet to record, and the
 * record epoch it last saw. Without a store it is the whole count; with one,
 * the process never counts below it.
 */
export interface AttemptLedger {
  epoch: number;
  /** Refused attempt ids; `true` once a store record held the refusal. */
  readonly refused: Map<string, boolean>;
  /** This process's attempts under way. */
  readonly pending: Map<string, OwnAttempt>;
  /** Successes and given-back attempts the store has not recorded yet, oldest first. */
  readonly unsynced: Settlement[];
  /**
   * The base for the next write: the stored record (absent or corrupt:
   * `undefined`) with what only this process knows written back (its
   * refusals and its settlements, a success clearing the refusals recorded
   * before its reservation), a lapsed reservation taken for a refusal (its
   * process never said how it ended), and the ledger taught what the record
   * tells: a newer epoch (a success came after the refusals it synced, which
   * it drops) and the refusals of other processes.
   */
  reconcile(stored: AttemptRecord | undefined, now: number): Reconciled;
  /** Takes a record just written as what the process knows; `applied` are now recorded. */
  adopt(record: AttemptRecord, applied: readonly Settlement[]): void;
  /** Whether the store holds everything this process knows. */
  readonly synced: boolean;
}

/** Creates an empty ledger. */
export function createAttemptLedger(): AttemptLedger {
  const ledger: AttemptLedger = {
    epoch: 0,
    refused: new Map(),
    pending: new Map(),
    unsynced: [],
    reconcile(stored, now) {
      const writes = stored?.writes ?? 0;
      if (stored !== undefined && stored.epoch > ledger.epoch) {
        ledger.epoch = stored.epoch;
        for (const [id, synced] of ledger.refused) {
          if (synced) ledger.refused.delete(id);
        }
      }
      let epoch = Math.max(stored?.epoch ?? 0, ledger.epoch);
      let refused = [...(stored?.refused ?? [])];
      const pending: PendingAttempt[] = [];
      for (const attempt of stored?.pending ?? []) {
        if (ledger.refused.has(attempt.id)) continue;
        // Its process never said how it ended: it may have been refused.
        if (attempt.until <= now) refused.push({ id: attempt.id, at: attempt.at });
        else pending.push(attempt);
      }
      const known = new Set(refused.map((refusal) => refusal.id));
      for (const [id, synced] of ledger.refused) {
        // One a record held before (lost since, by a flush) came before anything in this one;
        // one never written may have come after an attempt under way.
        if (!known.has(id)) refused.push({ id, at: synced ? 0 : writes + 1 });
      }
      for (const id of known) ledger.refused.set(id, true);
      const applied = [...ledger.unsynced];
      let remaining = pending;
      for (const settlement of applied) {
        remaining = remaining.filter((attempt) => attempt.id !== settlement.id);
        if (settlement.kind === 'given back') {
          refused = refused.filter((refusal) => refusal.id !== settlement.id);
          continue;
        }
        // Refusals recorded while it was under way may have reached EnKash after it: they stay.
        const { at } = settlement;
        refused = refused.filter((refusal) => at === undefined || refusal.at > at);
        epoch += 1;
      }
      return { record: { epoch, refused, pending: remaining, writes }, applied };
    },
    adopt(record, applied) {
      ledger.epoch = record.epoch;
      const recorded = new Set(record.refused.map((refusal) => refusal.id));
      for (const [id, synced] of ledger.refused) {
        // A refusal counted while the write was under way is still this process's to write.
        if (synced || recorded.has(id)) ledger.refused.delete(id);
      }
      for (const id of recorded) ledger.refused.set(id, true);
      ledger.unsynced.splice(0, applied.length);
    },
    get synced() {
      return ledger.unsynced.length === 0 && [...ledger.refused.values()].every(Boolean);
    },
  };
  return ledger;
}
