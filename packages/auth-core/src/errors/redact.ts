import { utf8ToBase64 } from '../util/base64.js';
import { forEachOccurrence, type Needle, prepareNeedle } from './substring-search.js';

// Very short values would redact ordinary words and protect nothing.
const SHORTEST_SECRET = 4;
// Only the last few tokens can still be echoed; keep memory flat.
const REMEMBERED_TOKENS = 4;
const REPLACEMENT = '[redacted]';
const NOTHING: readonly string[] = [];

/**
 * Removes known secrets from text that came from elsewhere (a server's
 * explanation that echoes the password, a store's message that quotes a
 * token). Every secret is matched in each spelling a server might echo it in:
 * as is, URL-encoded (either hex case), form-encoded, base64 and base64url.
 * The search is linear in the text and the secrets (no expression is built
 * from them), so secrets and tokens of a megabyte are redacted like short
 * ones; text that cannot be checked is replaced by a fixed notice, never
 * passed through.
 */
export interface Redactor {
  /**
   * The text with every occurrence of every spelling of every known secret
   * replaced by `[redacted]` (overlapping occurrences make one); never throws.
   */
  redact(text: string): string;
  /** Adds a token the auth now holds; the last few stay known. */
  remember(token: string): void;
}

/** What {@link Redactor.redact} answers when the text cannot be checked: nothing of the text. */
export const REDACTION_FAILED = '[withheld: the text could not be checked for secrets]';

/**
 * Creates a {@link Redactor} for fixed secrets, and for the secrets
 * `learned` answers when asked (the credentials' recent reads: a new array
 * whenever they change). Pass pairs that travel together as `id:secret`
 * too, so the base64 of the pair (a Basic value) is matched as well.
 */
export function createRedactor(
  secrets: readonly string[],
  learned: () => readonly string[] = () => NOTHING,
): Redactor {
  const tokens: string[] = [];
  let known: readonly string[] | undefined;
  let needles: Needle[] | undefined;
  return {
    redact(text) {
      try {
        const current = learned();
        if (current !== known) {
          known = current;
          needles = undefined;
        }
        needles ??= prepareNeedles([...secrets, ...current, ...tokens]);
        return replaceOccurrences(text, needles);
      } catch {
        return REDACTION_FAILED;
      }
    },
    remember(token) {
      if (tokens.includes(token)) return;
      tokens.push(token);
      if (tokens.length > REMEMBERED_TOKENS) tokens.shift();
      needles = undefined;
    },
  };
}

/** Every spelling of every secret, once each. */
function prepareNeedles(secrets: readonly string[]): Needle[] {
  const spellings = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < SHORTEST_SECRET) continue;
    for (const spell of SPELLINGS) {
      try {
        spellings.add(spell(secret));
      } catch {
        // URL encoding refuses a lone surrogate: the other spellings still count.
      }
    }
  }
  return [...spellings].map(prepareNeedle);
}

const uriEncoded = (secret: string) => encodeURIComponent(secret);
const unpaddedBase64 = (secret: string) => utf8ToBase64(secret).replace(/=+$/, '');

/** Every spelling of a secret a server might echo, unpadded base64 so a prefix inside longer base64 matches too. */
const SPELLINGS: ReadonlyArray<(secret: string) => string> = [
  (secret) => secret,
  uriEncoded,
  (secret) => uriEncoded(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
  (secret) => new URLSearchParams({ s: secret }).toString().slice(2),
  unpaddedBase64,
  (secret) => unpaddedBase64(secret).replace(/\+/g, '-').replace(/\//g, '_'),
];

/**
 * `text` with every occurrence of every needle replaced: the occurrences of
 * all needles are merged where they overlap (a token that starts inside
 * another secret is covered whole), each run becoming one `[redacted]`.
 */
function replaceOccurrences(text: string, needles: readonly Needle[]): string {
  const spans: Array<[number, number]> = [];
  for (const needle of needles) {
    const { length } = needle.text;
    if (length > text.length) continue;
    forEachOccurrence(text, needle, (start) => {
      const previous = spans.at(-1);
      // Occurrences of one needle come in order: extend the run they overlap.
      if (previous !== undefined && previous[1] > start && previous[0] <= start) {
        previous[1] = Math.max(previous[1], start + length);
      } else {
        spans.push([start, start + length]);
      }
    });
  }
  if (spans.length === 0) return text;
  spans.sort((left, right) => left[0] - right[0]);
  let result = '';
  let runEnd = 0;
  for (const [start, stop] of spans) {
    if (start < runEnd) {
      runEnd = Math.max(runEnd, stop);
      continue;
    }
    result += `${text.slice(runEnd, start)}${REPLACEMENT}`;
    runEnd = stop;
  }
  return result + text.slice(runEnd);
}
