/** The token-request peers by contender name, as the table shows them. */
export const TOKEN_REQUEST_PEERS = {
  bare: 'bare fetch + json()',
  oauth4webapi: 'oauth4webapi',
  simpleOauth2: 'simple-oauth2',
} as const;

/** A token-request peer's contender name. */
export type TokenRequestPeer = keyof typeof TOKEN_REQUEST_PEERS;
