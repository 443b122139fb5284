import type { GenericSchema, InferOutput } from 'valibot';
import type { AccessToken } from '../access-token.js';

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

/** Context a response shape receives when the response arrived. */
export interface OutcomeContext {
  /**
   * The server's time when its response had a valid `Date` header, else the
   * auth's clock, in epoch milliseconds: a relative lifetime is added to it.
   */
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
  /**
   * The token's `expiresAt` is an absolute time from the server (expense's
   * epoch milliseconds), not `now` plus a lifetime: the core reads it
   * against the response's `Date` header.
   */
  readonly absoluteExpiry?: boolean;
}

/**
 * Everything a product package tells the core: data plus the response shapes.
 * A product never touches transport, caching or errors.
 *
 * `TOptionName` names the product's own string options (cards: `'cookie' |
 * 'partnerId'`, expense: `'apiKey'`), so a header map keyed by a misspelt
 * option fails to compile, and `createAuth` checks the names against the
 * product's options type.
 *
 * @example
 * ```ts
 * export const expenseDefinition: ProductDefinition<'apiKey'> = {
 *   product: 'expense',
 *   version: VERSION,
 *   optionHeaders: { apiKey: 'API-Key' },
 *   responses: [expenseShape, snakeCaseShape],
 * };
 * ```
 */
export interface ProductDefinition<TOptionName extends string = string> {
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
  readonly optionHeaders?: Readonly<Partial<Record<TOptionName, string>>>;
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
  readonly apiOptionHeaders?: Readonly<Partial<Record<TOptionName, string>>>;
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
  options: { absoluteExpiry?: boolean } = {},
): ResponseShape {
  const shape = { name, schema, toOutcome: toOutcome as ResponseShape['toOutcome'] };
  return options.absoluteExpiry === true ? { ...shape, absoluteExpiry: true } : shape;
}

/**
 * The `[option name, header name]` pairs of a definition's `optionHeaders`
 * or `apiOptionHeaders`.
 */
export function headerMapEntries(
  map: Readonly<Partial<Record<string, string>>> | undefined,
): [optionName: string, headerName: string][] {
  // The maps are written as literals: an optional entry is absent, never `undefined`.
  return Object.entries(map ?? {}) as [string, string][];
}
