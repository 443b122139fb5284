import { envelopeOf } from './encrypted-api.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import type { SandboxRequest } from './sandbox-request.js';

const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['api-key', 'x-api-key', 'proxy-authorization']);
const SECRET_FORM_FIELDS = new Set([
  'password',
  'client_secret',
  'clientsecret',
  'refresh_token',
  'access_token',
]);

/** Keeps the scheme of an Authorization header (`Basic`, `Bearer`) and drops its credentials. */
function redactAuthorization(value: string): string {
  const scheme = /^\s*(\S+)/.exec(value)?.[1];
  return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
}

/** Keeps cookie names, so a test can see which cookies were forwarded, and drops their values. */
function redactCookie(value: string): string {
  return value
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => `${pair.split('=')[0] ?? ''}=${REDACTED}`)
    .join('; ');
}

function redactHeader(name: string, value: string): string {
  if (name === 'authorization') return redactAuthorization(value);
  if (name === 'cookie') return redactCookie(value);
  if (SECRET_HEADERS.has(name)) return REDACTED;
  return value;
}

/** The id half of a Basic header, which identifies the client without being secret. */
export function basicIdOf(authorization: string | undefined): string | undefined {
  const match = /^\s*Basic\s+(\S*)\s*$/i.exec(authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(0, colon);
}

function isFormBody(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * Builds the log entry of a request with every secret redacted. This is the only
 * place a request enters the log, so redaction has one place to be right.
 */
export function redactRequest(
  request: SandboxRequest,
  endpoint: SandboxRequestLogEntry['endpoint'],
  time: number,
): SandboxRequestLogEntry {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = redactHeader(name, value);
  }
  const entry: SandboxRequestLogEntry = {
    time,
    method: request.method,
    path: request.path,
    endpoint,
    headers,
    outcome: 'pending',
  };
  const contentType = request.headers['content-type'];
  const userAgent = request.headers['user-agent'];
  const basicId = basicIdOf(request.headers.authorization);
  if (contentType !== undefined) entry.contentType = contentType;
  if (userAgent !== undefined) entry.userAgent = userAgent;
  if (basicId !== undefined) entry.basicId = basicId;
  if (isFormBody(contentType)) {
    const form: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(request.body)) {
      form[name] = SECRET_FORM_FIELDS.has(name.toLowerCase()) ? REDACTED : value;
    }
    entry.form = form;
  }
  const ciphertext = envelopeOf(request.body);
  if (ciphertext !== undefined) {
    entry.envelope = { request: `${REDACTED} ${ciphertext.length} Base64 characters` };
  }
  return entry;
}
