import { createHash } from 'node:crypto';

/**
 * A short, one-way label for a token (`#3f9a1c`), so the output can show that
 * two tokens differ without printing either.
 */
export function fingerprint(token: string): string {
  return `#${createHash('sha256').update(token).digest('hex').slice(0, 6)}`;
}
