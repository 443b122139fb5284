import { ResourceOwnerPassword } from 'simple-oauth2';
import type { TokenEndpoint } from './token-endpoint.js';

/** simple-oauth2: the resource owner password grant with the Basic header. */
export function createSimpleOauth2TokenRequest(endpoint: TokenEndpoint): () => Promise<unknown> {
  const url = new URL(endpoint.tokenUrl);
  const client = new ResourceOwnerPassword({
    client: { id: endpoint.clientId, secret: endpoint.clientSecret },
    auth: { tokenHost: url.origin, tokenPath: url.pathname },
    options: {
      authorizationMethod: 'header',
      bodyFormat: 'form',
      credentialsEncodingMode: 'loose',
    },
  });
  return async () => {
    const token = await client.getToken({
      username: endpoint.username,
      password: endpoint.password,
      // simple-oauth2 sends extra parameters as they are; EnKash wants clientId in the body.
      ...({ clientId: endpoint.clientId } as Record<string, string>),
    });
    return token.token;
  };
}
