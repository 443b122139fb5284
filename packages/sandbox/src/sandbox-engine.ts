import { corsPreflightReply, withCorsHeaders } from './cors.js';
import { ENCRYPTED_APIS, handleEncryptedApi } from './encrypted-api.js';
import { assertFault, faultReply } from './fault-reply.js';
import { jsonReply } from './json-reply.js';
import { handlePing } from './ping-endpoint.js';
import {
  appendLogEntry,
  assertLifetime,
  assertRefusalStyle,
  assertShape,
  createProductStates,
  type ProductState,
  resetProductState,
} from './product-state.js';
import { isSandboxProduct, SANDBOX_PRODUCTS, type SandboxProduct } from './products.js';
import { redactRequest } from './redact-request.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import type { SandboxControl } from './sandbox-control.js';
import type { SandboxOptions } from './sandbox-options.js';
import type { SandboxReply, SandboxRequest } from './sandbox-request.js';
import type { SandboxUser } from './sandbox-user.js';
import { sleep } from './sleep.js';
import { handleTokenRequest } from './token-endpoint.js';

/** The transport-neutral sandbox: the control API plus one function that answers a request. */
export interface SandboxEngine {
  readonly control: SandboxControl;
  /**
   * A product's path: `/<product>` until the first `reset()`, then `/reset-<n>/<product>` after
   * the n-th, so an SDK that keeps one account per base URL sees new accounts after each reset.
   */
  basePath(product: SandboxProduct): string;
  /** Answers one request; settles after any `delay` fault. */
  handle(request: SandboxRequest): Promise<SandboxReply>;
  /** Fires when the engine closes: pending delays end and hangs give up. */
  readonly closed: AbortSignal;
  close(): void;
}

const PATH = /^\/([^/?]+)(\/[^?]*)?(\?.*)?$/;
/** The generation a base URL was handed out in: every generation is served alike. */
const GENERATION_PREFIX = /^\/reset-\d+(?=\/[^/?])/;

function notFound(path: string): SandboxReply {
  return jsonReply(404, { status: 404, error: 'Not Found', path });
}

function createControl(states: Readonly<Record<SandboxProduct, ProductState>>): SandboxControl {
  const state = (product: SandboxProduct): ProductState => {
    if (!isSandboxProduct(product)) {
      throw new TypeError(
        `Unknown sandbox product: ${String(product)} (expected one of ${SANDBOX_PRODUCTS.join(', ')})`,
      );
    }
    return states[product];
  };
  const users = {} as Record<SandboxProduct, Readonly<SandboxUser>>;
  for (const product of SANDBOX_PRODUCTS) {
    users[product] = Object.freeze({ ...(states[product].users[0] as SandboxUser) });
  }
  return {
    users: Object.freeze(users),
    enqueueFault(product, ...faults) {
      for (const fault of faults) assertFault(fault);
      state(product).faults.push(...faults.map((fault) => structuredClone(fault)));
    },
    pendingFaults: (product) => state(product).faults.length,
    requests: (product) => structuredClone(state(product).log),
    counters: (product) => ({ ...state(product).counters }),
    lock(product, username) {
      state(product).locked.add(username);
    },
    unlock(product, username) {
      state(product).locked.delete(username);
      state(product).failures.delete(username);
    },
    isLocked: (product, username) => state(product).locked.has(username),
    failedAttempts: (product, username) => state(product).failures.get(username) ?? 0,
    setPassword(product, username, password) {
      const productState = state(product);
      if (!productState.users.some((user) => user.username === username)) {
        throw new TypeError(`setPassword: ${product} has no user ${JSON.stringify(username)}`);
      }
      if (typeof password !== 'string' || password === '') {
        throw new TypeError('setPassword: the password must be a non-empty string');
      }
      productState.passwords.set(username, password);
    },
    setClientSecret(product, username, clientSecret) {
      const productState = state(product);
      if (!productState.users.some((user) => user.username === username)) {
        throw new TypeError(`setClientSecret: ${product} has no user ${JSON.stringify(username)}`);
      }
      if (typeof clientSecret !== 'string' || clientSecret === '') {
        throw new TypeError('setClientSecret: the client secret must be a non-empty string');
      }
      productState.clientSecrets.set(username, clientSecret);
    },
    revokeAll(product) {
      for (const name of product === undefined ? SANDBOX_PRODUCTS : [product]) {
        state(name).tokens.clear();
      }
    },
    setResponseShape(product, shape) {
      assertShape(product, shape);
      state(product).shape = shape;
    },
    setRefusalStyle(product, style) {
      assertRefusalStyle(product, style);
      state(product).refusalStyle = style;
    },
    setTokenLifetime(product, seconds) {
      assertLifetime(product, seconds);
      state(product).lifetimeSeconds = seconds;
    },
    reset() {
      for (const product of SANDBOX_PRODUCTS) resetProductState(states[product]);
    },
  };
}

/** Builds the sandbox engine; transports ({@link startSandbox}, {@link createSandboxHandler}) wrap it. */
export function createSandboxEngine(options: SandboxOptions = {}): SandboxEngine {
  const states = createProductStates(options);
  const now = options.now ?? Date.now;
  const closing = new AbortController();
  const control = createControl(states);
  let generation = 0;

  const finish = (
    entry: SandboxRequestLogEntry,
    reply: SandboxReply,
    outcome: string,
  ): SandboxReply => {
    entry.outcome = outcome;
    if (reply.kind === 'response') entry.status = reply.status;
    options.onRequest?.(structuredClone(entry));
    return reply;
  };

  const handleToken = async (
    state: ProductState,
    request: SandboxRequest,
    entry: SandboxRequestLogEntry,
  ): Promise<SandboxReply> => {
    state.counters.tokenRequests += 1;
    const fault = state.faults.shift();
    if (fault !== undefined) {
      state.counters.faultsServed += 1;
      if (fault.type !== 'delay') return finish(entry, faultReply(fault), `fault:${fault.type}`);
      try {
        await sleep(fault.ms, closing.signal);
      } catch {
        return finish(entry, { kind: 'reset' }, 'fault:delay');
      }
    }
    const result = handleTokenRequest(state, request, now());
    return finish(entry, result.reply, result.outcome);
  };

  const route = async (received: SandboxRequest): Promise<SandboxReply> => {
    // Logged and echoed without the generation, so paths compare alike whatever the generation.
    const request = { ...received, path: received.path.replace(GENERATION_PREFIX, '') };
    const match = PATH.exec(request.path);
    const product = match?.[1];
    if (product === undefined || !isSandboxProduct(product)) return notFound(request.path);
    const state = states[product];
    const rest = match?.[2] ?? '';
    const endpoint =
      rest === '/oauth/token'
        ? 'token'
        : rest === '/api/ping'
          ? 'ping'
          : rest.startsWith('/api/') && ENCRYPTED_APIS[product] !== undefined
            ? 'api'
            : 'unknown';
    const entry = redactRequest(request, endpoint, now());
    appendLogEntry(state, entry);
    if (endpoint === 'token') return handleToken(state, request, entry);
    if (endpoint === 'ping') {
      const result = handlePing(state, request, now());
      return finish(entry, result.reply, result.outcome);
    }
    if (endpoint === 'api') {
      const result = handleEncryptedApi(state, request, now());
      return finish(entry, result.reply, result.outcome);
    }
    return finish(entry, notFound(request.path), 'not_found');
  };

  // A preflight is the browser asking, not a client calling: it is neither logged nor counted.
  const handle =
    options.cors === true
      ? async (request: SandboxRequest): Promise<SandboxReply> =>
          request.method === 'OPTIONS'
            ? corsPreflightReply()
            : withCorsHeaders(await route(request))
      : route;

  return {
    control: {
      ...control,
      reset() {
        control.reset();
        generation += 1;
      },
    },
    basePath: (product) => `${generation === 0 ? '' : `/reset-${generation}`}/${product}`,
    handle,
    closed: closing.signal,
    close: () => closing.abort(new Error('The sandbox closed')),
  };
}
