import type { EnkashAuthEvents } from '@enkash/auth-core';

/**
 * One message of the `enkash:auth` diagnostics channel, as the core publishes
 * it: an event of one auth, its product, its payload (as `auth.on` hears it,
 * never a secret or a token), and `account`, a number that tells the
 * accounts of one process apart (it names no client id, no username).
 */
export type ChannelMessage = {
  [Event in keyof EnkashAuthEvents]: {
    event: Event;
    product: string;
    payload: EnkashAuthEvents[Event];
    account: number;
  };
}[keyof EnkashAuthEvents];

/**
 * Whether a channel message has the shape the core publishes. Anyone may
 * publish on a channel by its name, so a message is checked before it is read.
 */
export function isChannelMessage(message: unknown): message is ChannelMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { event, product, payload, account } = message as Record<string, unknown>;
  return (
    typeof event === 'string' &&
    typeof product === 'string' &&
    typeof payload === 'object' &&
    payload !== null &&
    typeof account === 'number'
  );
}
