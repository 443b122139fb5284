import { basicHeader, type TokenEndpoint } from './token-endpoint.js';

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
