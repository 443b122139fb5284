import { utf8ToBase64 } from './base64.js';
import type { RejectionDetails } from './product-definition.js';

const STRING_FIELDS = ['error', 'error_description', 'resultMessage'] as const;
const LONGEST_DETAIL = 200;
// Very short values would redact ordinary words and protect nothing.
const SHORTEST_SECRET = 4;
// Only the last few tokens can still be echoed; keep memory flat.
const REMEMBERED_TOKENS = 4;
// The credentials of the current request and of the one before a rotation.
const REMEMBERED_SECRET_SETS = 2;
const REPLACEMENT = '[redacted]';

/**
 * Removes known secrets from text that came from elsewhere (a server's
 * explanation that echoes the password, a store's message that quotes a
 * token). Every secret is matched in each spelling a server might echo it in:
 * as is, URL-encoded (either hex case), form-encoded, base64 and base64url.
 */
export interface Redactor {
  /** The text with every spelling of every known secret replaced by `[redacted]`. */
  redact(text: string): string;
  /** Adds a token the auth now holds; the last few stay known. */
  remember(token: string): void;
  /**
   * Adds the secrets of one token request (credentials read from a
   * provider). The last two sets stay known, so a value rotated out is still
   * redacted while a slow answer may echo it.
   */
  rememberSecrets(secrets: readonly string[]): void;
}

/**
 * Creates a {@link Redactor} for fixed secrets. Pass pairs that travel
 * together as `id:secret` too, so the base64 of the pair (a Basic value) is
 * matched as well.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const fixed = secrets.flatMap(spellingsOf);
  const tokens: string[] = [];
  const secretSets: string[][] = [];
  let pattern: RegExp | undefined;
  let compiled = false;
  return {
    redact(text) {
      if (!compiled) {
        pattern = compile([
          ...fixed,
          ...secretSets.flat().flatMap(spellingsOf),
          ...tokens.flatMap(spellingsOf),
        ]);
        compiled = true;
      }
      return pattern === undefined ? text : text.replace(pattern, REPLACEMENT);
    },
    remember(token) {
      if (tokens.includes(token)) return;
      tokens.push(token);
      if (tokens.length > REMEMBERED_TOKENS) tokens.shift();
      compiled = false;
    },
    rememberSecrets(secretSet) {
      const last = secretSets.at(-1);
      if (last !== undefined && sameValues(last, secretSet)) return;
      secretSets.push([...secretSet]);
      if (secretSets.length > REMEMBERED_SECRET_SETS) secretSets.shift();
      compiled = false;
    },
  };
}

function sameValues(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/**
 * Keeps only the allowlisted fields of a response body (`error`,
 * `error_description`, `resultCode`, `resultMessage`) with the expected
 * primitive types. Anything else a server echoes back, a token or the
 * submitted username for instance, never leaves the core. Strings are
 * redacted first and cut after, so no secret is left half in.
 */
export function pickRejectionDetails(body: unknown, redactor?: Redactor): RejectionDetails {
  const details: RejectionDetails = {};
  if (typeof body !== 'object' || body === null) {
    return details;
  }
  const record = body as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value.length > 0) {
      const redacted = redactor === undefined ? value : redactor.redact(value);
      // A long string is more likely an echoed payload than an explanation.
      details[field] =
        redacted.length > LONGEST_DETAIL ? `${redacted.slice(0, LONGEST_DETAIL)}…` : redacted;
    }
  }
  const resultCode = record.resultCode;
  if (typeof resultCode === 'number' && Number.isFinite(resultCode)) {
    details.resultCode = resultCode;
  } else if (typeof resultCode === 'string' && /^\d{1,6}$/.test(resultCode)) {
    details.resultCode = Number(resultCode);
  }
  return details;
}

/** Every spelling of a secret a server might echo, unpadded base64 so a prefix inside longer base64 matches too. */
function spellingsOf(secret: string): string[] {
  if (secret.length < SHORTEST_SECRET) {
    return [];
  }
  const uri = encodeURIComponent(secret);
  const base64 = utf8ToBase64(secret).replace(/=+$/, '');
  return [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    base64,
    base64.replace(/\+/g, '-').replace(/\//g, '_'),
  ];
}

/** One pattern, longest spelling first, so a Basic value goes before the secret inside it. */
function compile(spellings: readonly string[]): RegExp | undefined {
  const unique = [...new Set(spellings)].sort((left, right) => right.length - left.length);
  if (unique.length === 0) {
    return undefined;
  }
  return new RegExp(
    unique.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
}
