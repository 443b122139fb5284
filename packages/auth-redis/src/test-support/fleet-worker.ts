// A fleet member for the multi-process tests: one OS process with its own Redis
// store and payouts auth, both loaded from the BUILT packages (dist), driven by
// the test over IPC. Run directly by Node (type stripping), never bundled.
import { createHash } from 'node:crypto';
import { createPayoutsAuth } from '@enkash/payouts';
import type * as AuthRedis from '../index.js';
import type { FleetCommand, FleetReport, FleetWorkerConfig } from './fleet-protocol.js';

// Loaded by name so Node resolves the package's own exports map to dist/.
const packageName: string = '@enkash/auth-redis';
const { createRedisStore } = (await import(packageName)) as typeof AuthRedis;

const config = JSON.parse(process.env.ENKASH_FLEET_WORKER ?? '{}') as FleetWorkerConfig;
const send = (report: FleetReport) => process.send?.(report);

const store = createRedisStore({
  url: config.redisUrl,
  keyPrefix: config.keyPrefix,
  // Generous, so a loaded CI machine never turns a slow answer into a fallback
  // (a stopped Redis still fails at once: the connection is refused).
  operationTimeoutMs: 2_000,
  connectTimeoutMs: 5_000,
  ...(config.encryptionKey === undefined ? {} : { encryptionKey: config.encryptionKey }),
});
let passwords = config.passwords;
let passwordReads = 0;
let readsSinceRotation = 0;
const auth = createPayoutsAuth({
  baseUrl: config.baseUrl,
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  username: config.username,
  password:
    passwords === undefined
      ? config.password
      : async () => {
          const values = passwords ?? [config.password];
          const value = values[Math.min(readsSinceRotation, values.length - 1)] ?? config.password;
          passwordReads += 1;
          readsSinceRotation += 1;
          return value;
        },
  lockTtlMs: config.lockTtlMs,
  store,
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

const fingerprint = (token: string) =>
  createHash('sha256').update(token).digest('hex').slice(0, 16);

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

async function run(callers: number, invalidateFirst: boolean): Promise<void> {
  if (invalidateFirst) {
    await auth.invalidate();
  }
  const outcomes = await Promise.allSettled(Array.from({ length: callers }, () => auth.getToken()));
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
    void store.close().then(() => {
      send({ type: 'closed' });
      process.disconnect();
    });
  }
});

send({ type: 'ready' });
