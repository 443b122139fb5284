import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { Emit } from '../events.js';
import type { StoreAccess } from '../store/store-access.js';
import { sleep } from '../util/sleep.js';
import type { Account } from './account.js';
import type { Reconciled, Settlement } from './attempt-ledger.js';
import {
  type AttemptRecord,
  type PendingAttempt,
  parseAttemptRecord,
  serializeAttemptRecord,
} from './attempt-record.js';

/** What the guard needs from its auth. */
export interface LockoutGuardSettings {
  product: string;
  maxConsecutiveFailures: number;
  /** What to do when a token request is needed while a shared store is unreachable. */
  storeOutage: 'proceed' | 'refuse';
  /** How long a reservation counts before it lapses: longer than any attempt can take. */
  reservationTtlMs: number;
  /** The wall clock reservations lapse on (every process of a fleet reads its own). */
  clock: { now(): number };
  /** The account whose attempts this process counts. */
  account: () => Account;
  /** The store that counts for a fleet, or `undefined` when the auth was given none. */
  store: StoreAccess | undefined;
  emit: Emit;
  /** Hears an attempt record the store returned that is not one (it is then replaced). */
  reportCorrupt(): void;
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

/** A record that keeps changing under us this often is a store fault, not contention. */
const MOST_WRITE_TRIES = 20;
const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 500;
const FIRST_SYNC_MS = 50;
const LONGEST_SYNC_MS = 2_000;

/**
 * EnKash locks an account after 3 consecutive failed logins. The guard
 * counts every attempt before it is sent and keeps it counted unless a token
 * or a transient failure comes back.
 *
 * In a process the count lives in the account's attempt ledger. A
 * store keeps the fleet's {@link AttemptRecord}, changed only by
 * compare-and-set from the value read, so a change that timed out and is
 * applied late changes nothing once anything else wrote. Each attempt has a
 * random id: a refusal written twice counts once. The process never counts
 * below what it knows itself: a record the store lost, or that a stale
 * process rewrote, gets the process's refusals written back, and a corrupt
 * one is replaced. While a shared store is down, a process sends only when
 * it knows of no refusal (and, with `storeOutage: 'refuse'`, not at all).
 */
export function createLockoutGuard(settings: LockoutGuardSettings): LockoutGuard {
  const { product, maxConsecutiveFailures, store, clock } = settings;
  const shared = store?.shared === true;

  /** The record as stored (`raw`) and as this process reconciles it with its ledger. */
  async function readRecord(
    account: Account,
  ): Promise<({ raw: string | undefined } & Reconciled) | undefined> {
    const read = await store?.read((await account.keys()).attempts);
    if (read === undefined) return undefined;
    let stored = parseAttemptRecord(read.value);
    if (stored === 'corrupt') {
      settings.reportCorrupt();
      stored = undefined;
    }
    return { raw: read.value, ...account.ledger.reconcile(stored, clock.now()) };
  }

  /**
   * Writes `change(base)` over the record it was computed from; the ledger
   * adopts what was written. `false` when the store is down or keeps
   * changing under us; the ledger then holds what the store missed, and a
   * background sync writes it once the store answers.
   */
  async function update(
    account: Account,
    change: (base: AttemptRecord) => Omit<AttemptRecord, 'writes'> | 'refuse' = (base) => base,
  ): Promise<boolean | 'refused'> {
    for (let tries = 0; tries < MOST_WRITE_TRIES; tries += 1) {
      const read = await readRecord(account);
      if (read === undefined) break;
      const changed = change(read.record);
      const behind = serializeAttemptRecord(read.record) !== read.raw;
      if (changed === 'refuse') {
        // A record that lost what this process knows gets it back even so, for the others.
        if (!behind) return 'refused';
        const back = { ...read.record, writes: read.record.writes + 1 };
        if ((await write(account, read.raw, back, read.applied)) !== false) return 'refused';
        continue;
      }
      // A settlement is written even when it changes nothing, so a reservation still on its way
      // to the store can no longer land.
      if (changed === read.record && !behind && read.applied.length === 0) {
        account.ledger.adopt(read.record, read.applied);
        return true;
      }
      const next = { ...changed, writes: read.record.writes + 1 };
      const written = await write(account, read.raw, next, read.applied);
      if (written === true) return true;
      if (written === undefined) break;
    }
    syncLater(account);
    return false;
  }

  /** Compare-and-set of the record: `true` written (and adopted), `false` lost a race, `undefined` store down. */
  async function write(
    account: Account,
    raw: string | undefined,
    next: AttemptRecord,
    applied: readonly Settlement[],
  ): Promise<boolean | undefined> {
    const written = await store?.compareAndSet(
      (await account.keys()).attempts,
      raw,
      serializeAttemptRecord(next),
    );
    if (written === true) account.ledger.adopt(next, applied);
    return written;
  }

  /**
   * Writes what the store missed as soon as it answers again, on timers that
   * keep no process alive: a reservation whose outcome is never written
   * lapses into a refusal for everyone else.
   */
  function syncLater(account: Account): void {
    if (account.syncing !== undefined || account.ledger.synced) return;
    let delay = FIRST_SYNC_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      account.syncing = undefined;
    };
    const run = () => {
      timer = undefined;
      update(account).then((done) => {
        if (done === true || account.ledger.synced || account.retired) return finish();
        delay = Math.min(delay * 2, LONGEST_SYNC_MS);
        schedule();
      }, finish);
    };
    const schedule = () => {
      timer = setTimeout(run, delay);
      (timer as { unref?: () => void }).unref?.();
    };
    account.syncing = {
      now() {
        if (timer === undefined) return;
        clearTimeout(timer);
        run();
      },
    };
    schedule();
  }

  async function reserve(): Promise<AttemptReservation> {
    const account = settings.account();
    const { ledger } = account;
    const id = globalThis.crypto.randomUUID();
    const until = clock.now() + settings.reservationTtlMs;
    if (store === undefined) {
      if (ledger.refused.size >= maxConsecutiveFailures) {
        throw lockoutGuardError(product, ledger.refused.size);
      }
      ledger.pending.set(id, { id, until });
      return reservation(account, id);
    }
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      let busy = false;
      let reserved: PendingAttempt | undefined;
      const written = await update(account, (base) => {
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
        return reservation(account, id);
      }
      if (written === 'refused' && !busy) throw lockoutGuardError(product, ledger.refused.size);
      if (written === false) {
        // The store may still apply the reservation later: give it back (the write that does so
        // also stops it from landing), and go on, if at all, under another id.
        ledger.unsynced.push({ kind: 'given back', id });
        syncLater(account);
        return reserveAlone(account, globalThis.crypto.randomUUID(), until);
      }
      await sleep(pause, { keepAlive: account.keepAlive });
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  /** The store cannot tell the fleet's count: this process decides on what it knows. */
  function reserveAlone(account: Account, id: string, until: number): AttemptReservation {
    const { ledger } = account;
    if (shared) {
      if (settings.storeOutage === 'refuse' || ledger.refused.size > 0 || ledger.pending.size > 0) {
        throw storeUnavailableError(product, settings.storeOutage, ledger.refused.size);
      }
    } else if (ledger.refused.size >= maxConsecutiveFailures) {
      throw lockoutGuardError(product, ledger.refused.size);
    }
    ledger.pending.set(id, { id, until });
    return reservation(account, id);
  }

  function reservation(account: Account, id: string): AttemptReservation {
    const { ledger } = account;
    return {
      async succeeded() {
        const own = ledger.pending.get(id);
        ledger.pending.delete(id);
        // This process's attempts run one at a time: every refusal it knows of came before.
        ledger.refused.clear();
        if (store !== undefined) {
          ledger.unsynced.push({ kind: 'success', id, at: own?.at });
          await update(account);
        }
      },
      async giveBack() {
        ledger.pending.delete(id);
        if (store !== undefined) {
          ledger.unsynced.push({ kind: 'given back', id });
          await update(account);
        }
      },
      async keepCounted() {
        ledger.pending.delete(id);
        // Unsynced until a write holds it: a store that missed it gets it written back.
        ledger.refused.set(id, false);
        if (store !== undefined) await update(account);
        const failures = ledger.refused.size;
        if (failures >= maxConsecutiveFailures) {
          settings.emit('lockout', { product, failures, maxConsecutiveFailures });
        }
        return failures;
      },
    };
  }

  return {
    reserve,
    async reset() {
      const account = settings.account();
      if (store !== undefined) {
        const recorded = await update(account, (base) => ({
          ...base,
          epoch: base.epoch + 1,
          refused: [],
        }));
        if (recorded !== true && shared) {
          throw new EnkashAuthError(
            `${product}: resetLockout() could not reach the shared store, so the fleet's count is unchanged. Try again once the store answers.`,
            { code: 'STORE_UNAVAILABLE', product },
          );
        }
      }
      account.ledger.refused.clear();
    },
  };
}

function lockoutGuardError(product: string, count: number): EnkashAuthError {
  return new EnkashAuthError(
    `The lockout guard refused a ${product} token request without contacting EnKash: the last ${count} attempts were rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().`,
    { code: 'LOCKOUT_GUARD', product },
  );
}

function storeUnavailableError(
  product: string,
  storeOutage: 'proceed' | 'refuse',
  refusals: number,
): EnkashAuthError {
  const why =
    storeOutage === 'refuse'
      ? 'storeOutage is "refuse"'
      : refusals > 0
        ? `this process has seen ${refusals === 1 ? 'a refusal' : `${refusals} refusals`} that another process's attempt could turn into EnKash's third`
        : "this process's one attempt during the outage is still under way";
  return new EnkashAuthError(
    `The lockout guard refused a ${product} token request without contacting EnKash: the shared store cannot tell the fleet's count of failed attempts, and ${why}. A valid cached token is still served; the next call tries again once the store answers.`,
    { code: 'STORE_UNAVAILABLE', product },
  );
}
