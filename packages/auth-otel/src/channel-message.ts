/** The name of the diagnostics channel every auth of the process publishes its events on. */
export const ENKASH_AUTH_CHANNEL = 'enkash:auth';

/**
 * One message of the `enkash:auth` channel: an event of one auth, its
 * product, its payload (as `auth.on` hears it, never a secret or a token),
 * and `account`, an opaque number that tells the accounts of one process
 * apart (it names no client id, no username).
 */
export interface ChannelMessage {
  event: string;
  product: string;
  payload: Record<string, unknown>;
  account?: number;
}

/** Whether a channel message has the shape the core publishes. */
export function isChannelMessage(message: unknown): message is ChannelMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { event, product, payload } = message as Record<string, unknown>;
  return (
    typeof event === 'string' &&
    typeof product === 'string' &&
    typeof payload === 'object' &&
    payload !== null
  );
}
