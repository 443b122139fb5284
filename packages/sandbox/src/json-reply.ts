import type { SandboxReply } from './sandbox-request.js';

/** Spring answers token calls with these headers; clients must not cache a token response. */
const JSON_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const;

/** A JSON response as the Spring backend sends it. */
export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): SandboxReply {
  return {
    kind: 'response',
    status,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** A Spring OAuth2 error body `{error, error_description}`. */
export function oauthErrorReply(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): SandboxReply {
  return jsonReply(status, { error, error_description: description }, headers);
}
