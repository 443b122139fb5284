import { pickRejectionDetails } from '../errors/rejection-details.js';
import type { RejectionDetails } from '../product/product-definition.js';

/** A refusal one process announces to the others that waited on its request. */
export interface AnnouncedRejection {
  status: number;
  details: RejectionDetails;
  /** The binding of the credentials EnKash refused: only waiters with the same ones take it as theirs. */
  binding: string;
}

/** The store value of an announced refusal (allowlisted details only). */
export function serializeAnnouncedRejection(rejection: AnnouncedRejection): string {
  return JSON.stringify(rejection);
}

/** Reads an announced refusal back; anything unreadable counts as absent. */
export function parseAnnouncedRejection(raw: string | undefined): AnnouncedRejection | undefined {
  if (raw === undefined || raw.length > 16_384) return undefined;
  try {
    const value = JSON.parse(raw) as { status?: unknown; details?: unknown; binding?: unknown };
    if (
      typeof value.status === 'number' &&
      Number.isInteger(value.status) &&
      typeof value.binding === 'string'
    ) {
      return {
        status: value.status,
        details: pickRejectionDetails(value.details),
        binding: value.binding,
      };
    }
  } catch {
    // Not ours: treat it like an absent marker.
  }
  return undefined;
}
