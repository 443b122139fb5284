/** How a fleet worker process is configured (passed as JSON in `ENKASH_FLEET_WORKER`). */
export interface FleetWorkerConfig {
  redisUrl: string;
  keyPrefix: string;
  encryptionKey?: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /**
   * When given, `password` is a provider instead: it yields these values in
   * turn, one per call, then keeps yielding the last (a vault caught mid-rotation).
   */
  passwords?: string[];
  /** How long the core's fleet-wide lock lives: short enough to watch a takeover. */
  lockTtlMs: number;
}

/** What the test tells a worker. */
export type FleetCommand =
  | { type: 'run'; callers: number; invalidateFirst?: boolean }
  /** Forgets the token (in memory and in Redis) and restarts the provider on these values. */
  | { type: 'rotate'; passwords: string[] }
  | { type: 'close' };

/** What a worker tells the test. */
export type FleetReport =
  | { type: 'ready' }
  | {
      type: 'result';
      /** SHA-256 fingerprints (16 hex) of the tokens callers got, with how many got each. */
      tokens: Record<string, number>;
      /** Error codes callers got, with how many got each. */
      errors: Record<string, number>;
      /** `operation errorName code` of each `store-error` event seen since the worker started. */
      storeErrors: string[];
      /** Every event payload seen, as JSON, to check for secrets. */
      eventPayloads: string[];
      /** `auth.status()` once every caller settled. */
      status: unknown;
      /** How many times the password provider was called so far. */
      passwordReads: number;
    }
  | { type: 'rotated' }
  | { type: 'closed' };

/** The environment variable carrying the {@link FleetWorkerConfig}. */
export const FLEET_WORKER_ENV = 'ENKASH_FLEET_WORKER';
