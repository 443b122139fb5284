import type { ProductDefinition } from '../product/product-definition.js';
import { utf8ToBase64 } from '../util/base64.js';
import { buildUserAgent } from '../util/user-agent.js';

/**
 * What a token request authenticates with. The wire request is built from
 * this value alone, so a credential resolved per request (a rotated
 * password) only needs a new build.
 */
export interface TokenCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** The Basic pair when it is not `clientId:clientSecret`. */
  basicAuth: { readonly id: string; readonly secret: string } | undefined;
  /** Product option headers (cards `Cookie`, expense `API-Key`) by header name: credentials too. */
  productHeaders: Readonly<Record<string, string>>;
}

/** Everything the wire request is built from besides the credentials. */
export interface TokenWireSettings {
  product: string;
  tokenUrl: string;
  /** Extra headers (option `headers`), already checked. */
  headers: Readonly<Record<string, string>>;
}

/** One token request as it goes on the wire, built once and sent as is on every attempt. */
export interface TokenWireRequest {
  readonly url: string;
  /** Method, headers, form body and `redirect: 'manual'`; each attempt adds its own signal. */
  readonly init: Readonly<RequestInit>;
  /**
   * Every secret the request carries, for the redactor: the Basic header,
   * the passwords and secrets, the product header values, and each
   * `id:secret` pair (whose base64 a server might echo).
   */
  readonly secrets: readonly string[];
}

/**
 * Builds `POST {baseUrl}/oauth/token`: the form body (`username`,
 * `password`, `grant_type=password`, and `clientId` unless the product
 * leaves it out), the Basic header, the extra and product headers, and the
 * User-Agent. The protocol's headers are set last, whatever the case of a
 * configured name, so no extra header can replace them.
 */
export function buildTokenWireRequest(
  definition: ProductDefinition,
  settings: TokenWireSettings,
  credentials: TokenCredentials,
): TokenWireRequest {
  const { clientId, clientSecret, username, password, basicAuth } = credentials;
  const basicId = basicAuth?.id ?? clientId;
  const basicSecret = basicAuth?.secret ?? clientSecret;
  const headers = new Headers(settings.headers);
  for (const [name, value] of Object.entries(credentials.productHeaders)) {
    headers.set(name, value);
  }
  const basic = `Basic ${utf8ToBase64(`${basicId}:${basicSecret}`)}`;
  headers.set('Authorization', basic);
  headers.set('Content-Type', 'application/x-www-form-urlencoded');
  headers.set('Accept', 'application/json');
  headers.set('User-Agent', buildUserAgent(settings.product, String(definition.version)));

  const form = new URLSearchParams({ username, password, grant_type: 'password' });
  if (definition.sendsClientId !== false) {
    form.set('clientId', clientId);
  }
  const secrets = [
    basic,
    clientSecret,
    password,
    `${clientId}:${clientSecret}`,
    `${username}:${password}`,
    ...(basicAuth === undefined ? [] : [basicAuth.secret, `${basicAuth.id}:${basicAuth.secret}`]),
    ...Object.values(credentials.productHeaders),
  ];
  return {
    url: settings.tokenUrl,
    init: {
      method: 'POST',
      headers: Object.fromEntries(headers),
      body: form.toString(),
      // A redirect could carry the password to another origin: the SDK never follows one.
      redirect: 'manual',
    },
    secrets: [...new Set(secrets.filter((secret) => secret !== ''))],
  };
}
