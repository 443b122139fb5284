import { jsonReply, oauthErrorReply } from './json-reply.js';
import type { SandboxResponseShape } from './sandbox-options.js';
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

/** A credential refusal: HTTP 200 with a failing `resultCode` for the expense shape, HTTP 401 `invalid_grant` otherwise. */
export function rejectionReply(shape: SandboxResponseShape, message: string): SandboxReply {
  if (shape === 'expense') return jsonReply(200, { resultCode: 401, resultMessage: message });
  return oauthErrorReply(401, 'invalid_grant', message);
}
