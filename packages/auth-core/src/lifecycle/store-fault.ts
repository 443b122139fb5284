import type { Redactor } from '../errors/redact.js';
import type { Emit } from '../events.js';
import type { StoreFaultReport } from '../store/store-access.js';

/** The longest store message a `store-error` event carries. */
const LONGEST_MESSAGE = 300;

/**
 * Reports a store fault as the `store-error` event: the failure's name, its
 * string `code`, and its message redacted (a store's message may quote the
 * command it ran, token included) and cut.
 */
export function storeFaultReporter(
  product: string,
  redactor: () => Redactor,
  emit: Emit,
): StoreFaultReport {
  return (operation, error) => {
    const named = error instanceof Error ? error : undefined;
    const code = (error as { code?: unknown } | undefined)?.code;
    const message = redactor()
      .redact(named?.message ?? '')
      .slice(0, LONGEST_MESSAGE);
    emit('store-error', {
      product,
      operation,
      errorName: named?.name ?? typeof error,
      ...(typeof code === 'string' ? { code } : {}),
      message,
    });
  };
}
