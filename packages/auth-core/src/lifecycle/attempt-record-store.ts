import type { StoreAccess } from '../store/store-access.js';
import type { Account } from './account.js';
import type { Reconciled, Settlement } from './attempt-ledger.js';
import {
  type AttemptRecord,
  parseAttemptRecord,
  serializeAttemptRecord,
} from './attempt-record.js';

/** Where the lockout guard keeps the fleet's {@link AttemptRecord}. */
export interface AttemptRecordStore {
  /** The store, or `undefined` when the auth was given none (then nothing is read or written). */
  store: StoreAccess | undefined;
  /** The wall clock reservations lapse on. */
  clock: { now(): number };
  /** Hears an attempt record the store returned that is not one (it is then replaced). */
  reportCorrupt(): void;
}

/** A change of the record computed from the one read; `'refuse'` writes nothing new. */
export type RecordChange = (base: AttemptRecord) => Omit<AttemptRecord, 'writes'> | 'refuse';

/** A record that keeps changing under us this often is a store fault, not contention. */
const MOST_WRITE_TRIES = 20;
const FIRST_SYNC_MS = 50;
const LONGEST_SYNC_MS = 2_000;

/**
 * Writes `change(base)` over the record it was computed from; the ledger
 * adopts what was written. `'refused'` when the change refused (what the
 * store missed is written back even so); `false` when the store is down or
 * keeps changing under us: the ledger then holds what the store missed, and
 * a background sync writes it once the store answers.
 */
export async function updateAttemptRecord(
  records: AttemptRecordStore,
  account: Account,
  change: RecordChange = (base) => base,
): Promise<boolean | 'refused'> {
  for (let tries = 0; tries < MOST_WRITE_TRIES; tries += 1) {
    const read = await readRecord(records, account);
    if (read === undefined) break;
    const changed = change(read.record);
    const behind = serializeAttemptRecord(read.record) !== read.raw;
    if (changed === 'refuse') {
      // A record that lost what this process knows gets it back even so, for the others.
      if (!behind) return 'refused';
      const back = { ...read.record, writes: read.record.writes + 1 };
      if ((await writeRecord(records, account, read, back)) !== false) return 'refused';
      continue;
    }
    // A settlement is written even when it changes nothing, so a reservation still on its way
    // to the store can no longer land.
    if (changed === read.record && !behind && read.applied.length === 0) {
      account.ledger.adopt(read.record, read.applied);
      return true;
    }
    const next = { ...changed, writes: read.record.writes + 1 };
    const written = await writeRecord(records, account, read, next);
    if (written === true) return true;
    if (written === undefined) break;
  }
  syncAttemptRecordLater(records, account);
  return false;
}

/**
 * Writes what the store missed as soon as it answers again, on timers that
 * keep no process alive: a reservation whose outcome is never written
 * lapses into a refusal for everyone else.
 */
export function syncAttemptRecordLater(records: AttemptRecordStore, account: Account): void {
  if (account.syncing !== undefined || account.ledger.synced) return;
  let delay = FIRST_SYNC_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    account.syncing = undefined;
  };
  const run = () => {
    timer = undefined;
    updateAttemptRecord(records, account).then((done) => {
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

/** The record as stored (`raw`) and as this process reconciles it with its ledger. */
async function readRecord(
  records: AttemptRecordStore,
  account: Account,
): Promise<({ raw: string | undefined } & Reconciled) | undefined> {
  const read = await records.store?.read((await account.keys()).attempts);
  if (read === undefined) return undefined;
  let stored = parseAttemptRecord(read.value);
  if (stored === 'corrupt') {
    records.reportCorrupt();
    stored = undefined;
  }
  return { raw: read.value, ...account.ledger.reconcile(stored, records.clock.now()) };
}

/** Compare-and-set of the record: `true` written (and adopted), `false` lost a race, `undefined` store down. */
async function writeRecord(
  records: AttemptRecordStore,
  account: Account,
  read: { raw: string | undefined; applied: readonly Settlement[] },
  next: AttemptRecord,
): Promise<boolean | undefined> {
  const written = await records.store?.compareAndSet(
    (await account.keys()).attempts,
    read.raw,
    serializeAttemptRecord(next),
  );
  if (written === true) account.ledger.adopt(next, read.applied);
  return written;
}
