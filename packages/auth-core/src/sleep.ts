/**
 * Resolves after `milliseconds`. A background wait is unref'd where the
 * platform allows, so it never keeps a process alive; a foreground wait keeps
 * it, because a caller is awaiting the result.
 */
export function sleep(milliseconds: number, options: { background?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    if (options.background === true) {
      (timer as { unref?: () => void }).unref?.();
    }
  });
}
