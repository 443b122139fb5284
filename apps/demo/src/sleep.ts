/** Resolves after `milliseconds` (at once when not positive) without keeping the process alive. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, milliseconds));
    (timer as { unref?: () => void }).unref?.();
  });
}
