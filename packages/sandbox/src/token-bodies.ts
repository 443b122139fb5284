import { jsonReply, oauthErrorReply } from './json-reply.js';
import type { SandboxRefusalStyle, SandboxResponseShape } from './sandbox-options.js';
import type { SandboxReply } from './sandbox-request.js';

/** A token as the sandbox issued it, before it is shaped into a product's body. */
export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  lifetimeSeconds: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** The success body of one documented shape. */
export function successBody(
  shape: SandboxResponseShape,
  token: IssuedToken,
): Record<string, unknown> {
  switch (shape) {
    case 'camelCase':
      return {
        accessToken: token.accessToken,
        tokenType: 'bearer',
        expiresIn: token.lifetimeSeconds,
        refreshToken: token.refreshToken,
      };
    case 'snake_case':
      return {
        access_token: token.accessToken,
        token_type: 'bearer',
        refresh_token: token.refreshToken,
        expires_in: token.lifetimeSeconds,
        scope: 'read write trust',
      };
    case 'expense':
      return {
        token: token.accessToken,
        expiry: token.expiresAt,
        resultCode: 200,
        resultMessage: 'Token generated successfully.',
      };
  }
}

/** A credential refusal in the given style (see {@link SandboxRefusalStyle}). */
export function rejectionReply(
  shape: SandboxResponseShape,
  style: SandboxRefusalStyle,
  message: string,
): SandboxReply {
  if (style === 'unexpected-shape') return jsonReply(200, { unexpected: 'shape' });
  const refusal =
    shape === 'expense'
      ? { resultCode: 401, resultMessage: message }
      : { error: 'invalid_grant', error_description: message };
  if (style === 'jackson-nulls') {
    return jsonReply(200, { ...nullFieldsOf(shape), ...refusal });
  }
  return shape === 'expense'
    ? jsonReply(200, refusal)
    : oauthErrorReply(401, 'invalid_grant', message);
}

/** Every field of the shape's success body, as `null`. */
function nullFieldsOf(shape: SandboxResponseShape): Record<string, null> {
  const fields = Object.keys(
    successBody(shape, { accessToken: '', refreshToken: '', lifetimeSeconds: 0, expiresAt: 0 }),
  );
  return Object.fromEntries(fields.map((field) => [field, null]));
}
