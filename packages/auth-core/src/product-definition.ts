import type { GenericSchema, InferOutput } from 'valibot';
import type { AccessToken } from './access-token.js';

/**
 * Response details that may be shown in errors and events. Nothing else from a
 * response body ever leaves the core: this is the redaction allowlist.
 */
export interface RejectionDetails {
  error?: string;
  error_description?: string;
  resultCode?: number;
  resultMessage?: string;
}

/** What a product makes of a parsed token response body. */
export type TokenOutcome =
  | { type: 'token'; token: AccessToken }
  | { type: 'rejection'; details: RejectionDetails }
  | { type: 'invalid'; paths: readonly string[] };

/** Context a response shape receives: the injected clock's reading when the response arrived. */
export interface OutcomeContext {
  now: number;
}

/**
 * One documented response body: a valibot schema that declares only the fields
 * the SDK reads, and the mapping of a matching body to an outcome.
 */
export interface ResponseShape {
  /** Human name of the shape, used in `INVALID_RESPONSE` messages (e.g. `camelCase`). */
  readonly name: string;
  /** The valibot schema a body must match; it declares only the fields the SDK reads. */
  readonly schema: GenericSchema<unknown, unknown>;
  /** Maps a matching body to a token, a rejection or invalid paths. */
  readonly toOutcome: (output: unknown, context: OutcomeContext) => TokenOutcome;
}

/**
 * Everything a product package tells the core: data plus the response shapes.
 * A product never touches transport, caching or errors.
 */
export interface ProductDefinition {
  /** Short product name (`payouts`, `cards`, ...): used in errors, events, store keys and the User-Agent. */
  readonly product: string;
  /** The product package's version, for the User-Agent `@enkash/<product>/<version>`. */
  readonly version: string;
  /** Whether the form body carries `clientId`. Default `true`; expense sets `false`. */
  readonly sendsClientId?: boolean;
  /**
   * Product-specific string options sent as request headers, option name to
   * header name (cards: `{ cookie: 'Cookie' }`, expense: `{ apiKey: 'API-Key' }`).
   */
  readonly optionHeaders?: Readonly<Record<string, string>>;
  /** The accepted response shapes, tried in order; the first that matches decides. */
  readonly responses: readonly [ResponseShape, ...ResponseShape[]];
  /**
   * Whether the product's API payloads travel AES-encrypted in a
   * `{"request": "<ciphertext>"}` envelope, both ways: the default of option
   * `encryption`. Default `false`.
   */
  readonly encryptsPayloads?: boolean;
  /**
   * Product-specific string options sent as headers on every API call through
   * `client` and `fetch`, never on the token request, option name to header
   * name (cards: `{ partnerId: 'partnerId' }`).
   */
  readonly apiOptionHeaders?: Readonly<Record<string, string>>;
  /** Longest lifetime the product's tokens are trusted for, whatever the response says (rewards: 5 minutes). */
  readonly maxLifetimeMs?: number;
}

/**
 * Builds a {@link ResponseShape} whose mapping receives the schema's typed output.
 *
 * @example
 * ```ts
 * const shape = defineResponseShape('expense', expenseSchema, (body, { now }) => ...);
 * ```
 */
export function defineResponseShape<TSchema extends GenericSchema<unknown, unknown>>(
  name: string,
  schema: TSchema,
  toOutcome: (output: InferOutput<TSchema>, context: OutcomeContext) => TokenOutcome,
): ResponseShape {
  return { name, schema, toOutcome: toOutcome as ResponseShape['toOutcome'] };
}
