/** One product user's token endpoint and credentials. */
export interface TokenEndpoint {
  /** `{baseUrl}/oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** EnKash's Basic header: `clientId:clientSecret` in Base64, not form-encoded first. */
export function basicHeader(endpoint: TokenEndpoint): string {
  return `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64')}`;
}
