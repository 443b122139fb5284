import { DEMO_USERS } from './demo-users.js';
import { isSandboxProduct, SANDBOX_PRODUCTS, type SandboxProduct } from './products.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import { createCounters, type SandboxCounters } from './sandbox-counters.js';
import type { SandboxFault } from './sandbox-fault.js';
import type {
  SandboxOptions,
  SandboxRefusalStyle,
  SandboxResponseShape,
} from './sandbox-options.js';
import type { SandboxUser } from './sandbox-user.js';

const DEFAULT_SHAPES: Readonly<Record<SandboxProduct, SandboxResponseShape>> = {
  payouts: 'camelCase',
  bbps: 'camelCase',
  rewards: 'snake_case',
  cards: 'snake_case',
  expense: 'expense',
};
const DEFAULT_LIFETIME_SECONDS = 300;
/** A long-running CLI sandbox keeps only the newest entries per product, so memory stays bounded. */
export const MAX_LOG_ENTRIES = 10_000;
/** From this many remembered tokens per product on, expired ones are dropped on the next issue. */
const PRUNE_TOKENS_ABOVE = 10_000;
const SHAPES: readonly SandboxResponseShape[] = ['camelCase', 'snake_case', 'expense'];
const REFUSAL_STYLES: readonly SandboxRefusalStyle[] = [
  'documented',
  'jackson-nulls',
  'unexpected-shape',
];

/** Everything the sandbox remembers about one product. */
export interface ProductState {
  readonly product: SandboxProduct;
  readonly users: readonly SandboxUser[];
  readonly defaultShape: SandboxResponseShape;
  readonly defaultLifetimeSeconds: number;
  shape: SandboxResponseShape;
  readonly defaultRefusalStyle: SandboxRefusalStyle;
  refusalStyle: SandboxRefusalStyle;
  lifetimeSeconds: number;
  faults: SandboxFault[];
  log: SandboxRequestLogEntry[];
  counters: SandboxCounters;
  /** Consecutive failed attempts per username. */
  failures: Map<string, number>;
  locked: Set<string>;
  /** Passwords changed with `setPassword()`, by username; a user not listed keeps its configured one. */
  passwords: Map<string, string>;
  /** Client secrets changed with `setClientSecret()`, by username. */
  clientSecrets: Map<string, string>;
  /** Live access tokens and their expiry in epoch milliseconds. */
  tokens: Map<string, number>;
  /** The size of `tokens` at which the next issue drops the expired ones. */
  pruneTokensAt: number;
}

/** Throws a `TypeError` unless `shape` is a known response shape. */
export function assertShape(
  product: string,
  shape: unknown,
): asserts shape is SandboxResponseShape {
  if (!SHAPES.includes(shape as SandboxResponseShape)) {
    throw new TypeError(
      `Sandbox option products.${product}.responseShape must be one of ${SHAPES.join(', ')}`,
    );
  }
}

/** Throws a `TypeError` unless `style` is a known refusal style. */
export function assertRefusalStyle(
  product: string,
  style: unknown,
): asserts style is SandboxRefusalStyle {
  if (!REFUSAL_STYLES.includes(style as SandboxRefusalStyle)) {
    throw new TypeError(
      `Sandbox option products.${product}.refusalStyle must be one of ${REFUSAL_STYLES.join(', ')}`,
    );
  }
}

/**
 * Throws a `TypeError` unless `seconds` is a positive whole number: the Spring
 * backend reports lifetimes in whole seconds, and clients may validate that.
 */
export function assertLifetime(product: string, seconds: unknown): asserts seconds is number {
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new TypeError(
      `Sandbox option products.${product}.tokenLifetimeSeconds must be a positive whole number`,
    );
  }
}

function assertUser(product: string, user: SandboxUser): void {
  for (const field of ['clientId', 'clientSecret', 'username', 'password'] as const) {
    if (typeof user[field] !== 'string') {
      throw new TypeError(`Sandbox option users.${product}: every user needs a string ${field}`);
    }
  }
}

function usersFor(product: SandboxProduct, options: SandboxOptions): readonly SandboxUser[] {
  const given = options.users?.[product];
  if (given === undefined) return [{ ...DEMO_USERS[product] }];
  const users: readonly SandboxUser[] = Array.isArray(given) ? given : [given as SandboxUser];
  if (users.length === 0) throw new TypeError(`Sandbox option users.${product} is empty`);
  for (const user of users) assertUser(product, user);
  return users.map((user) => ({ ...user }));
}

function checkProductKeys(record: object | undefined, option: string): void {
  for (const key of Object.keys(record ?? {})) {
    if (!isSandboxProduct(key)) {
      throw new TypeError(
        `Sandbox option ${option}.${key}: unknown product (expected one of ${SANDBOX_PRODUCTS.join(', ')})`,
      );
    }
  }
}

/** Validates the options and builds every product's initial state. */
export function createProductStates(
  options: SandboxOptions,
): Readonly<Record<SandboxProduct, ProductState>> {
  checkProductKeys(options.users, 'users');
  checkProductKeys(options.products, 'products');
  const states = {} as Record<SandboxProduct, ProductState>;
  for (const product of SANDBOX_PRODUCTS) {
    const productOptions = options.products?.[product] ?? {};
    const shape = productOptions.responseShape ?? DEFAULT_SHAPES[product];
    const lifetimeSeconds = productOptions.tokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const refusalStyle = productOptions.refusalStyle ?? 'documented';
    assertShape(product, shape);
    assertRefusalStyle(product, refusalStyle);
    assertLifetime(product, lifetimeSeconds);
    states[product] = {
      product,
      users: usersFor(product, options),
      defaultShape: shape,
      defaultLifetimeSeconds: lifetimeSeconds,
      shape,
      defaultRefusalStyle: refusalStyle,
      refusalStyle,
      lifetimeSeconds,
      faults: [],
      log: [],
      counters: createCounters(),
      failures: new Map(),
      locked: new Set(),
      passwords: new Map(),
      clientSecrets: new Map(),
      tokens: new Map(),
      pruneTokensAt: PRUNE_TOKENS_ABOVE,
    };
  }
  return states;
}

/** Forgets everything that happened: logs, counters, locks, changed passwords, tokens, faults, runtime switches. */
export function resetProductState(state: ProductState): void {
  state.shape = state.defaultShape;
  state.refusalStyle = state.defaultRefusalStyle;
  state.lifetimeSeconds = state.defaultLifetimeSeconds;
  state.faults = [];
  state.log = [];
  state.counters = createCounters();
  state.failures.clear();
  state.locked.clear();
  state.passwords.clear();
  state.clientSecrets.clear();
  state.tokens.clear();
  state.pruneTokensAt = PRUNE_TOKENS_ABOVE;
}

/** The password a user logs in with now: the one `setPassword()` set last, else the configured one. */
export function currentPassword(state: ProductState, user: SandboxUser): string {
  return state.passwords.get(user.username) ?? user.password;
}

/** The client secret a user's Basic pair and payload key use now: `setClientSecret()`'s, else the configured one. */
export function currentClientSecret(state: ProductState, user: SandboxUser): string {
  return state.clientSecrets.get(user.username) ?? user.clientSecret;
}

/** Appends a request to the product's log, dropping the oldest beyond {@link MAX_LOG_ENTRIES}. */
export function appendLogEntry(state: ProductState, entry: SandboxRequestLogEntry): void {
  state.log.push(entry);
  if (state.log.length > MAX_LOG_ENTRIES) state.log.shift();
}

/** Remembers an issued token; forgets expired ones once there are many. */
export function rememberToken(
  state: ProductState,
  token: string,
  expiresAt: number,
  now: number,
): void {
  if (state.tokens.size >= state.pruneTokensAt) {
    for (const [known, knownExpiresAt] of state.tokens) {
      if (knownExpiresAt <= now) state.tokens.delete(known);
    }
    // The next sweep waits until the map has doubled: with many live tokens (a benchmark issuing
    // thousands a minute) a sweep on every issue would cost a walk over all of them each time.
    state.pruneTokensAt = Math.max(PRUNE_TOKENS_ABOVE, 2 * state.tokens.size);
  }
  state.tokens.set(token, expiresAt);
}
