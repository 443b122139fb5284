/** A listener of {@link EnkashAuth.on}. */
export type Listener = (payload: unknown) => void;

/** The smallest event hub: no Node `events` import, no allocation until someone listens. */
export interface EventHub {
  on(event: string, listener: Listener): () => void;
  emit(event: string, payload: unknown): void;
}

/** Creates an {@link EventHub}. */
export function createEventHub(): EventHub {
  let listeners: Map<string, Set<Listener>> | undefined;
  return {
    on(event, listener) {
      listeners ??= new Map();
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(event, payload) {
      const set = listeners?.get(event);
      if (set === undefined) {
        return;
      }
      for (const listener of [...set]) {
        try {
          listener(payload);
        } catch (error) {
          // A broken listener must not break token delivery, yet must not vanish either:
          // rethrow outside the lifecycle, where it surfaces like any uncaught error.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
