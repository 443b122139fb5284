import type { SandboxProduct } from './products.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import type { SandboxUser } from './sandbox-user.js';

/**
 * The success body a product serves:
 * - `camelCase`: `{accessToken, tokenType, expiresIn, refreshToken}` (payouts, bbps; cards on request),
 * - `snake_case`: `{access_token, token_type, refresh_token, expires_in, scope}` (rewards, cards; expense on request),
 * - `expense`: `{token, expiry, resultCode: 200, resultMessage}` with `expiry` in epoch milliseconds.
 *
 * With `expense`, credential rejections are HTTP 200 with `resultCode` 401; with the
 * other shapes they are HTTP 401 `{error: 'invalid_grant', error_description}`.
 */
export type SandboxResponseShape = 'camelCase' | 'snake_case' | 'expense';

/**
 * How the sandbox words a refusal of the user's credentials (wrong password,
 * unknown or locked user, wrong API key); a refusal counts toward the lock
 * whatever its wording:
 * - `documented` (default): HTTP 200 `{resultCode: 401, resultMessage}` for the
 *   `expense` shape, HTTP 401 `{error: 'invalid_grant', error_description}` otherwise;
 * - `jackson-nulls`: HTTP 200 with every field of the success body present as
 *   `null`, as a Java/Jackson backend writes it, beside the refusal fields
 *   (`{token: null, expiry: null, resultCode: 401, resultMessage}` for expense,
 *   `{accessToken: null, …, error, error_description}` otherwise);
 * - `unexpected-shape`: HTTP 200 `{"unexpected": "shape"}`, a refusal no client can recognise.
 */
export type SandboxRefusalStyle = 'documented' | 'jackson-nulls' | 'unexpected-shape';

/** Per-product behaviour. */
export interface SandboxProductOptions {
  /** How refusals of the user's credentials are worded. Default `documented`. */
  refusalStyle?: SandboxRefusalStyle | undefined;
  /** Which documented success body to serve. Defaults: payouts/bbps `camelCase`, rewards/cards `snake_case`, expense `expense`. */
  responseShape?: SandboxResponseShape | undefined;
  /** How long issued tokens live, in whole seconds. Default 300. */
  tokenLifetimeSeconds?: number | undefined;
}

/** Options of {@link createSandboxHandler}; {@link startSandbox} takes these too. */
export interface SandboxOptions {
  /** Users per product, replacing that product's demo user; the first is `sandbox.users[product]`. */
  users?: Partial<Record<SandboxProduct, SandboxUser | readonly SandboxUser[]>> | undefined;
  /** Per-product response shape and token lifetime. */
  products?: Partial<Record<SandboxProduct, SandboxProductOptions>> | undefined;
  /** The clock, in epoch milliseconds, for token expiry and `expiry` values. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Called once per finished request with its redacted log entry (the CLI prints these). */
  onRequest?: ((entry: SandboxRequestLogEntry) => void) | undefined;
  /**
   * Set to `true` to let browser pages on any origin call the sandbox: every
   * response carries `Access-Control-Allow-Origin: *` with the allowed headers
   * (`Authorization` included) and methods, `Retry-After` is exposed, and a
   * preflight `OPTIONS` gets a 204 without being logged or counted. Default
   * `false`: responses stay exactly as EnKash sends them.
   *
   * @example
   * ```ts
   * const sandbox = await startSandbox({ cors: true });
   * // a page served from http://127.0.0.1:8080 may now fetch sandbox.baseUrl('payouts')
   * ```
   */
  cors?: boolean | undefined;
}

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions extends SandboxOptions {
  /** Interface to listen on. Default `127.0.0.1`. A non-loopback host needs `allowNonLoopback`. */
  host?: string | undefined;
  /** Port to listen on. Default 0: a free port. */
  port?: number | undefined;
  /** Set to `true` to listen on a non-loopback host: the sandbox accepts demo credentials and is for tests only. */
  allowNonLoopback?: boolean | undefined;
}
