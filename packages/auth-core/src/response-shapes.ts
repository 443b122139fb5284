import * as v from 'valibot';
import type { AccessToken } from './access-token.js';
import { defineResponseShape, type ResponseShape } from './product-definition.js';

const nonEmptyString = v.pipe(v.string(), v.minLength(1));
const finiteNumber = v.pipe(v.number(), v.finite());

/** The fields of an {@link AccessToken} a shape has read, with the lifetime still relative. */
export interface TokenFields {
  accessToken: string;
  /** Lifetime in seconds, as OAuth's `expires_in`. */
  expiresInSeconds: number;
  tokenType?: string | undefined;
  refreshToken?: string | undefined;
  scope?: string | undefined;
}

/**
 * Turns a relative lifetime into an {@link AccessToken}, with `tokenType`
 * defaulting to `bearer` and absent optional fields left out. The core then
 * caps the lifetime by `maxLifetimeMs` and rejects a non-positive one.
 */
export function tokenFromFields(fields: TokenFields, now: number): AccessToken {
  const token: AccessToken = {
    accessToken: fields.accessToken,
    tokenType:
      fields.tokenType !== undefined && fields.tokenType !== '' ? fields.tokenType : 'bearer',
    expiresAt: now + fields.expiresInSeconds * 1000,
  };
  if (fields.refreshToken !== undefined && fields.refreshToken !== '') {
    token.refreshToken = fields.refreshToken;
  }
  if (fields.scope !== undefined && fields.scope !== '') {
    token.scope = fields.scope;
  }
  return token;
}

// The camelCase body payouts and BBPS document. Every field is marked optional
// there; the SDK cannot work without the token and its lifetime, so those two
// are required. The schema declares only the fields the SDK reads.
const camelCaseSchema = v.object({
  accessToken: nonEmptyString,
  expiresIn: finiteNumber,
  tokenType: v.optional(v.string()),
  refreshToken: v.optional(v.string()),
  scope: v.optional(v.string()),
});

/**
 * The camelCase body `{accessToken, tokenType, expiresIn, refreshToken}`
 * (payouts, BBPS, cards): `accessToken` and `expiresIn` (seconds) required.
 */
export const camelCaseTokenResponse: ResponseShape = defineResponseShape(
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

/** The optional fields of the OAuth snake_case body that a product may require. */
export type OAuthOptionalField = 'token_type' | 'refresh_token' | 'scope';

/**
 * Builds the OAuth snake_case shape `{access_token, token_type, refresh_token,
 * expires_in, scope}` with `access_token` and `expires_in` (seconds) always
 * required and the listed extra fields required as well.
 *
 * @example
 * ```ts
 * // Rewards documents every field as present.
 * const rewardsResponse = createOAuthTokenResponse({
 *   name: 'rewards',
 *   required: ['token_type', 'refresh_token', 'scope'],
 * });
 * ```
 */
export function createOAuthTokenResponse(
  options: { name?: string; required?: readonly OAuthOptionalField[] } = {},
): ResponseShape {
  const required = new Set(options.required ?? []);
  const field = (name: OAuthOptionalField) =>
    required.has(name) ? v.string() : v.optional(v.string());
  // Only the fields the SDK reads are declared; anything else is ignored.
  const schema = v.object({
    access_token: nonEmptyString,
    expires_in: finiteNumber,
    token_type: field('token_type'),
    refresh_token: field('refresh_token'),
    scope: field('scope'),
  });
  return defineResponseShape(options.name ?? 'OAuth', schema, (body, { now }) => ({
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
export const oauthTokenResponse: ResponseShape = createOAuthTokenResponse();
