/**
 * One request as the sandbox logged it, with every secret replaced by
 * `[redacted]`: the password, the Basic pair (its `id` is kept as `basicId`),
 * bearer tokens, cookie values and API keys. Everything else is kept verbatim so
 * tests can check the exact wire request.
 */
export interface SandboxRequestLogEntry {
  /** The sandbox clock's reading when the request arrived, in epoch milliseconds. */
  time: number;
  method: string;
  /** Path and query as received, e.g. `/payouts/oauth/token`. */
  path: string;
  /** Which endpoint the path names: `api` is the encrypted API of payouts, cards and rewards. */
  endpoint: 'token' | 'ping' | 'api' | 'unknown';
  /** Every header, names in lower case, secret values redacted (`Basic [redacted]`, `_cfuvid=[redacted]`). */
  headers: Record<string, string>;
  /** The `Content-Type` header, when sent. */
  contentType?: string;
  /** The `User-Agent` header, when sent. */
  userAgent?: string;
  /** The id half of the Basic pair (not a secret), when a decodable Basic header was sent. */
  basicId?: string;
  /** The form fields of a url-encoded body, `password` (and other secret fields) redacted. */
  form?: Record<string, string>;
  /** A `{"request": "<ciphertext>"}` body, its ciphertext redacted to its length; never the plaintext. */
  envelope?: { request: string };
  /** How the sandbox answered: `issued`, `rejected`, `locked`, `unauthorized`, `invalid_request`, `method_not_allowed`, `ok`, `invalid_token`, `bad_request`, `not_found` or `fault:<type>`. */
  outcome: string;
  /** The HTTP status sent; absent for a hang or a reset. */
  status?: number;
}
