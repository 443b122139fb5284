import type { EnkashAuthEvents } from '../events.js';

/**
 * Where the SDK logs, by level: `console` works as is, as does any logger
 * with these methods (pino and winston through a two-line adapter, see the
 * guide). Every message and field has passed through the redactor first.
 */
export interface EnkashAuthLogger {
  /** Token requests and tokens. */
  debug?(message: string, fields?: object): void;
  /** Not used by the SDK today; accepted so that `console` and common loggers fit. */
  info?(message: string, fields?: object): void;
  /** Retries, refusals, store faults, failed background refreshes, clamped lifetimes. */
  warn?(message: string, fields?: object): void;
  /** The lockout guard tripped. */
  error?(message: string, fields?: object): void;
}

/** The level an event is logged at. */
export function levelOf<K extends keyof EnkashAuthEvents>(
  event: K,
  payload: EnkashAuthEvents[K],
): 'debug' | 'warn' | 'error' {
  switch (event) {
    case 'token':
    case 'token-adopted':
      return 'debug';
    case 'token-request':
      return (payload as EnkashAuthEvents['token-request']).outcome === 'token' ||
        (payload as EnkashAuthEvents['token-request']).outcome === 'transient'
        ? 'debug'
        : 'warn';
    case 'lockout':
      return 'error';
    default:
      return 'warn';
  }
}

/**
 * The logger of `ENKASH_AUTH_DEBUG=1` (Node): every event, at every level,
 * as one line on stderr. Without the variable, `undefined`: nothing printed.
 */
export function debugLogger(): EnkashAuthLogger | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  if (env?.ENKASH_AUTH_DEBUG !== '1') return undefined;
  const line =
    (level: string) =>
    (message: string, fields?: object): void => {
      console.error(
        `[enkash-auth] ${level} ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`,
      );
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
