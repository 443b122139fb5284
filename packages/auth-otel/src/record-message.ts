import type { Tracer } from '@opentelemetry/api';
import type { ChannelMessage } from './channel-message.js';
import type { Instruments } from './instruments.js';
import type { TokenExpiries } from './token-expiries.js';
import { recordTokenRequestSpan } from './token-request-span.js';

/** Where a channel message is recorded. */
export interface Recorders {
  instruments: Instruments;
  tracer: Tracer;
  expiries: TokenExpiries;
}

/** Records one message of the `enkash:auth` channel; events with no instrument are left alone. */
export function recordMessage(message: ChannelMessage, recorders: Recorders): void {
  const { instruments, tracer, expiries } = recorders;
  const product = { 'enkash.product': message.product };
  switch (message.event) {
    case 'token-request': {
      const attributes = { ...product, 'enkash.outcome': message.payload.outcome };
      instruments.tokenRequests.add(1, attributes);
      instruments.tokenRequestDuration.record(message.payload.durationMs / 1000, attributes);
      recordTokenRequestSpan(tracer, message.payload, Date.now());
      return;
    }
    case 'retry':
      instruments.retries.add(1, product);
      return;
    case 'lockout':
      instruments.guardTrips.add(1, product);
      return;
    case 'guard-refused':
      instruments.guardRefusals.add(1, product);
      return;
    case 'store-error':
      instruments.storeErrors.add(1, {
        ...product,
        'enkash.store.operation': message.payload.operation,
      });
      return;
    case 'token':
    case 'token-adopted':
      expiries.hold(message.account, message.product, message.payload.expiresAt);
      return;
    default:
      return;
  }
}
