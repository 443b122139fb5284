import * as oauth from 'oauth4webapi';
import { basicHeader, type TokenEndpoint } from './token-endpoint.js';

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
