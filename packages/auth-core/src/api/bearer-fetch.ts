import { type BearerFetchSettings, prepareBearerCall } from './bearer-request.js';
import { openResponse } from './open-response.js';

/**
 * `fetch` with `Authorization: Bearer <token>`. A 401 means EnKash no longer
 * honours the token (revoked, or expired early): it is invalidated and the
 * request is sent once more with a fresh token. A second 401 is the
 * caller's to handle. A 400 to a sealed body whose key follows a rotated
 * client secret is replayed once, sealed under the secret read anew. With a cipher, a JSON body (one sent as
 * `application/json`, or any string body that parses as JSON) travels as
 * `{"request": "<ciphertext>"}` and such a JSON response is opened. Each
 * answer has `timeoutMs` for its headers (and the body opened), else
 * `TIMEOUT`; a transport error is rethrown as a redacted copy (name, code
 * and message), the caller's own abort as it is.
 */
export function createBearerFetch(
  settings: BearerFetchSettings,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const { cipher, product, maxResponseBytes } = settings;
  return async (input, init = {}) => {
    const { signal, sealed, send, reseal } = await prepareBearerCall(settings, input, init);
    const token = await settings.getToken(signal ? { signal } : undefined);
    let answer = await send(token, false);
    if (answer.response.status === 401) {
      answer.deadline.clear();
      await answer.response.body?.cancel();
      await settings.invalidate(token.accessToken);
      answer = await send(await settings.getToken(signal ? { signal } : undefined), true);
    }
    if (
      answer.response.status === 400 &&
      sealed !== undefined &&
      cipher?.readKeyAgain !== undefined &&
      (await cipher.readKeyAgain())
    ) {
      // The client secret was rotated (another auth or process met it first): seal once more
      // under the new one and replay once, with a token of the new credentials.
      answer.deadline.clear();
      await answer.response.body?.cancel();
      await reseal();
      answer = await send(await settings.getToken(signal ? { signal } : undefined), true);
    }
    const { response, deadline } = answer;
    if (!cipher) {
      deadline.clear();
      return response;
    }
    try {
      return await openResponse(response, cipher, { product, maxResponseBytes, deadline });
    } finally {
      deadline.clear();
    }
  };
}
