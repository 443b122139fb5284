import type { AccessToken } from './access-token.js';
import type { RejectionDetails } from './product-definition.js';
import { pickRejectionDetails } from './redact.js';

/** A token as a store holds it: opaque JSON, with the issue time that sizes its refresh window. */
export interface StoredToken {
  token: AccessToken;
  issuedAt: number;
}

function isStoredShape(value: unknown): value is AccessToken & { issuedAt: number } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.accessToken === 'string' &&
    typeof record.tokenType === 'string' &&
    typeof record.expiresAt === 'number' &&
    typeof record.issuedAt === 'number' &&
    (record.refreshToken === undefined || typeof record.refreshToken === 'string') &&
    (record.scope === undefined || typeof record.scope === 'string')
  );
}

/** The store value of a token. */
export function serializeToken(token: AccessToken, issuedAt: number): string {
  return JSON.stringify({ ...token, issuedAt });
}

/**
 * Reads a store value back: `undefined` when absent, unreadable, expired at
 * `now`, or the very token being replaced (a refresh wants a newer one).
 */
export function parseStoredToken(
  raw: string | undefined,
  now: number,
  replacing: AccessToken | undefined,
): StoredToken | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isStoredShape(parsed) || parsed.expiresAt <= now) return undefined;
  if (replacing !== undefined && parsed.accessToken === replacing.accessToken) return undefined;
  const { issuedAt, ...token } = parsed;
  return { token: Object.freeze(token), issuedAt };
}

/** A refusal one process announces to the others that waited on its request. */
export interface AnnouncedRejection {
  status: number;
  details: RejectionDetails;
}

/** The store value of an announced refusal (allowlisted details only). */
export function serializeAnnouncedRejection(rejection: AnnouncedRejection): string {
  return JSON.stringify(rejection);
}

/** Reads an announced refusal back; anything unreadable counts as absent. */
export function parseAnnouncedRejection(raw: string | undefined): AnnouncedRejection | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as { status?: unknown; details?: unknown };
    if (typeof value.status === 'number') {
      return { status: value.status, details: pickRejectionDetails(value.details) };
    }
  } catch {
    // Not ours: treat it like an absent marker.
  }
  return undefined;
}
