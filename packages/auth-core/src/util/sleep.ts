import type { KeepAlive } from './keep-alive.js';

/**
 * Resolves after `milliseconds`. With a {@link KeepAlive}, the wait keeps the
 * process alive only while a caller waits for it. Otherwise a background wait
 * is unref'd where the platform allows, so it never keeps a process alive; a
 * foreground wait keeps it, because a caller is awaiting the result.
 */
export function sleep(
  milliseconds: number,
  options: { background?: boolean; keepAlive?: KeepAlive } = {},
): Promise<void> {
  return new Promise((resolve) => {
    if (options.keepAlive !== undefined) {
      options.keepAlive.setTimer(resolve, milliseconds);
      return;
    }
    const timer = setTimeout(resolve, milliseconds);
    if (options.background === true) {
      (timer as { unref?: () => void }).unref?.();
    }
  });
}
