import type { EnkashAuthEvents, EventHub } from '../events.js';

/**
 * The listeners of one account: the event hubs of its auths, held weakly,
 * so that every auth of the account hears every event of it whichever auth
 * caused it, and an auth the application let go (a per-request auth with a
 * listener) keeps nothing alive.
 */
export interface AccountEvents {
  /** Makes `hub`'s listeners hear the account's events (once per hub). */
  attach(hub: EventHub): void;
  /** Hands the event to every listener of every live hub. */
  emit<K extends keyof EnkashAuthEvents>(event: K, payload: EnkashAuthEvents[K]): void;
  /** Whether a live hub listens, to `event` or to any event. */
  listening(event?: keyof EnkashAuthEvents): boolean;
}

/** Creates the listeners of one account. */
export function createAccountEvents(): AccountEvents {
  const hubs = new Set<WeakRef<EventHub>>();
  const attached = new WeakSet<EventHub>();
  const live = (): EventHub[] => {
    const found: EventHub[] = [];
    for (const reference of hubs) {
      const hub = reference.deref();
      if (hub === undefined) hubs.delete(reference);
      else found.push(hub);
    }
    return found;
  };
  return {
    attach(hub) {
      if (attached.has(hub)) return;
      attached.add(hub);
      hubs.add(new WeakRef(hub));
    },
    emit(event, payload) {
      for (const hub of live()) hub.emit(event, payload);
    },
    listening(event) {
      return live().some((hub) => hub.listening(event));
    },
  };
}
