import { announcedRejectionError } from '../errors/rejected-error.js';
import {
  type AnnouncedRejection,
  parseAnnouncedRejection,
  serializeAnnouncedRejection,
} from '../store/announced-rejection.js';
import type { StoreAccess } from '../store/store-access.js';
import { sleep } from '../util/sleep.js';
import type { HeldToken, StoreKeys } from './account.js';

/** What the fleet protocol needs from the lifecycle for one token it must obtain. */
export interface FleetTurn {
  product: string;
  /** The shared store. */
  store: StoreAccess;
  keys: StoreKeys;
  /** This process's lock owner value. */
  owner: string;
  lockTtlMs: number;
  timeoutMs: number;
  clock: { now(): number };
  /** Background work sleeps on unreferenced timers. */
  background: boolean;
  /** The binding of the credentials this process would send: whose announced refusal is its own. */
  binding(): Promise<string>;
  /** Takes a stored value as the account's token when it is one worth having for these credentials. */
  adopt(raw: string | undefined): Promise<HeldToken | undefined>;
  /** Requests a token from EnKash: guard, request, count, save. */
  request(): Promise<HeldToken>;
}

const FIRST_POLL_MS = 25;
const LONGEST_POLL_MS = 500;
/** How long the processes that waited for a refused request take its answer as theirs. */
const ANNOUNCEMENT_MS = 5_000;

/**
 * The fleet protocol over a shared store: one process per account talks to
 * EnKash while it holds the fleet lock; the others wait for the token it
 * stores, at most `lockTtlMs + timeoutMs`, then request their own. A process
 * that waited and finds the holder's announced refusal takes it as its own
 * instead of spending another of EnKash's three attempts. When the store is
 * down the process goes on alone rather than not at all.
 */
export async function obtainThroughFleet(turn: FleetTurn): Promise<HeldToken> {
  const { store, keys, owner, lockTtlMs, clock } = turn;
  // By then a crashed holder's lock has expired and whoever took it over had
  // one attempt's time. A holder still in the way (a store whose locks do not
  // expire, a lock kept alive by mistake) must not stall this process forever.
  const giveUpAt = clock.now() + lockTtlMs + turn.timeoutMs;
  let delay = FIRST_POLL_MS;
  let waited = false;
  for (;;) {
    const acquired = await store.acquireLock(keys.lock, owner, lockTtlMs);
    if (acquired === undefined) {
      // An acquire that timed out may still be applied: let go of it, or the fleet waits a TTL.
      await store.releaseLock(keys.lock, owner);
      return turn.request();
    }
    if (acquired) {
      try {
        // Another process may have saved a token between our read and the lock.
        return (
          (await turn.adopt(await store.get(keys.token))) ?? (await requestAfter(turn, waited))
        );
      } finally {
        await store.releaseLock(keys.lock, owner);
      }
    }
    waited = true;
    const raw = await waitForHolder(turn, delay);
    const found = await turn.adopt(raw);
    if (found !== undefined) {
      return found;
    }
    if (clock.now() >= giveUpAt) {
      // Alone, but still through the announced refusal and the fleet's attempt count.
      return requestAfter(turn, true);
    }
    if (raw !== undefined && store.waitFor !== undefined) {
      // waitFor answers at once while the old token is still stored: pace the loop.
      await sleep(delay, { background: turn.background });
    }
    delay = Math.min(delay * 2, LONGEST_POLL_MS);
  }
}

/** Tells the processes waiting on the lock that EnKash refused these credentials. */
export async function announceRejection(
  store: StoreAccess,
  keys: StoreKeys,
  rejection: AnnouncedRejection,
): Promise<void> {
  await store.set(keys.rejection, serializeAnnouncedRejection(rejection), ANNOUNCEMENT_MS);
}

/** Removes a refusal announcement (after `resetLockout()`). */
export async function withdrawRejection(store: StoreAccess, keys: StoreKeys): Promise<void> {
  await store.delete(keys.rejection);
}

async function requestAfter(turn: FleetTurn, waited: boolean): Promise<HeldToken> {
  if (waited) {
    const rejection = parseAnnouncedRejection(await turn.store.get(turn.keys.rejection));
    // Another process's refusal of other credentials says nothing of these.
    if (rejection !== undefined && rejection.binding === (await turn.binding())) {
      throw announcedRejectionError(turn.product, rejection);
    }
  }
  return turn.request();
}

async function waitForHolder(turn: FleetTurn, delay: number): Promise<string | undefined> {
  const { store, keys } = turn;
  if (store.waitFor !== undefined) {
    return store.waitFor(keys.token, delay);
  }
  await sleep(delay, { background: turn.background });
  return store.get(keys.token);
}
