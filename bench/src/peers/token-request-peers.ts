import * as oauth from 'oauth4webapi';
import { ResourceOwnerPassword } from 'simple-oauth2';

/** One product user's token endpoint and credentials. */
export interface TokenEndpoint {
  /** `{baseUrl}/oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

function basicHeader(endpoint: TokenEndpoint): string {
  return `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64')}`;
}

/** The same request by hand: `fetch` with the form body and Basic header, then `json()`. */
export function createBareFetchTokenRequest(endpoint: TokenEndpoint): () => Promise<unknown> {
  const headers = {
    authorization: basicHeader(endpoint),
    'content-type': 'application/x-www-form-urlencoded',
  };
  const body = new URLSearchParams({
    grant_type: 'password',
    username: endpoint.username,
    password: endpoint.password,
    clientId: endpoint.clientId,
  }).toString();
  return async () => {
    const response = await fetch(endpoint.tokenUrl, { method: 'POST', headers, body });
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status}`);
    return json;
  };
}

/** oauth4webapi: a generic `password` grant request and its response processing (RFC 6749 checks). */
export function createOauth4webapiTokenRequest(endpoint: TokenEndpoint): () => Promise<unknown> {
  const url = new URL(endpoint.tokenUrl);
  const authorizationServer: oauth.AuthorizationServer = {
    issuer: url.origin,
    token_endpoint: endpoint.tokenUrl,
  };
  const client: oauth.Client = { client_id: endpoint.clientId };
  // EnKash's Basic pair is not form-encoded first, unlike RFC 6749's (oauth4webapi's ClientSecretBasic).
  const header = basicHeader(endpoint);
  const clientAuthentication: oauth.ClientAuth = (_server, _client, _body, headers) => {
    headers.set('authorization', header);
  };
  const parameters = {
    username: endpoint.username,
    password: endpoint.password,
    clientId: endpoint.clientId,
  };
  return async () => {
    const response = await oauth.genericTokenEndpointRequest(
      authorizationServer,
      client,
      clientAuthentication,
      'password',
      parameters,
      // The sandbox listens on plain http on 127.0.0.1.
      { [oauth.allowInsecureRequests]: true },
    );
    return oauth.processGenericTokenEndpointResponse(authorizationServer, client, response);
  };
}

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
