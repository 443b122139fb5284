import type { DemoAuthOptions, ProductEntry } from '../products.js';
import type { WireRequest } from '../wire-request.js';

/** What only the embedded sandbox can do: the steps that need it are skipped elsewhere. */
export interface SandboxControls {
  /** Lifetime of the tokens issued from now on, in whole seconds. */
  setTokenLifetime(seconds: number): void;
  /** Whether the sandbox has locked this user of the product. */
  isLocked(username: string): boolean;
  /** Consecutive failed attempts the sandbox counted for this user. */
  failedAttempts(username: string): number;
  /** Makes the next token request answer 503, a transient failure the SDK retries. */
  failNextTokenRequest(): void;
}

/** One product in one environment: how to build its auth and how to watch the wire. */
export interface Target {
  readonly product: ProductEntry;
  /** `sandbox` (embedded, demo credentials) or `real` (the caller's EnKash environment). */
  readonly kind: 'sandbox' | 'real';
  /** The base URL the auth talks to. */
  readonly baseUrl: string;
  /** Factory options, ready for `product.create`. */
  readonly options: DemoAuthOptions;
  /** Token requests that reached the wire so far (counted by the server in the sandbox). */
  tokenRequestCount(): number;
  /** Every request so far, oldest first, secrets masked. */
  requests(): WireRequest[];
  /** Present only for the embedded sandbox. */
  readonly sandbox?: SandboxControls;
}

/** The secret values among a target's options, for the output's last-line redaction. */
export function secretsOf(options: DemoAuthOptions): string[] {
  // The demo passes strings; a provider's values are never known up front.
  const secrets = [options.password, options.clientSecret].filter(
    (value): value is string => typeof value === 'string',
  );
  if (options.apiKey !== undefined) secrets.push(options.apiKey);
  if (options.cookie !== undefined) secrets.push(options.cookie);
  if (options.basicAuth !== undefined) secrets.push(options.basicAuth.secret);
  return secrets;
}
