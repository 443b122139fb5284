import type { Emit } from '../events.js';
import { sleep } from '../util/sleep.js';
import type { Account } from './account.js';
import type { PendingAttempt } from './attempt-record.js';
import {
  type AttemptRecordStore,
  syncAttemptRecordLater,
  updateAttemptRecord,
} from './attempt-record-store.js';
import {
  lockoutGuardError,
  resetUnrecordedError,
  storeUnavailableError,
} from './lockout-errors.js';

/** What the guard needs from its auth. */
export interface LockoutGuardSettings extends AttemptRecordStore {
  product: string;
  maxConsecutiveFailures: number;
  /** What to do when a token request is needed while a shared store is unreachable. */
  storeOutage: 'proceed' | 'refuse';
  /** How long a reservation counts before it lapses: longer than any attempt can take. */
  reservationTtlMs: number;
  /** The account whose attempts this process counts. */
  account: () => Account;
  emit: Emit;
}

/** One attempt the guard let through; exactly one of its methods settles it. */
export interface AttemptReservation {
  /** A token arrived: the count starts again from zero. */
  succeeded(): Promise<void>;
  /** The attempt never counted (network error, timeout, 408, 429, 5xx): the reservation is given back. */
  giveBack(): Promise<void>;
  /** The attempt failed and stays counted; resolves the count, and emits `lockout` when it reaches the threshold. */
  keepCounted(): Promise<number>;
}

/** The attempt count of one account and its threshold. */
export interface LockoutGuard {
  /**
   * Counts the next attempt before it is sent and resolves its reservation,
   * or throws `LOCKOUT_GUARD` when the account's refusals reached
   * `maxConsecutiveFailures`, or `STORE_UNAVAILABLE` when a shared store
   * cannot tell the fleet's count and sending could lock the account.
   */
  reserve(): Promise<AttemptReservation>;
  /** Clears the count on the caller's request; `STORE_UNAVAILABLE` when a shared store cannot record it. */
  reset(): Promise<void>;
}

const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 500;

/**
 * EnKash locks an account after 3 consecutive failed logins. The guard
 * counts every attempt before it is sent and keeps it counted unless a token
 * or a transient failure comes back.
 *
 * In a process the count lives in the account's attempt ledger. A
 * store keeps the fleet's attempt record, changed only by
 * compare-and-set from the value read, so a change that timed out and is
 * applied late changes nothing once anything else wrote. Each attempt has a
 * random id: a refusal written twice counts once. The process never counts
 * below what it knows itself: a record the store lost, or that a stale
 * process rewrote, gets the process's refusals written back, and a corrupt
 * one is replaced. While a shared store is down, a process sends only when
 * it knows of no refusal (and, with `storeOutage: 'refuse'`, not at all).
 */
export function createLockoutGuard(settings: LockoutGuardSettings): LockoutGuard {
  const { product, maxConsecutiveFailures, clock, store } = settings;

  async function reserve(): Promise<AttemptReservation> {
    const account = settings.account();
    const { ledger } = account;
    const id = globalThis.crypto.randomUUID();
    const until = clock.now() + settings.reservationTtlMs;
    if (store === undefined) {
      if (ledger.refused.size >= maxConsecutiveFailures) {
        throw refused(settings, ledger.refused.size);
      }
      ledger.pending.set(id, { id, until });
      return reservation(settings, account, id);
    }
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      let busy = false;
      let reserved: PendingAttempt | undefined;
      const written = await updateAttemptRecord(settings, account, (base) => {
        if (base.refused.length >= maxConsecutiveFailures) return 'refuse';
        if (base.refused.length + base.pending.length + 1 > maxConsecutiveFailures) {
          // Another attempt under way may be refused: wait for it rather than risk the last one.
          busy = true;
          return 'refuse';
        }
        reserved = { id, at: base.writes + 1, until };
        return { ...base, pending: [...base.pending, reserved] };
      });
      if (written === true && reserved !== undefined) {
        ledger.pending.set(id, reserved);
        return reservation(settings, account, id);
      }
      if (written === 'refused' && !busy) throw refused(settings, ledger.refused.size);
      if (written === false) {
        // The store may still apply the reservation later: give it back (the write that does so
        // also stops it from landing), and go on, if at all, under another id.
        ledger.unsynced.push({ kind: 'given back', id });
        syncAttemptRecordLater(settings, account);
        return reserveAlone(settings, account, globalThis.crypto.randomUUID(), until);
      }
      await sleep(pause, { keepAlive: account.keepAlive });
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  return {
    reserve,
    async reset() {
      const account = settings.account();
      if (store !== undefined) {
        const recorded = await updateAttemptRecord(settings, account, (base) => ({
          ...base,
          epoch: base.epoch + 1,
          refused: [],
        }));
        if (recorded !== true && store?.shared === true) throw resetUnrecordedError(product);
      }
      account.ledger.refused.clear();
    },
  };
}

/** The tripped guard's refusal of one token request, heard as `guard-refused`. */
function refused(settings: LockoutGuardSettings, failures: number): Error {
  const { product, maxConsecutiveFailures } = settings;
  settings.emit('guard-refused', { product, failures, maxConsecutiveFailures });
  return lockoutGuardError(product, failures);
}

/** The store cannot tell the fleet's count: this process decides on what it knows. */
function reserveAlone(
  settings: LockoutGuardSettings,
  account: Account,
  id: string,
  until: number,
): AttemptReservation {
  const { ledger } = account;
  if (settings.store?.shared === true) {
    if (settings.storeOutage === 'refuse' || ledger.refused.size > 0 || ledger.pending.size > 0) {
      throw storeUnavailableError(settings.product, settings.storeOutage, ledger.refused.size);
    }
  } else if (ledger.refused.size >= settings.maxConsecutiveFailures) {
    throw refused(settings, ledger.refused.size);
  }
  ledger.pending.set(id, { id, until });
  return reservation(settings, account, id);
}

/** The reservation of attempt `id`: exactly one of its methods settles it. */
function reservation(
  settings: LockoutGuardSettings,
  account: Account,
  id: string,
): AttemptReservation {
  const { store } = settings;
  const { ledger } = account;
  return {
    async succeeded() {
      const own = ledger.pending.get(id);
      ledger.pending.delete(id);
      // This process's attempts run one at a time: every refusal it knows of came before.
      ledger.refused.clear();
      if (store !== undefined) {
        ledger.unsynced.push({ kind: 'success', id, at: own?.at });
        await updateAttemptRecord(settings, account);
      }
    },
    async giveBack() {
      ledger.pending.delete(id);
      if (store !== undefined) {
        ledger.unsynced.push({ kind: 'given back', id });
        await updateAttemptRecord(settings, account);
      }
    },
    async keepCounted() {
      ledger.pending.delete(id);
      // Unsynced until a write holds it: a store that missed it gets it written back.
      ledger.refused.set(id, false);
      if (store !== undefined) await updateAttemptRecord(settings, account);
      const failures = ledger.refused.size;
      const { product, maxConsecutiveFailures } = settings;
      if (failures >= maxConsecutiveFailures) {
        settings.emit('lockout', { product, failures, maxConsecutiveFailures });
      }
      return failures;
    },
  };
}
