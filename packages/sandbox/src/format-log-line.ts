import type { SandboxRequestLogEntry } from './request-log-entry.js';

/**
 * One line per request for the CLI, built only from the redacted entry, so a
 * secret cannot reach the terminal: `METHOD path status outcome user=... basicId=...`.
 */
export function formatLogLine(entry: SandboxRequestLogEntry): string {
  const parts = [
    new Date(entry.time).toISOString(),
    entry.method,
    entry.path,
    entry.status === undefined ? '-' : String(entry.status),
    entry.outcome,
  ];
  const username = entry.form?.username;
  if (username !== undefined) parts.push(`user=${username}`);
  if (entry.basicId !== undefined) parts.push(`basicId=${entry.basicId}`);
  return parts.join(' ');
}
