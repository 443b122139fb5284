/**
 * Decides whether the timers of a token request (its deadline and its retry
 * sleeps) keep the process alive: only while at least one caller waits for
 * the request. When every caller has aborted, or none ever waited (a
 * background refresh), the request carries on, so its answer is still cached
 * and counted by the lockout guard, but a process with nothing else to do
 * exits instead of sitting out a `Retry-After`.
 */
export interface KeepAlive {
  /** One caller starts waiting; call the returned function once it stops (settled or aborted). */
  enter(): () => void;
  /** `setTimeout` whose timer is ref'd only while a caller waits; returns the function that clears it. */
  setTimer(callback: () => void, milliseconds: number): () => void;
}

interface Timer {
  ref?(): unknown;
  unref?(): unknown;
}

/**
 * Creates a {@link KeepAlive}: one per account, since an account runs one
 * token request at a time (a provider read that no caller waits on takes one
 * of its own).
 */
export function createKeepAlive(): KeepAlive {
  let waiting = 0;
  const timers = new Set<Timer>();
  const setAll = (alive: boolean) => {
    for (const timer of timers) {
      if (alive) timer.ref?.();
      else timer.unref?.();
    }
  };
  return {
    enter() {
      waiting += 1;
      if (waiting === 1) setAll(true);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        waiting -= 1;
        if (waiting === 0) setAll(false);
      };
    },
    setTimer(callback, milliseconds) {
      const handle: unknown = setTimeout(() => {
        timers.delete(timer);
        callback();
      }, milliseconds);
      // Browsers return a number: no ref() or unref() there, and nothing kept alive either.
      const timer = handle as Timer;
      if (waiting === 0) timer.unref?.();
      timers.add(timer);
      return () => {
        timers.delete(timer);
        clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
      };
    },
  };
}
