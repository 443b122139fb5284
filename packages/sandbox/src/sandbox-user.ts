/**
 * An EnKash user the sandbox accepts. Spread it into a product factory's options:
 * `createPayoutsAuth({ baseUrl, ...sandbox.users.payouts })`.
 */
export interface SandboxUser {
  /** The OAuth client id; also the form body's `clientId` for every product but expense. */
  clientId: string;
  /** The OAuth client secret; with `clientId` it forms the Basic pair unless `basicAuth` is given. */
  clientSecret: string;
  /** Registered e-mail (payouts, bbps, expense) or mobile number (rewards, cards). */
  username: string;
  /** The user's password. */
  password: string;
  /** The Basic pair when it is not `clientId:clientSecret` (the cards page shows an empty pair). */
  basicAuth?: { id: string; secret: string };
  /** Expense only: when set, the `API-Key` header must carry this value. */
  apiKey?: string;
}
