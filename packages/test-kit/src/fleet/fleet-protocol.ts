// What a fleet test and its worker processes tell each other over IPC.

/** The credentials and auth options every worker of a fleet test uses. */
export interface FleetAuthConfig {
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

/** What a worker process is started with: the auth's settings, and its store's (the worker file's own shape). */
export interface FleetWorkerConfig<StoreConfig = unknown> {
  auth: FleetAuthConfig;
  store: StoreConfig;
}

/** What the test tells a worker. */
export type FleetCommand =
  | { type: 'run'; callers: number; invalidateFirst?: boolean }
  /** Forgets the token (in memory and in the store) and restarts the provider on these values. */
  | { type: 'rotate'; passwords: string[] }
  | { type: 'close' };

/** What a worker tells the test once its callers settled. */
export interface FleetResult {
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
  /** Milliseconds from the command to the last caller settling, on the worker's clock. */
  elapsedMs: number;
}

/** What a worker tells the test. */
export type FleetReport =
  | { type: 'ready' }
  | FleetResult
  | { type: 'rotated' }
  | { type: 'closed' };

/** The environment variable carrying the {@link FleetWorkerConfig}. */
export const FLEET_WORKER_ENV = 'ENKASH_FLEET_WORKER';
