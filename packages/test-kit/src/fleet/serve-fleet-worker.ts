// The worker side of a fleet test: one OS process with its own store and auth, driven by the
// test over IPC. Runs inside the worker file Node starts (see `startFleetWorker`).
import { createHash } from 'node:crypto';
import type { AuthOptions, EnkashAuth } from '@enkash/auth-core';
import {
  FLEET_WORKER_ENV,
  type FleetCommand,
  type FleetReport,
  type FleetWorkerConfig,
} from './fleet-protocol.js';

/** The config the test started this worker with. */
export function readFleetWorkerConfig<StoreConfig>(): FleetWorkerConfig<StoreConfig> {
  const raw = process.env[FLEET_WORKER_ENV];
  if (raw === undefined) {
    throw new Error(`${FLEET_WORKER_ENV} is not set: start this file with startFleetWorker()`);
  }
  return JSON.parse(raw) as FleetWorkerConfig<StoreConfig>;
}

/** What {@link serveFleetWorker} needs: the built product factory and the worker's store. */
export interface FleetWorkerParts {
  config: FleetWorkerConfig;
  /** The product's factory as an application imports it (from the built package). */
  createAuth: (options: AuthOptions) => EnkashAuth;
  store: NonNullable<AuthOptions['store']>;
  /** Closes the store on the `close` command. */
  closeStore: () => Promise<void>;
}

const fingerprint = (token: string) =>
  createHash('sha256').update(token).digest('hex').slice(0, 16);

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

/**
 * Builds the worker's auth on `store` and answers the test's commands:
 * `run` (callers at once, then a result), `rotate`, `close`. Tells the test
 * it is ready.
 */
export function serveFleetWorker(parts: FleetWorkerParts): void {
  const { auth: config } = parts.config;
  const send = (report: FleetReport) => process.send?.(report);
  let passwords = config.passwords;
  let passwordReads = 0;
  let readsSinceRotation = 0;
  const auth = parts.createAuth({
    baseUrl: config.baseUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    username: config.username,
    password:
      passwords === undefined
        ? config.password
        : async () => {
            const values = passwords ?? [config.password];
            const value =
              values[Math.min(readsSinceRotation, values.length - 1)] ?? config.password;
            passwordReads += 1;
            readsSinceRotation += 1;
            return value;
          },
    lockTtlMs: config.lockTtlMs,
    store: parts.store,
  });

  const storeErrors: string[] = [];
  const eventPayloads: string[] = [];
  for (const event of ['token', 'refresh-error', 'lockout'] as const) {
    auth.on(event, (payload) => eventPayloads.push(JSON.stringify({ event, payload })));
  }
  auth.on('store-error', (payload) => {
    eventPayloads.push(JSON.stringify({ event: 'store-error', payload }));
    storeErrors.push(`${payload.operation} ${payload.errorName} ${payload.code ?? '(no code)'}`);
  });

  async function run(callers: number, invalidateFirst: boolean): Promise<void> {
    const started = performance.now();
    if (invalidateFirst) {
      await auth.invalidate();
    }
    const outcomes = await Promise.allSettled(
      Array.from({ length: callers }, () => auth.getToken()),
    );
    const elapsedMs = performance.now() - started;
    const tokens: string[] = [];
    const errors: string[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') {
        tokens.push(fingerprint(outcome.value.accessToken));
      } else {
        const code = (outcome.reason as { code?: unknown }).code;
        errors.push(typeof code === 'string' ? code : String(outcome.reason));
      }
    }
    send({
      type: 'result',
      tokens: tally(tokens),
      errors: tally(errors),
      storeErrors: [...storeErrors],
      eventPayloads: [...eventPayloads],
      status: auth.status(),
      passwordReads,
      elapsedMs,
    });
  }

  process.on('message', (command: FleetCommand) => {
    if (command.type === 'run') {
      void run(command.callers, command.invalidateFirst === true);
    } else if (command.type === 'rotate') {
      passwords = command.passwords;
      readsSinceRotation = 0;
      void auth.invalidate().then(() => send({ type: 'rotated' }));
    } else if (command.type === 'close') {
      void parts.closeStore().then(() => {
        send({ type: 'closed' });
        process.disconnect();
      });
    }
  });

  send({ type: 'ready' });
}
