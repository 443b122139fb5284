import type { SandboxProduct } from '../products.js';
import type { SandboxUser } from '../sandbox-user.js';
import type { Sandbox } from '../start-sandbox.js';

/** `Basic base64(id:secret)`. */
export function basicHeader(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** What to change from a correct token request; `undefined` drops a field or header. */
export interface TokenRequestChanges {
  user?: SandboxUser;
  method?: string;
  form?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  rawBody?: string;
}

/** A response read fully: status, headers, raw text and the JSON it holds (when it is JSON). */
export interface ReadResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

function withoutUndefined(record: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) if (value !== undefined) result[name] = value;
  return result;
}

/** Reads a response fully; `json` is `{}` when the body is not JSON. */
export async function readResponse(response: Response): Promise<ReadResponse> {
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: tests that care look at `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The form body and headers of a correct token request for a product's user. */
export function correctRequest(
  product: SandboxProduct,
  user: SandboxUser,
): {
  form: Record<string, string>;
  headers: Record<string, string>;
} {
  const pair = user.basicAuth ?? { id: user.clientId, secret: user.clientSecret };
  const form: Record<string, string> = {
    username: user.username,
    password: user.password,
    grant_type: 'password',
  };
  if (product !== 'expense') form.clientId = user.clientId;
  const headers: Record<string, string> = {
    authorization: basicHeader(pair.id, pair.secret),
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'sandbox-test/1.0',
  };
  if (user.apiKey !== undefined) headers['api-key'] = user.apiKey;
  return { form, headers };
}

/** Sends a token request over real HTTP, correct unless `changes` say otherwise. */
export async function requestToken(
  sandbox: Sandbox,
  product: SandboxProduct,
  changes: TokenRequestChanges = {},
): Promise<ReadResponse> {
  const correct = correctRequest(product, changes.user ?? sandbox.users[product]);
  const form = withoutUndefined({ ...correct.form, ...changes.form });
  const response = await fetch(`${sandbox.baseUrl(product)}/oauth/token`, {
    method: changes.method ?? 'POST',
    headers: withoutUndefined({ ...correct.headers, ...changes.headers }),
    ...(changes.method === 'GET'
      ? {}
      : { body: changes.rawBody ?? new URLSearchParams(form).toString() }),
  });
  return readResponse(response);
}

/** The access token of a success body, whichever shape it has. */
export function accessTokenOf(body: Record<string, unknown>): string {
  const token = body.accessToken ?? body.access_token ?? body.token;
  if (typeof token !== 'string')
    throw new Error(`No token in ${JSON.stringify(Object.keys(body))}`);
  return token;
}

/** `GET /{product}/api/ping` with an optional bearer token. */
export async function ping(
  sandbox: Sandbox,
  product: SandboxProduct,
  token?: string,
): Promise<ReadResponse> {
  const headers: Record<string, string> =
    token === undefined ? {} : { authorization: `Bearer ${token}` };
  return readResponse(await fetch(`${sandbox.baseUrl(product)}/api/ping`, { headers }));
}
