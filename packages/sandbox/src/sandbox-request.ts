/** A request as the sandbox engine sees it, whatever transport carried it. */
export interface SandboxRequest {
  method: string;
  /** Path and query, e.g. `/payouts/oauth/token`. */
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** What the transport does with a request: answer it, never answer it, or reset the connection. */
export type SandboxReply =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'hang' }
  | { kind: 'reset' };
