/** Settings of {@link waitForStoredValue}. */
export interface WaitForStoredValueSettings {
  /** Reads the key's value as the store's `get` does (`undefined`: absent). */
  read(): Promise<string | undefined>;
  /** Resolve `undefined` after this many milliseconds without a value. */
  timeoutMs: number;
  /** Resolve `undefined` as soon as it aborts. */
  signal?: AbortSignal | undefined;
  /** How often to read while nothing announced the key. */
  pollIntervalMs: number;
  /**
   * Optional: calls `announce` each time the key may have been stored (a
   * pub/sub message) and returns the function that stops listening.
   */
  listen?: ((announce: () => void) => () => void) | undefined;
  /**
   * Optional: hears the wait's `giveUp` (resolving `undefined`), so that a
   * closing store can end every pending wait; returns the function that
   * forgets it once the wait settled.
   */
  track?: ((giveUp: () => void) => () => void) | undefined;
}

/**
 * The body of a store's optional `waitFor`, for authors of a `TokenStore`:
 * reads at once, then on every announcement and every `pollIntervalMs`,
 * one read at a time (an announcement during a read triggers one more, since
 * that read may have started before the value was stored), and resolves the
 * first value found, or `undefined` on timeout or abort. A read that rejects
 * rejects the wait, so the core reports the fault and goes on without the
 * store. Its timers never keep a process alive.
 *
 * @example
 * ```ts
 * waitFor(key, timeoutMs, signal) {
 *   return waitForStoredValue({ read: () => this.get(key), timeoutMs, signal, pollIntervalMs: 20 });
 * }
 * ```
 */
export function waitForStoredValue(
  settings: WaitForStoredValueSettings,
): Promise<string | undefined> {
  const { signal } = settings;
  if (signal?.aborted) {
    return Promise.resolve(undefined);
  }
  return new Promise<string | undefined>((resolve, reject) => {
    let settled = false;
    let reading = false;
    let readAgain = false;

    const settle = () => {
      settled = true;
      clearTimeout(deadline);
      clearInterval(poll);
      stopListening();
      forget();
      signal?.removeEventListener('abort', giveUp);
    };
    function giveUp() {
      if (!settled) {
        settle();
        resolve(undefined);
      }
    }
    const read = () => {
      if (settled) {
        return;
      }
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      settings.read().then(
        (value) => {
          reading = false;
          if (settled) {
            return;
          }
          if (value !== undefined) {
            settle();
            resolve(value);
          } else if (readAgain) {
            readAgain = false;
            read();
          }
        },
        (error: unknown) => {
          reading = false;
          if (!settled) {
            settle();
            reject(error);
          }
        },
      );
    };

    const stopListening = settings.listen?.(read) ?? (() => undefined);
    const forget = settings.track?.(giveUp) ?? (() => undefined);
    const deadline = setTimeout(giveUp, settings.timeoutMs);
    const poll = setInterval(read, settings.pollIntervalMs);
    (deadline as { unref?: () => void }).unref?.();
    (poll as { unref?: () => void }).unref?.();
    signal?.addEventListener('abort', giveUp, { once: true });
    read();
  });
}
