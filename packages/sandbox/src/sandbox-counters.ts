/** What happened on one product since start or the last `reset()`. */
export interface SandboxCounters {
  /** Requests to `/oauth/token`, faulted ones included. */
  tokenRequests: number;
  /** Tokens issued. */
  issued: number;
  /** Credential refusals: wrong client pair, unknown user, wrong password or clientId or API-Key, locked user. */
  rejected: number;
  /** Malformed token requests (400) and wrong methods (405). */
  invalidRequests: number;
  /** Users locked after consecutive failures (not counting `lock()` calls). */
  lockouts: number;
  /** Token requests answered (or not) by a queued fault. */
  faultsServed: number;
  /** Requests to `/api/ping`. */
  pings: number;
  /** Pings refused for a missing, unknown, revoked or expired token. */
  pingsRejected: number;
}

/** Fresh counters, all zero. */
export function createCounters(): SandboxCounters {
  return {
    tokenRequests: 0,
    issued: 0,
    rejected: 0,
    invalidRequests: 0,
    lockouts: 0,
    faultsServed: 0,
    pings: 0,
    pingsRejected: 0,
  };
}
