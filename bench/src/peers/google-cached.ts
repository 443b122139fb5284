import { OAuth2Client } from 'google-auth-library';

/**
 * google-auth-library's cache: an `OAuth2Client` whose refresh handler fetches
 * the token once; `getAccessToken()` then answers from its credentials until
 * they near expiry.
 */
export async function createGoogleCachedClient(
  fetchToken: () => Promise<{ accessToken: string; expiresAt: number }>,
): Promise<OAuth2Client> {
  // The same one-minute margin as ours and the ten-line cache (google's default is five).
  const client = new OAuth2Client({ eagerRefreshThresholdMillis: 60_000 });
  client.refreshHandler = async () => {
    const token = await fetchToken();
    return { access_token: token.accessToken, expiry_date: token.expiresAt };
  };
  const first = await client.getAccessToken();
  if (typeof first.token !== 'string') throw new Error('google-auth-library: no token');
  return client;
}
