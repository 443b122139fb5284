import type { FleetResult } from './fleet-protocol.js';

/** Every caller of every process: the token fingerprints and error codes they got, added up. */
export function combineFleetResults(results: readonly FleetResult[]): {
  tokens: Record<string, number>;
  errors: Record<string, number>;
} {
  const tokens: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const result of results) {
    for (const [token, count] of Object.entries(result.tokens)) {
      tokens[token] = (tokens[token] ?? 0) + count;
    }
    for (const [code, count] of Object.entries(result.errors)) {
      errors[code] = (errors[code] ?? 0) + count;
    }
  }
  return { tokens, errors };
}

/** How many callers got any error. */
export function errorCount(errors: Record<string, number>): number {
  return Object.values(errors).reduce((sum, count) => sum + count, 0);
}
