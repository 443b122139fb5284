import * as v from 'valibot';
import type { AccessToken } from '../access-token.js';
import { defineResponseShape, type ResponseShape } from './product-definition.js';

/** The fields of an {@link AccessToken} a shape has read, with the lifetime still relative. */
export interface TokenFields {
  accessToken: string;
  /** Lifetime in seconds, as OAuth's `expires_in`. */
  expiresInSeconds: number;
  /** Absent, `null` and `''` all mean "not given". */
  tokenType?: string | null | undefined;
  /** Absent, `null` and `''` all mean "not given". */
  refreshToken?: string | null | undefined;
  /** Absent, `null` and `''` all mean "not given". */
  scope?: string | null | undefined;
}

/**
 * Turns a relative lifetime into an {@link AccessToken}, with `tokenType`
 * defaulting to `bearer` and absent optional fields (`null` included) left
 * out. The core then caps the lifetime by `maxLifetimeMs` and rejects a
 * non-positive one.
 */
export function tokenFromFields(fields: TokenFields, now: number): AccessToken {
  const token: AccessToken = {
    accessToken: fields.accessToken,
    tokenType: given(fields.tokenType) ?? 'bearer',
    expiresAt: now + fields.expiresInSeconds * 1000,
  };
  const refreshToken = given(fields.refreshToken);
  if (refreshToken !== undefined) token.refreshToken = refreshToken;
  const scope = given(fields.scope);
  if (scope !== undefined) token.scope = scope;
  return token;
}

// Plain checks rather than v.pipe() with actions: a pipe and its actions weigh more in every
// product's bundle than the schemas themselves. `expects` names the type in INVALID_RESPONSE
// messages (a custom schema's own is "unknown").
const nonEmptyString = Object.assign(
  v.custom<string>((value) => typeof value === 'string' && value !== ''),
  { expects: 'non-empty string' },
);
const finiteNumber = Object.assign(v.custom<number>(Number.isFinite), { expects: 'finite number' });
// Java/Jackson backends send null for a field they have no value for: null is absent.
const optionalString = v.nullish(v.string());

// The camelCase body payouts and BBPS document. Every field is marked optional
// there; the SDK cannot work without the token and its lifetime, so those two
// are required. The schema declares only the fields the SDK reads.
const camelCaseSchema = v.object({
  accessToken: nonEmptyString,
  expiresIn: finiteNumber,
  tokenType: optionalString,
  refreshToken: optionalString,
  scope: optionalString,
});

/**
 * The camelCase body `{accessToken, tokenType, expiresIn, refreshToken}`
 * (payouts, BBPS, cards): `accessToken` and `expiresIn` (seconds) required,
 * the others optional (`null` counts as absent).
 */
export const camelCaseShape: ResponseShape = defineResponseShape(
  'camelCase',
  camelCaseSchema,
  (body, { now }) => ({
    type: 'token',
    token: tokenFromFields(
      {
        accessToken: body.accessToken,
        expiresInSeconds: body.expiresIn,
        tokenType: body.tokenType,
        refreshToken: body.refreshToken,
        scope: body.scope,
      },
      now,
    ),
  }),
);

/** The optional fields of the snake_case body that a product may require. */
export type SnakeCaseOptionalField = 'token_type' | 'refresh_token' | 'scope';

/**
 * Builds the OAuth snake_case shape `{access_token, token_type, refresh_token,
 * expires_in, scope}` with `access_token` and `expires_in` (seconds) always
 * required and the listed extra fields required as well (a required field
 * must be a string; an optional one may be absent or `null`).
 *
 * @example
 * ```ts
 * // Rewards documents every field as present.
 * const rewardsShape = createSnakeCaseShape({
 *   name: 'rewards',
 *   required: ['token_type', 'refresh_token', 'scope'],
 * });
 * ```
 */
export function createSnakeCaseShape(
  options: { name?: string; required?: readonly SnakeCaseOptionalField[] } = {},
): ResponseShape {
  const required = new Set(options.required ?? []);
  const field = (name: SnakeCaseOptionalField) =>
    required.has(name) ? v.string() : optionalString;
  // Only the fields the SDK reads are declared; anything else is ignored.
  const schema = v.object({
    access_token: nonEmptyString,
    expires_in: finiteNumber,
    token_type: field('token_type'),
    refresh_token: field('refresh_token'),
    scope: field('scope'),
  });
  return defineResponseShape(options.name ?? 'snake_case', schema, (body, { now }) => ({
    type: 'token',
    token: tokenFromFields(
      {
        accessToken: body.access_token,
        expiresInSeconds: body.expires_in,
        tokenType: body.token_type,
        refreshToken: body.refresh_token,
        scope: body.scope,
      },
      now,
    ),
  }));
}

/**
 * The standard OAuth snake_case body (`access_token` and `expires_in` in
 * seconds required; `token_type`, `refresh_token`, `scope` optional).
 */
export const snakeCaseShape: ResponseShape = createSnakeCaseShape();

function given(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
