import type { Redactor } from '../errors/redact.js';
import type { Emit, EnkashAuthEvents, EventHub } from '../events.js';
import type { Account } from '../lifecycle/account.js';
import { authChannel } from './diagnostics-channel.js';
import { type EnkashAuthLogger, levelOf } from './logger.js';

/**
 * Where one auth's events go: to the listeners of every auth of its account
 * (the account's events, whichever auth caused them), to the `enkash:auth`
 * diagnostics channel when someone subscribes, and to the auth's logger,
 * redacted.
 */
export interface Publisher {
  /** Subscribes a listener of this auth: it hears every event of the account. */
  on: EventHub['on'];
  emit: Emit;
  /** Whether anyone would hear `event`: a payload that costs something is built only then. */
  wanted(event: keyof EnkashAuthEvents): boolean;
}

/** Creates the publisher of one auth over its own hub. */
export function createPublisher(settings: {
  product: string;
  hub: EventHub;
  account: () => Account;
  logger: EnkashAuthLogger | undefined;
  redactor: () => Redactor;
}): Publisher {
  const { product, hub, logger } = settings;
  // Attached again after the registry forgot the account (it keeps none a listener listens to).
  const account = (): Account => {
    const current = settings.account();
    if (hub.listening()) current.events.attach(hub);
    return current;
  };
  return {
    on(event, listener) {
      const off = hub.on(event, listener);
      account();
      return off;
    },
    emit(event, payload) {
      const current = account();
      current.events.emit(event, payload);
      const channel = authChannel();
      if (channel?.hasSubscribers === true) {
        channel.publish({ event, product, payload, account: current.number });
      }
      if (logger !== undefined) log(logger, settings.redactor(), product, event, payload);
    },
    wanted(event) {
      return (
        logger !== undefined ||
        authChannel()?.hasSubscribers === true ||
        settings.account().events.listening(event)
      );
    },
  };
}

function log<K extends keyof EnkashAuthEvents>(
  logger: EnkashAuthLogger,
  redactor: Redactor,
  product: string,
  event: K,
  payload: EnkashAuthEvents[K],
): void {
  const write = logger[levelOf(event, payload)];
  if (write === undefined) return;
  // Every field passes through the redactor, though no payload should hold a secret.
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(payload)) {
    fields[name] = typeof value === 'string' ? redactor.redact(value) : value;
  }
  try {
    write.call(logger, redactor.redact(`enkash ${product}: ${event}`), fields);
  } catch (error) {
    // A broken logger must not break token delivery, yet must not vanish either.
    queueMicrotask(() => {
      throw error;
    });
  }
}
