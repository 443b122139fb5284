/** A token and when it expires, in epoch milliseconds. */
export interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * The floor: the cache anyone would write by hand in ten lines (a token, a
 * pending request, a margin before expiry). Nothing the SDK adds is here.
 */
export function createTenLineCache(fetchToken: () => Promise<CachedToken>) {
  let token: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;
  return async function getToken(): Promise<CachedToken> {
    if (token !== undefined && Date.now() < token.expiresAt - 60_000) return token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    token = await pending;
    return token;
  };
}
