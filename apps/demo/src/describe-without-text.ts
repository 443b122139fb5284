import { isEnkashAuthError } from '@enkash/auth-core';

/**
 * An error by its code and HTTP status only (or its class name), for real
 * mode: a message may quote what the server said, and a server may echo the
 * username or the client id.
 */
export function describeWithoutText(error: unknown): string {
  if (isEnkashAuthError(error)) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    return `${error.code}${status}; the message is not printed in real mode, as it may quote the server`;
  }
  const name = error instanceof Error ? error.constructor.name : typeof error;
  return `${name}; the message is not printed in real mode`;
}
