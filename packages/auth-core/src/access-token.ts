/**
 * A token as every product's response is normalised to, whatever shape EnKash sent.
 */
export interface AccessToken {
  /** The bearer token; send it as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** The token type EnKash reported, `bearer` when it reported none. */
  tokenType: string;
  /** When the token stops being valid, in epoch milliseconds (already capped by product rules). */
  expiresAt: number;
  /** The refresh token, when the product sends one. */
  refreshToken?: string;
  /** The OAuth scope, when the product sends one. */
  scope?: string;
}
