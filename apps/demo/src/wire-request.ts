/** One request as the demo shows it: secrets already masked. */
export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/payouts/oauth/token`. */
  path: string;
  /** Header names in lower case, secret values masked. */
  headers: Readonly<Record<string, string>>;
  /** Fields of a form body, secret fields masked. */
  form?: Readonly<Record<string, string>>;
}
