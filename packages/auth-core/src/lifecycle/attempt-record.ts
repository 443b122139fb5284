/**
 * What a store keeps of one account's token attempts, so that every process
 * of a fleet counts EnKash's consecutive failures as one client would.
 *
 * - `epoch` counts the successes (and `resetLockout()` calls) seen: a
 *   process whose own count is from an older epoch learns that a success
 *   came after it.
 * - `refused` lists the attempts EnKash refused since the epoch began, each
 *   by a random id (so writing one twice counts it once) and the write that
 *   recorded it.
 * - `pending` lists the attempts under way, each with the write that
 *   reserved it and when the reservation lapses (a crashed process's
 *   attempt stops counting then).
 * - `writes` counts the writes, so that a change computed from an older
 *   value can never be applied over a newer one (compare-and-set).
 */
export interface AttemptRecord {
  epoch: number;
  refused: readonly RefusedAttempt[];
  pending: readonly PendingAttempt[];
  writes: number;
}

/** An attempt EnKash refused. */
export interface RefusedAttempt {
  id: string;
  /** The record's `writes` when the refusal was recorded. */
  at: number;
}

/** An attempt under way. */
export interface PendingAttempt {
  id: string;
  /** The record's `writes` when the attempt was reserved. */
  at: number;
  /** When the reservation lapses, in epoch milliseconds on the reserving process's clock. */
  until: number;
}

/** Far more than any real record holds (the guard stops at 2): a bound on what a store can make us parse. */
const LONGEST_RECORD = 16_384;
const MOST_ENTRIES = 64;
const ID = /^[\w-]{1,64}$/;

/** The store value of a record. */
export function serializeAttemptRecord(record: AttemptRecord): string {
  return JSON.stringify({ v: 1, ...record });
}

/**
 * Reads a store value back. `undefined` for an absent value; `'corrupt'` for
 * anything that is not a record this version wrote: unparsable, too large, a
 * negative or fractional number, an id that is not one of ours. A corrupt
 * record is replaced by the process's own view, never trusted.
 */
export function parseAttemptRecord(raw: string | undefined): AttemptRecord | 'corrupt' | undefined {
  if (raw === undefined) return undefined;
  if (raw.length > LONGEST_RECORD) return 'corrupt';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'corrupt';
  }
  if (typeof value !== 'object' || value === null) return 'corrupt';
  const { v, epoch, refused, pending, writes } = value as Record<string, unknown>;
  if (v !== 1 || !isCount(epoch) || !isCount(writes)) return 'corrupt';
  if (!isEntryList(refused, false) || !isEntryList(pending, true)) return 'corrupt';
  return {
    epoch,
    writes,
    refused: refused.map(({ id, at }) => ({ id, at })),
    pending: pending.map(({ id, at, until }) => ({ id, at, until: until as number })),
  };
}

/** The record a store value holds, or an empty one when it holds none or one that is corrupt. */
export function attemptRecordOrEmpty(raw: string | undefined): AttemptRecord {
  const stored = parseAttemptRecord(raw);
  return stored === undefined || stored === 'corrupt'
    ? { epoch: 0, refused: [], pending: [], writes: 0 }
    : stored;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isEntryList(
  value: unknown,
  withUntil: boolean,
): value is { id: string; at: number; until?: number }[] {
  return (
    Array.isArray(value) &&
    value.length <= MOST_ENTRIES &&
    value.every((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return false;
      const { id, at, until } = entry as Record<string, unknown>;
      return (
        typeof id === 'string' &&
        ID.test(id) &&
        isCount(at) &&
        (!withUntil || (typeof until === 'number' && Number.isFinite(until)))
      );
    })
  );
}
